// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "output.h"

#define LOG_MODE	0640	/* events show other users' tasks */

/* Opens o->path, ends a cut last line, and learns its size. */
static int open_file(struct irqw_out *o)
{
	struct stat st;
	char last;
	int fd, ret;

	fd = open(o->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, LOG_MODE);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto cleanup;
	}
	o->size = (uint64_t)st.st_size;
	if (o->size && pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n') {
		if (write(fd, "\n", 1) != 1) {
			ret = -errno;
			goto cleanup;
		}
		o->size++;
	}
	o->f = fdopen(fd, "a");
	if (o->f)
		return 0;
	ret = -errno;
cleanup:
	close(fd);
	return ret;
}

int irqw_out_open(struct irqw_out *o, const char *path, uint64_t rotate,
		  unsigned int keep)
{
	int ret;

	memset(o, 0, sizeof(*o));
	o->rotate = rotate;
	o->keep = keep;
	if (!path || !strcmp(path, "-")) {
		o->f = stdout;
		return 0;
	}
	o->path = strdup(path);
	if (!o->path)
		return -ENOMEM;
	ret = open_file(o);
	if (ret) {
		free(o->path);
		o->path = NULL;
		o->f = NULL;
	}
	return ret;
}

static int close_file(struct irqw_out *o)
{
	int ret = 0;

	if (o->f && fclose(o->f))
		ret = -errno;
	o->f = NULL;
	return ret;
}

int irqw_out_reopen(struct irqw_out *o)
{
	int ret, err;

	if (!o->path)
		return 0;
	ret = close_file(o);
	err = open_file(o);
	return err ? err : ret;
}

int irqw_rotate_files(const char *path, unsigned int keep)
{
	size_t len = strlen(path) + 16;
	char *from, *to;
	unsigned int i;
	int ret = 0;

	if (!keep)
		return unlink(path) && errno != ENOENT ? -errno : 0;
	from = malloc(len);
	to = malloc(len);
	if (!from || !to) {
		ret = -ENOMEM;
		goto cleanup;
	}
	for (i = keep; i >= 1; i--) {
		if (i == 1)
			snprintf(from, len, "%s", path);
		else
			snprintf(from, len, "%s.%u", path, i - 1);
		snprintf(to, len, "%s.%u", path, i);
		if (rename(from, to) && errno != ENOENT) {
			ret = -errno;
			break;
		}
	}
cleanup:
	free(from);
	free(to);
	return ret;
}

int irqw_out_write(struct irqw_out *o, const char *line)
{
	size_t len = strlen(line) + 1;
	int ret, err;

	if (o->path && o->rotate && o->size && o->size + len > o->rotate) {
		ret = close_file(o);
		if (!ret)
			ret = irqw_rotate_files(o->path, o->keep);
		/* even after a failed rename, go on writing somewhere */
		err = open_file(o);
		if (err || ret)
			return err ? err : ret;
	}
	if (!o->f)
		return -EBADF;
	if (fputs(line, o->f) == EOF || putc('\n', o->f) == EOF ||
	    fflush(o->f) == EOF) {
		ret = errno ? -errno : -EIO;
		clearerr(o->f);
		return ret;
	}
	o->size += len;
	return 0;
}

int irqw_out_close(struct irqw_out *o)
{
	int ret = 0;

	if (o->path)
		ret = close_file(o);
	else if (o->f && fflush(o->f) == EOF)
		ret = -EIO;
	free(o->path);
	memset(o, 0, sizeof(*o));
	return ret;
}

/* The "seq" of a JSON object line, if it has one that is a whole number. */
static bool line_seq(const char *line, uint64_t *seq)
{
	struct json_object *obj, *val;
	bool found = false;

	obj = json_tokener_parse(line);
	if (obj && json_object_is_type(obj, json_type_object) &&
	    json_object_object_get_ex(obj, "seq", &val) &&
	    json_object_is_type(val, json_type_int) &&
	    json_object_get_int64(val) >= 0) {
		*seq = json_object_get_uint64(val);
		found = true;
	}
	json_object_put(obj);
	return found;
}

int irqw_resume_seq(const char *path, uint64_t *seq)
{
	char *buf = NULL, *end, *start;
	off_t off = 0;
	struct stat st;
	ssize_t n;
	size_t len;
	int fd, ret = -ENODATA;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto cleanup;
	}
	if (st.st_size > IRQW_RESUME_WINDOW)
		off = st.st_size - IRQW_RESUME_WINDOW;
	len = (size_t)(st.st_size - off);
	buf = malloc(len + 1);
	if (!buf) {
		ret = -ENOMEM;
		goto cleanup;
	}
	n = pread(fd, buf, len, off);
	if (n < 0) {
		ret = -errno;
		goto cleanup;
	}
	/* from the last newline back; what follows it is not a whole line */
	end = memrchr(buf, '\n', (size_t)n);
	while (end) {
		*end = '\0';
		start = memrchr(buf, '\n', (size_t)(end - buf));
		/* the first line of a window that starts mid-file may be cut */
		if (!start && off)
			break;
		if (line_seq(start ? start + 1 : buf, seq)) {
			ret = 0;
			break;
		}
		end = start;
	}
cleanup:
	free(buf);
	close(fd);
	return ret;
}
