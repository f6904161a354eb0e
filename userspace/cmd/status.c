// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <json-c/json.h>

#include "fmt.h"
#include "ipc.h"
#include "origin.h"
#include "stats_fmt.h"
#include "status.h"
#include "cli.h"
#include "units.h"

/* 32 detector bits: names and "bitNN" are at most 7 bytes, plus a separator */
#define DETECTORS_LEN	(32 * 8)


static int config_text(FILE *f, const struct irqw_config *cfg)
{
	char detectors[DETECTORS_LEN];
	int ret;

	ret = irqw_detectors_format(cfg->detectors, detectors, sizeof(detectors));
	if (ret)
		return ret;
	fprintf(f, "period %" PRIu32 " us\n", cfg->period_us);
	fprintf(f, "irqoff_threshold %" PRIu32 " us\n", cfg->irqoff_threshold_us);
	fprintf(f, "softirq_threshold %" PRIu32 " us\n", cfg->softirq_threshold_us);
	fprintf(f, "stall_threshold %" PRIu32 " us\n", cfg->stall_threshold_us);
	fprintf(f, "detectors %s\n", detectors);
	fprintf(f, "cpus %s\n", *cfg->cpus ? cfg->cpus : "none");
	fprintf(f, "ring %" PRIu32 " KiB\n", cfg->ring_kb);
	if (!cfg->has_storm)
		return 0;
	fprintf(f, "storm_interval %" PRIu32 " ms\n", cfg->storm_interval_ms);
	fprintf(f, "softirq_storm_pct %" PRIu32 "\n", cfg->softirq_storm_pct);
	fprintf(f, "hardirq_storm_rate %" PRIu32 "\n", cfg->hardirq_storm_rate);
	fprintf(f, "hardirq_storm_pct %" PRIu32 "\n", cfg->hardirq_storm_pct);
	fprintf(f, "imbalance_pct %" PRIu32 "\n", cfg->imbalance_pct);
	return 0;
}

/* The counters of CPU id in stats; NULL if there are none. */
static const struct irqw_cpu_stats *cpu_stats(const struct irqw_stats *stats,
					      uint32_t id)
{
	size_t i;

	for (i = 0; stats && i < stats->nr_cpus; i++)
		if (stats->cpus[i].id == id)
			return &stats->cpus[i];
	return NULL;
}

static int print_text(FILE *f, const struct irqw_status *st,
		      const struct irqw_stats *stats, uint64_t now_ns)
{
	const struct irqw_cpu_stats *c;
	size_t i;
	int ret;

	fprintf(f, "version %s\n", st->version);
	fprintf(f, "kernel %s\n", st->kernel);
	if (st->has_load_id)
		fprintf(f, "load_id %016" PRIx64 "\n", st->load_id);
	ret = config_text(f, &st->config);
	if (!ret && stats)
		ret = irqw_storms_text(f, stats, now_ns);
	if (ret)
		return ret;
	for (i = 0; i < st->nr_cpus; i++) {
		fprintf(f, "cpu%" PRIu32 " %s %s\n", st->cpus[i].id,
			st->cpus[i].online ? "online" : "offline",
			st->cpus[i].monitored ? "monitored" : "unmonitored");
		c = cpu_stats(stats, st->cpus[i].id);
		if (c) {
			irqw_irqoff_text(f, c);
			irqw_softirqoff_text(f, c);
			irqw_softirq_text(f, c);
		}
	}
	return stats ? irqw_readers_text(f, stats, now_ns) : 0;
}

/* Adds the members of status's "config" object to obj. */
static int config_json(struct json_object *obj, const struct irqw_config *cfg)
{
	char buf[DETECTORS_LEN], *name, *save;
	struct json_object *detectors;
	int ret;

	ret = irqw_detectors_format(cfg->detectors, buf, sizeof(buf));
	if (ret)
		return ret;
	if (irqw_json_put(obj, "period_us", json_object_new_int64(cfg->period_us)) ||
	    irqw_json_put(obj, "irqoff_threshold_us",
		json_object_new_int64(cfg->irqoff_threshold_us)) ||
	    irqw_json_put(obj, "softirq_threshold_us",
		json_object_new_int64(cfg->softirq_threshold_us)) ||
	    irqw_json_put(obj, "stall_threshold_us",
		json_object_new_int64(cfg->stall_threshold_us)))
		return -ENOMEM;
	detectors = json_object_new_array();
	if (irqw_json_put(obj, "detectors", detectors))
		return -ENOMEM;
	/* the names exactly as the text output has them; 0 is "none" */
	if (cfg->detectors)
		for (name = strtok_r(buf, ",", &save); name;
		     name = strtok_r(NULL, ",", &save))
			if (irqw_json_append(detectors, json_object_new_string(name)))
				return -ENOMEM;
	if (irqw_json_put(obj, "cpus", json_object_new_string(cfg->cpus)))
		return -ENOMEM;
	if (irqw_json_put(obj, "ring_kb", json_object_new_int64(cfg->ring_kb)))
		return -ENOMEM;
	if (cfg->has_storm &&
	    (irqw_json_put_u64(obj, "storm_interval_ms", cfg->storm_interval_ms) ||
	     irqw_json_put_u64(obj, "softirq_storm_pct", cfg->softirq_storm_pct) ||
	     irqw_json_put_u64(obj, "hardirq_storm_rate", cfg->hardirq_storm_rate) ||
	     irqw_json_put_u64(obj, "hardirq_storm_pct", cfg->hardirq_storm_pct) ||
	     irqw_json_put_u64(obj, "imbalance_pct", cfg->imbalance_pct)))
		return -ENOMEM;
	return 0;
}

