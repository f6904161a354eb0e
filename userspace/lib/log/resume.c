// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Where a log ends, for a logger that appends to it after a restart. */

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "jsonl_read.h"
#include "output.h"

/* The seq and origin of a JSON object line, if it has a whole-number seq. */
static bool line_seq(const char *line, struct irqw_resume *res)
{
	struct json_object *obj, *val;
	bool found = false;

	obj = json_tokener_parse(line);
	if (obj && json_object_is_type(obj, json_type_object) &&
	    json_object_object_get_ex(obj, "seq", &val) &&
	    json_object_is_type(val, json_type_int) &&
	    json_object_get_int64(val) >= 0) {
		res->seq = json_object_get_uint64(val);
		/* a malformed origin is as good as none: no resuming */
		if (irqw_json_get_origin(obj, &res->origin))
			memset(&res->origin, 0, sizeof(res->origin));
		found = true;
	}
	json_object_put(obj);
	return found;
}

int irqw_resume_last(const char *path, struct irqw_resume *res)
{
	char *buf = NULL, *end, *start;
	struct irqw_resume found;
	off_t off = 0;
	struct stat st;
	ssize_t n;
	size_t len;
	int fd, ret = -ENODATA;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ELOOP ? -ENODATA : -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode))
		goto cleanup;
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
		if (line_seq(start ? start + 1 : buf, &found)) {
			*res = found;
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

int irqw_resume_seq(const char *path, uint64_t *seq)
{
	struct irqw_resume res;
	int ret;

	ret = irqw_resume_last(path, &res);
	if (!ret)
		*seq = res.seq;
	return ret;
}
