// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The metrics file, replaced by rename() so that it is never seen in part. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prom.h"

/* The directory of path ("." for a bare name), malloc()ed; *base: the name. */
static char *dir_of(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	*base = slash ? slash + 1 : path;
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

int irqw_prom_check_path(const char *path)
{
	const char *base;
	struct stat st;
	char *dir;
	int ret = 0;

	dir = dir_of(path, &base);
	if (!dir)
		return -ENOMEM;
	if (!*base)
		ret = -EISDIR;
	else if (stat(dir, &st))
		ret = -errno;
	else if (!S_ISDIR(st.st_mode))
		ret = -ENOTDIR;
	else if (access(dir, W_OK | X_OK))
		ret = -errno;
	else if (!stat(path, &st) && S_ISDIR(st.st_mode))
		ret = -EISDIR;
	free(dir);
	return ret;
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int irqw_file_replace(const char *path, const char *text, size_t len)
{
	const char *base;
	char *dir, *tmp = NULL;
	int fd, ret;

	dir = dir_of(path, &base);
	if (!dir)
		return -ENOMEM;
	if (!*base || asprintf(&tmp, "%s/.%s.XXXXXX", dir, base) < 0) {
		ret = *base ? -ENOMEM : -EISDIR;
		tmp = NULL;
		goto cleanup;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto cleanup;
	}
	ret = 0;
	if (fchmod(fd, 0644))
		ret = -errno;
	if (!ret)
		ret = write_all(fd, text, len);
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);

cleanup:
	free(tmp);
	free(dir);
	return ret;
}

int irqw_prom_write(const struct irqw_prom *p, const char *path)
{
	char *text;
	size_t len;
	int ret;

	ret = irqw_prom_text(p, &text, &len);
	if (ret)
		return ret;
	ret = irqw_file_replace(path, text, len);
	free(text);
	return ret;
}
