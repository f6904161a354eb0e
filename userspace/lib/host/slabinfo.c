// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/irqwatch.h>

#include "slabinfo.h"

/* "123456 N0=100000 N1=23456\n": the first number is all that is read */
#define FILE_HEAD	64

bool irqw_slab_name_ok(const char *name)
{
	size_t len = strnlen(name, IRQWATCH_CACHE_LEN_MAX);

	return len && len < IRQWATCH_CACHE_LEN_MAX && !strchr(name, '/') &&
	       !strstr(name, "..");
}

static int read_number(const char *path, uint64_t *val)
{
	char buf[FILE_HEAD + 1], *p;
	uint64_t n = 0;
	struct stat st;
	ssize_t len;
	int fd, ret;

	/* O_NONBLOCK: a FIFO put there cannot hold the tool up */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto cleanup;
	}
	ret = -EINVAL;
	if (!S_ISREG(st.st_mode))
		goto cleanup;
	len = read(fd, buf, FILE_HEAD);
	if (len < 0) {
		ret = -errno;
		goto cleanup;
	}
	buf[len] = '\0';
	ret = -EBADMSG;
	for (p = buf; *p >= '0' && *p <= '9'; p++) {
		if (n > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			goto cleanup;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	/* a number, whole: followed by a space, a newline or the end */
	if (p == buf || (*p && *p != ' ' && *p != '\n'))
		goto cleanup;
	*val = n;
	ret = 0;
cleanup:
	close(fd);
	return ret;
}

int irqw_slab_read(const char *root, const char *name, uint64_t *objects,
		   uint64_t *partial)
{
	char path[PATH_MAX];
	uint64_t o, p;
	int n, ret;

	if (!irqw_slab_name_ok(name))
		return -EINVAL;
	n = snprintf(path, sizeof(path), "%s/%s/total_objects", root, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	ret = read_number(path, &o);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/%s/partial", root, name);
	ret = read_number(path, &p);
	if (ret)
		return ret;
	*objects = o;
	*partial = p;
	return 0;
}
