// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of userspace/enrich.c: which events get the slab numbers, the
 * bounded wait for them and the reader thread. The slab files are played
 * by the irqw_slab_read() below, linked instead of userspace/slabinfo.c,
 * which can be slow or fail on request.
 */

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <linux/irqwatch.h>

#include "enrich.h"
#include "slabinfo.h"

static struct {
	pthread_mutex_t lock;
	unsigned int calls;
	unsigned int delay_ms;
	int ret;
	char last[IRQWATCH_CACHE_LEN_MAX];
	char root[64];
} fake = { .lock = PTHREAD_MUTEX_INITIALIZER };

bool irqw_slab_name_ok(const char *name)
{
	return *name && !strchr(name, '/') && !strstr(name, "..");
}

int irqw_slab_read(const char *root, const char *name, uint64_t *objects,
		   uint64_t *partial)
{
	struct timespec ts;
	unsigned int delay;
	int ret;

	pthread_mutex_lock(&fake.lock);
	fake.calls++;
	snprintf(fake.last, sizeof(fake.last), "%s", name);
	snprintf(fake.root, sizeof(fake.root), "%s", root);
	delay = fake.delay_ms;
	ret = fake.ret;
	pthread_mutex_unlock(&fake.lock);
	ts.tv_sec = delay / 1000;
	ts.tv_nsec = (long)(delay % 1000) * 1000000;
	nanosleep(&ts, NULL);
	if (ret)
		return ret;
	*objects = 1000 + strlen(name);
	*partial = 10 + strlen(name);
	return 0;
}

static unsigned int calls(void)
{
	unsigned int n;

	pthread_mutex_lock(&fake.lock);
	n = fake.calls;
	pthread_mutex_unlock(&fake.lock);
	return n;
}

static void set_fake(unsigned int delay_ms, int ret)
{
	pthread_mutex_lock(&fake.lock);
	fake.calls = 0;
	fake.delay_ms = delay_ms;
	fake.ret = ret;
	pthread_mutex_unlock(&fake.lock);
}

static uint64_t ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static struct irqw_event stall_event(const char *cache, uint32_t tgid)
{
	return (struct irqw_event){
		.has = IRQW_EV_DURATION | IRQW_EV_TASK,
		.seq = 1,
		.type = IRQWATCH_EVENT_STALL,
		.task = { .pid = tgid, .tgid = tgid, .comm = "cat" },
		.probe = "get_slabinfo",
		.cache = cache,
	};
}

static void test_slab_numbers(void **state)
{
	struct irqw_enrich_opts o = { .slab_root = "/fake/slab",
				      .cgroup_root = "/nonexistent" };
	struct irqw_event ev = stall_event("dentry", 1);
	struct irqw_enrich *e;
	struct irqw_extra x;

	set_fake(0, 0);
	e = irqw_enrich_new(&o);
	assert_non_null(e);
	irqw_enrich_event(e, &ev, &x);
	assert_true(x.has_slab);
	assert_int_equal(x.slab_objects, 1006);
	assert_int_equal(x.slab_partial, 16);
	assert_null(x.cgroup);
	assert_int_equal(calls(), 1);
	assert_string_equal(fake.last, "dentry");
	assert_string_equal(fake.root, "/fake/slab");

	/* one read per event */
	ev.cache = "kmalloc-64";
	irqw_enrich_event(e, &ev, &x);
	assert_true(x.has_slab);
	assert_int_equal(x.slab_objects, 1010);
	assert_int_equal(calls(), 2);

	/* a failed read: nothing */
	set_fake(0, -ENOENT);
	irqw_enrich_event(e, &ev, &x);
	assert_false(x.has_slab);
	assert_int_equal(calls(), 1);
	irqw_enrich_free(e);
	irqw_enrich_free(NULL);
}

