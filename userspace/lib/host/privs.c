// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "privs.h"

int irqw_user_lookup(const char *name, struct irqw_user *user)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwnam(name);
	if (!pw)
		return errno && errno != ENOENT && errno != ESRCH ? -errno : -ENOENT;
	user->name = strdup(pw->pw_name);
	if (!user->name)
		return -ENOMEM;
	user->uid = pw->pw_uid;
	user->gid = pw->pw_gid;
	return 0;
}

void irqw_user_free(struct irqw_user *user)
{
	free(user->name);
	memset(user, 0, sizeof(*user));
}

/* Only with CAP_SETPCAP in the effective set; it must come before the rest. */
static int clear_bounding_set(void)
{
	cap_flag_value_t setpcap = CAP_CLEAR;
	cap_value_t cap;
	cap_t caps;

	caps = cap_get_proc();
	if (!caps)
		return -errno;
	cap_get_flag(caps, CAP_SETPCAP, CAP_EFFECTIVE, &setpcap);
	cap_free(caps);
	if (setpcap != CAP_SET)
		return 0;
	for (cap = 0; cap < (cap_value_t)cap_max_bits(); cap++)
		if (cap_drop_bound(cap) && errno != EINVAL)
			return -errno;
	return 0;
}

static int switch_user(const struct irqw_user *user)
{
	if (initgroups(user->name, user->gid) || setgid(user->gid) ||
	    setuid(user->uid))
		return -errno;
	/* the saved ids went too: there is no way back */
	if ((user->gid && !setegid(0)) || (user->uid && !seteuid(0)))
		return -EPERM;
	return 0;
}

static int clear_sets(void)
{
	cap_t caps;
	int ret = 0;

	caps = cap_init();	/* every flag of every capability clear */
	if (!caps)
		return -errno;
	if (cap_set_proc(caps))
		ret = -errno;
	cap_free(caps);
	return ret;
}

int irqw_drop_privileges(const struct irqw_user *user, const char **step)
{
	int ret;

	*step = "clear the capability bounding set";
	ret = clear_bounding_set();
	if (ret)
		return ret;
	if (user) {
		*step = "switch user";
		ret = switch_user(user);
		if (ret)
			return ret;
	}
	*step = "drop capabilities";
	ret = clear_sets();
	if (ret)
		return ret;
	*step = "set no_new_privs";
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	return 0;
}