static int cpus_json(struct json_object *root, const struct irqw_status *st,
		     const struct irqw_stats *stats)
{
	const struct irqw_cpu_stats *c;
	struct json_object *cpus, *cpu;
	size_t i;

	cpus = json_object_new_array();
	if (irqw_json_put(root, "cpus", cpus))
		return -ENOMEM;
	for (i = 0; i < st->nr_cpus; i++) {
		cpu = json_object_new_object();
		if (irqw_json_append(cpus, cpu) ||
		    irqw_json_put(cpu, "cpu", json_object_new_int64(st->cpus[i].id)) ||
		    irqw_json_put(cpu, "online",
			json_object_new_boolean(st->cpus[i].online)) ||
		    irqw_json_put(cpu, "monitored",
			json_object_new_boolean(st->cpus[i].monitored)))
			return -ENOMEM;
		c = cpu_stats(stats, st->cpus[i].id);
		if (c && (irqw_irqoff_json(cpu, c) ||
			  irqw_softirqoff_json(cpu, c) ||
			  irqw_softirq_json(cpu, c)))
			return -ENOMEM;
	}
	if (stats && irqw_storms_json(root, stats))
		return -ENOMEM;
	return stats ? irqw_readers_json(root, stats) : 0;
}

static int print_json(FILE *f, const struct irqw_status *st,
		      const struct irqw_stats *stats)
{
	struct json_object *root, *cfg;
	char id[IRQW_LOAD_ID_LEN];
	int ret = -ENOMEM;

	root = cli_json_root();
	if (!root)
		return -ENOMEM;
	if (irqw_json_put(root, "version", json_object_new_string(st->version)) ||
	    irqw_json_put(root, "kernel", json_object_new_string(st->kernel)))
		goto cleanup;
	irqw_load_id_format(st->load_id, id);
	if (st->has_load_id && irqw_json_put_string(root, "load_id", id))
		goto cleanup;
	cfg = json_object_new_object();
	if (irqw_json_put(root, "config", cfg))
		goto cleanup;
	ret = config_json(cfg, &st->config);
	if (ret)
		goto cleanup;
	ret = cpus_json(root, st, stats);
	if (ret)
		goto cleanup;
	ret = cli_print_json(f, root);

cleanup:
	json_object_put(root);
	return ret;
}

int status_print(FILE *f, const struct irqw_status *st,
		 const struct irqw_stats *stats, uint64_t now_ns, bool json)
{
	return json ? print_json(f, st, stats) :
		      print_text(f, st, stats, now_ns);
}

int status_print_config(FILE *f, const struct irqw_config *cfg, bool json)
{
	struct json_object *obj;
	int ret;

	if (!json)
		return config_text(f, cfg);
	obj = cli_json_root();
	if (!obj)
		return -ENOMEM;
	ret = config_json(obj, cfg);
	if (!ret)
		ret = cli_print_json(f, obj);
	json_object_put(obj);
	return ret;
}

static const char status_summary[] = "Show the module's version, configuration and CPUs";
static const char status_usage[] =
	"Usage: " PROG_NAME " status [-j|--json] [-p|--pretty]\n"
	"Shows the module's version, the kernel, the configuration, the\n"
	"tracepoints, storms going on and the last imbalance check, every\n"
	"CPU with its interrupts-off, bottom-halves-off and softirq counters,\n"
	"and the slab readers.\n";

static int status_main(int argc, char *argv[])
{
	struct irqw_status st;
	struct irqw_stats stats;
	bool has_stats;
	int ret;

	ret = cli_parse(&cmd_status, argc, argv, false);
	if (ret >= 0)
		return ret;

	ret = irqw_get_status(&st);
	if (ret)
		return cli_error("%s", irqw_strerror_read(ret));
	/*
	 * A module without GET_STATS has no counters to show, and a caller
	 * with CAP_NET_ADMIN only may not see them (they name readers' tasks).
	 */
	ret = irqw_get_stats(&stats);
	if (ret && ret != -EOPNOTSUPP && ret != -EPERM) {
		irqw_status_free(&st);
		return cli_error("%s", irqw_strerror(ret));
	}
	has_stats = !ret;
	ret = status_print(stdout, &st, has_stats ? &stats : NULL,
			   irqw_mono_ns(), cli_json);
	irqw_status_free(&st);
	if (has_stats)
		irqw_stats_free(&stats);
	return ret ? cli_error("%s", strerror(-ret)) : IRQW_EXIT_OK;
}

const struct cmd cmd_status = { "status", status_main, status_summary, status_usage };