/* Events that get no read: the switch, the tool's own reads, the others. */
static void test_no_read(void **state)
{
	struct irqw_enrich_opts o = { .no_slab_info = true };
	struct irqw_event ev = stall_event("dentry", 1);
	struct irqw_enrich *e;
	struct irqw_extra x;

	set_fake(0, 0);
	e = irqw_enrich_new(&o);
	assert_non_null(e);
	irqw_enrich_event(e, &ev, &x);
	assert_false(x.has_slab);
	irqw_enrich_free(e);

	o.no_slab_info = false;
	e = irqw_enrich_new(&o);
	assert_non_null(e);
	ev = stall_event("dentry", (uint32_t)getpid());
	irqw_enrich_event(e, &ev, &x);
	assert_false(x.has_slab);
	ev = stall_event(NULL, 1);
	irqw_enrich_event(e, &ev, &x);
	assert_false(x.has_slab);
	ev = stall_event("../../etc", 1);
	irqw_enrich_event(e, &ev, &x);
	assert_false(x.has_slab);
	ev = stall_event("dentry", 1);
	ev.type = IRQWATCH_EVENT_IRQOFF;
	irqw_enrich_event(e, &ev, &x);
	assert_false(x.has_slab);
	assert_int_equal(calls(), 0);
	irqw_enrich_free(e);
}

/* A slow read is waited for a bounded time; while it runs, none waits. */
static void test_slow_read(void **state)
{
	struct irqw_enrich_opts o = { .wait_ms = 20 };
	struct irqw_event ev = stall_event("dentry", 1);
	struct irqw_enrich *e;
	struct irqw_extra x;
	uint64_t start;

	set_fake(400, 0);
	e = irqw_enrich_new(&o);
	assert_non_null(e);
	start = ms_now();
	irqw_enrich_event(e, &ev, &x);
	assert_false(x.has_slab);
	assert_true(ms_now() - start >= 20);
	assert_true(ms_now() - start < 300);

	/* still reading: no second read, no wait */
	start = ms_now();
	irqw_enrich_event(e, &ev, &x);
	assert_false(x.has_slab);
	assert_true(ms_now() - start < 15);
	assert_int_equal(calls(), 1);

	/* done: the next event reads again */
	sleep_ms(500);
	pthread_mutex_lock(&fake.lock);
	fake.delay_ms = 0;
	pthread_mutex_unlock(&fake.lock);
	irqw_enrich_event(e, &ev, &x);
	assert_true(x.has_slab);
	assert_int_equal(calls(), 2);

	/* freed while a read runs: it is waited for */
	pthread_mutex_lock(&fake.lock);
	fake.delay_ms = 100;
	pthread_mutex_unlock(&fake.lock);
	irqw_enrich_event(e, &ev, &x);
	assert_false(x.has_slab);
	irqw_enrich_free(e);
	assert_int_equal(calls(), 3);
}

static char dir[] = "/tmp/irqwatch-enrich-XXXXXX";

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	return remove(path);
}

static void test_cgroup(void **state)
{
	struct irqw_enrich_opts o = { .no_slab_info = true };
	struct irqw_event ev = stall_event("dentry", 1);
	char path[sizeof(dir) + 32];
	struct irqw_enrich *e;
	struct irqw_extra x;
	struct stat st;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/app.slice", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(stat(path, &st), 0);
	o.cgroup_root = dir;
	e = irqw_enrich_new(&o);
	assert_non_null(e);
	irqw_enrich_event(e, &ev, &x);
	assert_null(x.cgroup);
	ev.task.has_cgroup_id = true;
	ev.task.cgroup_id = st.st_ino;
	irqw_enrich_event(e, &ev, &x);
	assert_string_equal(x.cgroup, "/app.slice");
	/* any event's task */
	ev.type = IRQWATCH_EVENT_IRQOFF;
	irqw_enrich_event(e, &ev, &x);
	assert_string_equal(x.cgroup, "/app.slice");
	ev.has &= ~IRQW_EV_TASK;
	irqw_enrich_event(e, &ev, &x);
	assert_null(x.cgroup);
	irqw_enrich_free(e);
	assert_int_equal(nftw(dir, remove_one, 4, FTW_DEPTH | FTW_PHYS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slab_numbers),
		cmocka_unit_test(test_no_read),
		cmocka_unit_test(test_slow_read),
		cmocka_unit_test(test_cgroup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
