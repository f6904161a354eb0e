// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of what the tool reads from the host for an event: the slab
 * cache's numbers (userspace/slabinfo.c) and the cgroup path of an id
 * (userspace/cgroup.c), on trees made in a temporary directory.
 */

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <linux/irqwatch.h>

#include "cgroup.h"
#include "slabinfo.h"

#define NS	1000000000ULL

static char dir[] = "/tmp/irqwatch-host-XXXXXX";

static const char *in_dir(const char *name)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(in_dir(name), "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void make_dir(const char *name)
{
	assert_int_equal(mkdir(in_dir(name), 0755), 0);
}

static uint64_t inode_of(const char *name)
{
	struct stat st;

	assert_int_equal(stat(in_dir(name), &st), 0);
	return st.st_ino;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	return remove(path);
}

static int setup(void **state)
{
	if (!mkdtemp(dir))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	return nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_slab_read(void **state)
{
	uint64_t objects = 1, partial = 2;

	make_dir("slab");
	make_dir("slab/dentry");
	write_file("slab/dentry/total_objects", "120000 N0=100000 N1=20000\n");
	write_file("slab/dentry/partial", "3400\n");
	assert_int_equal(irqw_slab_read(in_dir("slab"), "dentry", &objects,
					&partial), 0);
	assert_int_equal(objects, 120000);
	assert_int_equal(partial, 3400);

	/* merged caches are symbolic links to their directory */
	assert_int_equal(symlink("dentry", in_dir("slab/:a-0000192")), 0);
	assert_int_equal(irqw_slab_read(in_dir("slab"), ":a-0000192", &objects,
					&partial), 0);
	assert_int_equal(objects, 120000);

	/* the largest number there is, and 0 */
	write_file("slab/dentry/total_objects", "18446744073709551615");
	write_file("slab/dentry/partial", "0 N0=0\n");
	assert_int_equal(irqw_slab_read(in_dir("slab"), "dentry", &objects,
					&partial), 0);
	assert_int_equal(objects, UINT64_MAX);
	assert_int_equal(partial, 0);
}

static void expect_slab_error(const char *name, int err)
{
	uint64_t objects = 7, partial = 8;

	assert_int_equal(irqw_slab_read(in_dir("slab2"), name, &objects,
					&partial), err);
	assert_int_equal(objects, 7);
	assert_int_equal(partial, 8);
}

static void test_slab_errors(void **state)
{
	char long_name[IRQWATCH_CACHE_LEN_MAX + 1];

	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	make_dir("slab2");
	make_dir("slab2/c");
	make_dir("slab2/fifo");
	make_dir("slab2/dir");
	make_dir("slab2/dir/total_objects");

	/* names that could leave the directory */
	assert_false(irqw_slab_name_ok(""));
	assert_false(irqw_slab_name_ok("a/b"));
	assert_false(irqw_slab_name_ok(".."));
	assert_false(irqw_slab_name_ok("x..y"));
	assert_false(irqw_slab_name_ok(long_name));
	long_name[IRQWATCH_CACHE_LEN_MAX - 1] = '\0';
	assert_true(irqw_slab_name_ok(long_name));
	assert_true(irqw_slab_name_ok("kmalloc-rcl-96"));
	assert_true(irqw_slab_name_ok(":0000064"));
	expect_slab_error("", -EINVAL);
	expect_slab_error("../slab2/c", -EINVAL);
	expect_slab_error("c/..", -EINVAL);

	expect_slab_error("none", -ENOENT);
	expect_slab_error("c", -ENOENT);
	write_file("slab2/c/total_objects", "12\n");
	expect_slab_error("c", -ENOENT);	/* no partial */
	write_file("slab2/c/partial", "x\n");
	expect_slab_error("c", -EBADMSG);
	write_file("slab2/c/partial", "");
	expect_slab_error("c", -EBADMSG);
	write_file("slab2/c/partial", "12x\n");
	expect_slab_error("c", -EBADMSG);
	write_file("slab2/c/partial", "18446744073709551616\n");
	expect_slab_error("c", -EBADMSG);
	write_file("slab2/c/partial", " 12\n");
	expect_slab_error("c", -EBADMSG);

	/* not regular files: refused, and a FIFO without blocking */
	expect_slab_error("dir", -EINVAL);
	assert_int_equal(mkfifo(in_dir("slab2/fifo/total_objects"), 0600), 0);
	alarm(5);
	expect_slab_error("fifo", -EINVAL);
	alarm(0);
}

static void test_cgroup_paths(void **state)
{
	struct irqw_cgroups *c;
	uint64_t ids[4];
	const char *path;

	make_dir("cg");
	make_dir("cg/system.slice");
	make_dir("cg/system.slice/cron.service");
	make_dir("cg/user.slice");
	make_dir("cg/user.slice/user-1000.slice");
	write_file("cg/cgroup.procs", "");
	ids[0] = inode_of("cg");
	ids[1] = inode_of("cg/system.slice/cron.service");
	ids[2] = inode_of("cg/user.slice/user-1000.slice");
	ids[3] = inode_of("cg/cgroup.procs");

	c = irqw_cgroups_new(in_dir("cg"));
	assert_non_null(c);
	assert_string_equal(irqw_cgroup_path(c, ids[0], 0), "/");
	assert_string_equal(irqw_cgroup_path(c, ids[1], 0),
			    "/system.slice/cron.service");
	assert_string_equal(irqw_cgroup_path(c, ids[2], 0),
			    "/user.slice/user-1000.slice");
	/* from the cache, the same */
	path = irqw_cgroup_path(c, ids[1], 1);
	assert_string_equal(path, "/system.slice/cron.service");
	/* files are not cgroups; 0 is no id */
	assert_null(irqw_cgroup_path(c, ids[3], 0));
	assert_null(irqw_cgroup_path(c, 0, 0));
	irqw_cgroups_free(c);
	irqw_cgroups_free(NULL);

	/* no hierarchy there: nothing found */
	c = irqw_cgroups_new(in_dir("no-such-dir"));
	assert_non_null(c);
	assert_null(irqw_cgroup_path(c, ids[1], 0));
	irqw_cgroups_free(c);
}

/* An id not found stays not found for a while, then is looked for again. */
static void test_cgroup_miss(void **state)
{
	struct irqw_cgroups *c;
	uint64_t id;

	make_dir("cg2");
	make_dir("cg2/a");
	c = irqw_cgroups_new(in_dir("cg2"));
	assert_non_null(c);
	make_dir("cg2/a/new");
	id = inode_of("cg2/a/new");
	assert_string_equal(irqw_cgroup_path(c, id, 5 * NS), "/a/new");

	/* an id seen missing before its cgroup came */
	id = inode_of("cg2/a/new") + 1000000;
	assert_null(irqw_cgroup_path(c, id, 5 * NS));
	assert_null(irqw_cgroup_path(c, id, 5 * NS + IRQW_CGROUP_MISS_NS - 1));
	irqw_cgroups_free(c);
}

/* More ids than the cache holds: each still resolves right. */
static void test_cgroup_cache(void **state)
{
	uint64_t ids[IRQW_CGROUP_CACHE + 8];
	struct irqw_cgroups *c;
	char name[64], want[64];
	size_t i, round;

	make_dir("cg3");
	for (i = 0; i < IRQW_CGROUP_CACHE + 8; i++) {
		snprintf(name, sizeof(name), "cg3/g%zu", i);
		make_dir(name);
		ids[i] = inode_of(name);
	}
	c = irqw_cgroups_new(in_dir("cg3"));
	assert_non_null(c);
	for (round = 0; round < 2; round++)
		for (i = 0; i < IRQW_CGROUP_CACHE + 8; i++) {
			snprintf(want, sizeof(want), "/g%zu", i);
			assert_string_equal(irqw_cgroup_path(c, ids[i], 0), want);
		}
	irqw_cgroups_free(c);
}

/* Symbolic links are not followed; the walk stops at its depth. */
static void test_cgroup_bounds(void **state)
{
	char name[PATH_MAX] = "cg4";
	struct irqw_cgroups *c;
	uint64_t deep, last_ok = 0;
	unsigned int level;

	make_dir("cg4");
	make_dir("cg4/real");
	make_dir("cg4/real/child");
	assert_int_equal(symlink("real", in_dir("cg4/link")), 0);
	assert_int_equal(symlink("..", in_dir("cg4/real/up")), 0);
	for (level = 0; level < IRQW_CGROUP_DEPTH_MAX + 1; level++) {
		strcat(name, "/d");
		make_dir(name);
		if (level == IRQW_CGROUP_DEPTH_MAX - 1)
			last_ok = inode_of(name);
	}
	deep = inode_of(name);
	c = irqw_cgroups_new(in_dir("cg4"));
	assert_non_null(c);
	assert_string_equal(irqw_cgroup_path(c, inode_of("cg4/real/child"), 0),
			    "/real/child");
	assert_non_null(irqw_cgroup_path(c, last_ok, 0));
	assert_int_equal(strlen(irqw_cgroup_path(c, last_ok, 0)),
			 2 * IRQW_CGROUP_DEPTH_MAX);
	assert_null(irqw_cgroup_path(c, deep, 0));
	irqw_cgroups_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slab_read),
		cmocka_unit_test(test_slab_errors),
		cmocka_unit_test(test_cgroup_paths),
		cmocka_unit_test(test_cgroup_miss),
		cmocka_unit_test(test_cgroup_cache),
		cmocka_unit_test(test_cgroup_bounds),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
