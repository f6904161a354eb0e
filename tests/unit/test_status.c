// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Unit tests of the output of "irqwatch status" (userspace/status.c). */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "status.h"

static struct irqw_cpu cpus[] = {
	{ .id = 0, .online = true, .monitored = true },
	{ .id = 1, .online = true, .monitored = false },
	{ .id = 2, .online = false, .monitored = false },
};

static const struct irqw_status status = {
	.version = "0.1.0",
	.kernel = "6.1.0-28-amd64",
	.config = {
		.period_us = 1000,
		.irqoff_threshold_us = 10000,
		.softirq_threshold_us = 20000,
		.stall_threshold_us = 4294967295u,
		.detectors = 0xf,
		.cpus = "0,2",
		.ring_kb = 64,
	},
	.nr_cpus = 3,
	.cpus = cpus,
};

/* The output of status_print(); free() it. */
static char *print(const struct irqw_status *st, bool json)
{
	size_t size;
	char *out;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(status_print(f, st, NULL, 0, json), 0);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void test_text(void **state)
{
	struct irqw_status st = status;
	char *out;

	out = print(&st, false);
	assert_string_equal(out,
		"version 0.1.0\n"
		"kernel 6.1.0-28-amd64\n"
		"period 1000 us\n"
		"irqoff_threshold 10000 us\n"
		"softirq_threshold 20000 us\n"
		"stall_threshold 4294967295 us\n"
		"detectors irqoff,softirq,storm,stall\n"
		"cpus 0,2\n"
		"ring 64 KiB\n"
		"cpu0 online monitored\n"
		"cpu1 online unmonitored\n"
		"cpu2 offline unmonitored\n");
	free(out);

	st.has_load_id = true;
	st.load_id = 0x5c0ffee1d2e3f405ULL;
	out = print(&st, false);
	assert_non_null(strstr(out, "\nkernel 6.1.0-28-amd64\nload_id 5c0ffee1d2e3f405\n"));
	free(out);
	out = print(&st, true);
	assert_non_null(strstr(out, "\"kernel\":\"6.1.0-28-amd64\",\"load_id\":\"5c0ffee1d2e3f405\","));
	free(out);
	st.has_load_id = false;

	st.config.detectors = 0;
	st.config.cpus = "";
	st.nr_cpus = 0;
	out = print(&st, false);
	assert_non_null(strstr(out, "\ndetectors none\ncpus none\n"));
	assert_null(strstr(out, "\ncpu0"));
	free(out);

	st.config.detectors = 0x22;
	out = print(&st, false);
	assert_non_null(strstr(out, "\ndetectors softirq,bit5\n"));
	free(out);
}

static struct json_object *get(struct json_object *obj, const char *key,
			       json_type type)
{
	struct json_object *val;

	if (!json_object_object_get_ex(obj, key, &val))
		fail_msg("no key \"%s\"", key);
	if (!json_object_is_type(val, type))
		fail_msg("\"%s\" is a %s", key, json_type_to_name(type));
	return val;
}

static const char *get_string(struct json_object *obj, const char *key)
{
	return json_object_get_string(get(obj, key, json_type_string));
}

static int64_t get_int(struct json_object *obj, const char *key)
{
	return json_object_get_int64(get(obj, key, json_type_int));
}

static bool get_bool(struct json_object *obj, const char *key)
{
	return json_object_get_boolean(get(obj, key, json_type_boolean));
}

static size_t get_length(struct json_object *obj, const char *key)
{
	return json_object_array_length(get(obj, key, json_type_array));
}

static void test_json(void **state)
{
	static const char *const detectors[] = {
		"irqoff", "softirq", "storm", "stall",
	};
	struct json_object *root, *cfg, *arr, *cpu;
	struct irqw_status st = status;
	char *out;
	size_t i;

	out = print(&st, true);
	/* one object on one line */
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	root = json_tokener_parse(out);
	assert_non_null(root);
	assert_int_equal(json_object_object_length(root), 5);
	assert_int_equal(json_object_get_int(get(root, "schema", json_type_int)), 1);
	assert_string_equal(get_string(root, "version"), "0.1.0");
	assert_string_equal(get_string(root, "kernel"), "6.1.0-28-amd64");

	cfg = get(root, "config", json_type_object);
	assert_int_equal(json_object_object_length(cfg), 7);
	assert_int_equal(get_int(cfg, "period_us"), 1000);
	assert_int_equal(get_int(cfg, "irqoff_threshold_us"), 10000);
	assert_int_equal(get_int(cfg, "softirq_threshold_us"), 20000);
	assert_int_equal(get_int(cfg, "stall_threshold_us"), 4294967295);
	assert_string_equal(get_string(cfg, "cpus"), "0,2");
	assert_int_equal(get_int(cfg, "ring_kb"), 64);
	arr = get(cfg, "detectors", json_type_array);
	assert_int_equal(json_object_array_length(arr), 4);
	for (i = 0; i < 4; i++)
		assert_string_equal(json_object_get_string(
			json_object_array_get_idx(arr, i)), detectors[i]);

	arr = get(root, "cpus", json_type_array);
	assert_int_equal(json_object_array_length(arr), 3);
	for (i = 0; i < 3; i++) {
		cpu = json_object_array_get_idx(arr, i);
		assert_int_equal(json_object_object_length(cpu), 3);
		assert_int_equal(get_int(cpu, "cpu"), cpus[i].id);
		assert_int_equal(get_bool(cpu, "online"), cpus[i].online);
		assert_int_equal(get_bool(cpu, "monitored"), cpus[i].monitored);
	}
	json_object_put(root);
	free(out);

	st.config.detectors = 0;
	st.nr_cpus = 0;
	out = print(&st, true);
	root = json_tokener_parse(out);
	assert_non_null(root);
	cfg = get(root, "config", json_type_object);
	assert_int_equal(get_length(cfg, "detectors"), 0);
	assert_int_equal(get_length(root, "cpus"), 0);
	json_object_put(root);
	free(out);
}

/* The output of status_print_config(); free() it. */
static char *print_config(const struct irqw_config *cfg, bool json)
{
	size_t size;
	char *out;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	assert_int_equal(status_print_config(f, cfg, json), 0);
	assert_int_equal(fclose(f), 0);
	return out;
}

/* "irqwatch config" prints what "irqwatch status" does for the configuration. */
static void test_config(void **state)
{
	struct irqw_config cfg = status.config;
	char *out, *full, *start, *end;
	struct json_object *root, *member;

	out = print_config(&cfg, false);
	assert_string_equal(out,
		"period 1000 us\n"
		"irqoff_threshold 10000 us\n"
		"softirq_threshold 20000 us\n"
		"stall_threshold 4294967295 us\n"
		"detectors irqoff,softirq,storm,stall\n"
		"cpus 0,2\n"
		"ring 64 KiB\n");
	full = print(&status, false);
	assert_non_null(strstr(full, out));
	free(full);
	free(out);

	cfg.detectors = 0;
	cfg.cpus = "";
	out = print_config(&cfg, false);
	assert_non_null(strstr(out, "\ndetectors none\ncpus none\n"));
	free(out);

	/*
	 * status's "config" member after the schema version, on one line:
	 * {"schema":1, then the members of status's "config"
	 */
	out = print_config(&status.config, true);
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	assert_memory_equal(out, "{\"schema\":1,", strlen("{\"schema\":1,"));
	full = print(&status, true);
	start = strstr(full, "\"config\":{");
	assert_non_null(start);
	start += strlen("\"config\":{");
	end = strchr(start, '}');
	assert_non_null(end);
	assert_int_equal(strlen(out) - 1 - strlen("{\"schema\":1,"), end + 1 - start);
	assert_memory_equal(out + strlen("{\"schema\":1,"), start,
			    end + 1 - start);
	root = json_tokener_parse(out);
	assert_non_null(root);
	assert_int_equal(json_object_object_length(root), 8);
	assert_int_equal(get_int(root, "period_us"), 1000);
	assert_int_equal(get_int(root, "ring_kb"), 64);
	member = get(root, "detectors", json_type_array);
	assert_int_equal(json_object_array_length(member), 4);
	json_object_put(root);
	free(full);
	free(out);
}

static void test_json_escaping(void **state)
{
	struct irqw_status st = status;
	struct json_object *root;
	char *out;

	st.kernel = "6.1/\"rt\"\n";
	out = print(&st, true);
	/* quotes and controls escaped, '/' not */
	assert_non_null(strstr(out, "\"kernel\":\"6.1/\\\"rt\\\"\\n\""));
	root = json_tokener_parse(out);
	assert_non_null(root);
	assert_string_equal(get_string(root, "kernel"), st.kernel);
	json_object_put(root);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
