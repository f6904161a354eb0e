// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the privilege drop (userspace/privs.c), each in a child
 * process so that the test runner keeps its own. Dropping needs something
 * to drop: as non-root the tests that switch users are skipped.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "privs.h"

/* Exit codes of the child: 0 fine, else the number of the failed check. */
static int run_child(int (*child)(void *), void *arg)
{
	int status;
	pid_t pid;

	pid = fork();
	assert_true(pid >= 0);
	if (!pid)
		_exit(child(arg));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Whether no capability is in the effective, permitted or inheritable set. */
static bool no_caps(void)
{
	cap_t caps = cap_get_proc(), none = cap_init();
	bool empty = caps && none && !cap_compare(caps, none);

	cap_free(caps);
	cap_free(none);
	return empty;
}

static bool bounding_empty(void)
{
	cap_value_t cap;

	for (cap = 0; cap < (cap_value_t)cap_max_bits(); cap++)
		if (cap_get_bound(cap) == 1)
			return false;
	return true;
}

static int drop_child(void *arg)
{
	const struct irqw_user *user = arg;
	bool could_setpcap;
	cap_flag_value_t v = CAP_CLEAR;
	const char *step = NULL;
	cap_t caps;

	caps = cap_get_proc();
	cap_get_flag(caps, CAP_SETPCAP, CAP_EFFECTIVE, &v);
	cap_free(caps);
	could_setpcap = v == CAP_SET;
	if (irqw_drop_privileges(user, &step))
		return 1;
	if (!no_caps())
		return 2;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return 3;
	if (could_setpcap && !bounding_empty())
		return 4;
	if (user && (getuid() != user->uid || geteuid() != user->uid ||
		     getgid() != user->gid || getegid() != user->gid))
		return 5;
	/* no way back */
	if (user && user->uid && (!setuid(0) || !seteuid(0)))
		return 6;
	return 0;
}

static void test_drop(void **state)
{
	assert_int_equal(run_child(drop_child, NULL), 0);
}

static void test_drop_to_user(void **state)
{
	struct irqw_user user;

	if (geteuid())
		skip();
	assert_int_equal(irqw_user_lookup("nobody", &user), 0);
	assert_string_equal(user.name, "nobody");
	assert_int_not_equal(user.uid, 0);
	assert_int_equal(run_child(drop_child, &user), 0);
	irqw_user_free(&user);
	assert_null(user.name);
}

static int switch_fails_child(void *arg)
{
	const struct irqw_user *user = arg;
	const char *step = NULL;
	int ret;

	if (!geteuid() && setuid(65534))
		return 10;
	ret = irqw_drop_privileges(user, &step);
	if (ret != -EPERM)
		return 1;
	return strcmp(step, "switch user") ? 2 : 0;
}

/* Without privilege there is no switching to another user. */
static void test_switch_unprivileged(void **state)
{
	struct irqw_user user = { .uid = 1, .gid = 1, .name = "daemon" };

	assert_int_equal(run_child(switch_fails_child, &user), 0);
}

static void test_lookup(void **state)
{
	struct irqw_user user = { .uid = 77 };

	assert_int_equal(irqw_user_lookup("no-such-user-irqwatch", &user), -ENOENT);
	assert_int_equal(user.uid, 77);
	assert_int_equal(irqw_user_lookup("root", &user), 0);
	assert_int_equal(user.uid, 0);
	assert_int_equal(user.gid, 0);
	irqw_user_free(&user);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drop),
		cmocka_unit_test(test_drop_to_user),
		cmocka_unit_test(test_switch_unprivileged),
		cmocka_unit_test(test_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
