// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * readdir() of cgroupfs gives each directory's inode number in d_ino, so a
 * walk needs no stat() per cgroup. Ids are not reused while the system
 * runs, so a found path stays right unless the cgroup is removed, when no
 * task is in it any more to be reported.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cgroup.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC	0x63677270
#endif

struct entry {
	uint64_t id;		/* 0: unused */
	char *path;		/* NULL: not found at miss_ns */
	uint64_t miss_ns;
};

struct irqw_cgroups {
	char *root;		/* NULL: no hierarchy to look in */
	struct entry cache[IRQW_CGROUP_CACHE];
	unsigned int next;	/* the entry replaced next, round robin */
};

/* A directory still to read: its path below the root and its depth. */
struct pending {
	char *rel;
	unsigned int depth;
};

static bool is_cgroup2(const char *path)
{
	struct statfs sfs;

	return !statfs(path, &sfs) && sfs.f_type == CGROUP2_SUPER_MAGIC;
}

struct irqw_cgroups *irqw_cgroups_new(const char *root)
{
	struct irqw_cgroups *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (!root) {
		if (is_cgroup2(IRQW_CGROUP_ROOT))
			root = IRQW_CGROUP_ROOT;
		else if (is_cgroup2(IRQW_CGROUP_ROOT "/unified"))
			root = IRQW_CGROUP_ROOT "/unified";
	}
	if (root) {
		c->root = strdup(root);
		if (!c->root) {
			free(c);
			return NULL;
		}
	}
	return c;
}

void irqw_cgroups_free(struct irqw_cgroups *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < IRQW_CGROUP_CACHE; i++)
		free(c->cache[i].path);
	free(c->root);
	free(c);
}

/* rel + "/" + name, malloc()ed; NULL if too long or out of memory. */
static char *join(const char *rel, const char *name)
{
	char *path;

	if (asprintf(&path, "%s/%s", rel, name) < 0)
		return NULL;
	if (strlen(path) >= PATH_MAX) {
		free(path);
		return NULL;
	}
	return path;
}

/* Directories only: symbolic links would lead out of the tree, or round. */
static bool is_dir(DIR *dp, const struct dirent *d)
{
	struct stat st;

	if (d->d_type != DT_UNKNOWN)
		return d->d_type == DT_DIR;
	return !fstatat(dirfd(dp), d->d_name, &st, AT_SYMLINK_NOFOLLOW) &&
	       S_ISDIR(st.st_mode);
}

/*
 * Reads one directory: returns the path of the child whose inode is id, or
 * queues the child directories on todo (up to its room).
 */
static char *scan(const char *root, const struct pending *dir, uint64_t id,
		  struct pending *todo, size_t *nr, size_t room)
{
	char full[PATH_MAX];
	struct dirent *d;
	char *found = NULL, *child;
	DIR *dp;
	int n;

	n = snprintf(full, sizeof(full), "%s%s", root, dir->rel);
	if (n < 0 || (size_t)n >= sizeof(full))
		return NULL;
	dp = opendir(full);
	if (!dp)
		return NULL;
	while (!found && (d = readdir(dp))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..") ||
		    !is_dir(dp, d))
			continue;
		if ((uint64_t)d->d_ino == id) {
			found = join(dir->rel, d->d_name);
			break;
		}
		if (dir->depth + 1 >= IRQW_CGROUP_DEPTH_MAX || *nr >= room)
			continue;
		child = join(dir->rel, d->d_name);
		if (child)
			todo[(*nr)++] = (struct pending){ child, dir->depth + 1 };
	}
	closedir(dp);
	return found;
}

/* Breadth first, IRQW_CGROUP_WALK_MAX directories at most. */
static char *walk(const char *root, uint64_t id)
{
	struct pending *todo;
	size_t head = 0, nr = 0, i;
	struct stat st;
	char *found = NULL;

	if (stat(root, &st) || !S_ISDIR(st.st_mode))
		return NULL;
	if ((uint64_t)st.st_ino == id)
		return strdup("/");
	todo = calloc(IRQW_CGROUP_WALK_MAX, sizeof(*todo));
	if (!todo)
		return NULL;
	todo[nr++] = (struct pending){ strdup(""), 0 };
	for (; head < nr && !found; head++)
		if (todo[head].rel)
			found = scan(root, &todo[head], id, todo, &nr,
				     IRQW_CGROUP_WALK_MAX);
	for (i = 0; i < nr; i++)
		free(todo[i].rel);
	free(todo);
	return found;
}

const char *irqw_cgroup_path(struct irqw_cgroups *c, uint64_t id,
			     uint64_t now_ns)
{
	struct entry *e;
	size_t i;

	if (!c->root || !id)
		return NULL;
	for (i = 0; i < IRQW_CGROUP_CACHE; i++) {
		e = &c->cache[i];
		if (e->id != id)
			continue;
		if (e->path || now_ns - e->miss_ns < IRQW_CGROUP_MISS_NS)
			return e->path;
		break;
	}
	if (i == IRQW_CGROUP_CACHE) {
		e = &c->cache[c->next];
		c->next = (c->next + 1) % IRQW_CGROUP_CACHE;
	}
	free(e->path);
	e->id = id;
	e->path = walk(c->root, id);
	e->miss_ns = now_ns;
	return e->path;
}
