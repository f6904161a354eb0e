/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Giving up privilege once subscribed: a subscribed socket needs none to
 * receive. Each call returns 0 or a negative errno and never prints.
 */
#ifndef IRQW_PRIVS_H
#define IRQW_PRIVS_H

#include <sys/types.h>

struct irqw_user {
	uid_t uid;
	gid_t gid;
	char *name;
};

/* Looks up a user by name: 0, -ENOENT if there is none, or an errno. */
int irqw_user_lookup(const char *name, struct irqw_user *user);
void irqw_user_free(struct irqw_user *user);

/*
 * Drops every capability and switches to user (NULL: stays who it is):
 *  1. clears the bounding set, if CAP_SETPCAP allows (else leaves it);
 *  2. initgroups(), setgid(), setuid() to user, and checks that the old
 *     ids cannot be taken back;
 *  3. clears the effective, permitted and inheritable sets (libcap), which
 *     also empties the ambient set;
 *  4. sets PR_SET_NO_NEW_PRIVS.
 * On error *step names the step that failed.
 */
int irqw_drop_privileges(const struct irqw_user *user, const char **step);

#endif /* IRQW_PRIVS_H */
