/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The path of a cgroup v2 from its id, which is the inode number of its
 * directory in cgroupfs: found by a bounded walk of the hierarchy, and
 * remembered in a small cache.
 */
#ifndef IRQW_CGROUP_H
#define IRQW_CGROUP_H

#include <stdint.h>

#define IRQW_CGROUP_ROOT	"/sys/fs/cgroup"
#define IRQW_CGROUP_CACHE	64	/* ids remembered */
#define IRQW_CGROUP_WALK_MAX	4096	/* directories one walk reads at most */
#define IRQW_CGROUP_DEPTH_MAX	32	/* levels below the root */
/* how long an id that was not found stays not found */
#define IRQW_CGROUP_MISS_NS	(10ULL * 1000000000ULL)

struct irqw_cgroups;

/*
 * A resolver for the hierarchy mounted at root; for NULL, the cgroup v2
 * hierarchy at IRQW_CGROUP_ROOT, or at its "unified" directory on a
 * hybrid host (none on a host without one: every lookup fails). NULL if out
 * of memory.
 */
struct irqw_cgroups *irqw_cgroups_new(const char *root);

/*
 * The path of cgroup id below the root ("/" for the root itself,
 * "/system.slice/cron.service"), valid until the next call; NULL if it is
 * not found within the walk's bounds, or was not found less than
 * IRQW_CGROUP_MISS_NS ago (now_ns, CLOCK_MONOTONIC).
 */
const char *irqw_cgroup_path(struct irqw_cgroups *c, uint64_t id,
			     uint64_t now_ns);

/* NULL is fine. */
void irqw_cgroups_free(struct irqw_cgroups *c);

#endif /* IRQW_CGROUP_H */
