// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <zlib.h>
#include <zstd.h>

#include "input.h"
#include "jsonl.h"
#include "jsonl_fast.h"

#define CHUNK	(128 * 1024)

enum kind { PLAIN, GZIP, ZSTD };

struct src {
	int fd;
	enum kind kind;
	unsigned char *in;	/* CHUNK bytes read from fd */
	size_t in_len, in_pos;
	bool eof;		/* of fd */
	bool done;		/* the last compressed frame ended at eof */
	z_stream z;
	ZSTD_DStream *zs;
};

/* Refills in when it is used up; 0, or -1 with errno. */
static int fill(struct src *s)
{
	ssize_t n;

	if (s->in_pos < s->in_len || s->eof)
		return 0;
	do
		n = read(s->fd, s->in, CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	s->in_len = (size_t)n;
	s->in_pos = 0;
	s->eof = !n;
	return 0;
}

static ssize_t read_gzip(struct src *s, char *buf, size_t size)
{
	bool at_eof;
	int ret;

	s->z.next_out = (unsigned char *)buf;
	s->z.avail_out = (uInt)size;
	for (;;) {
		if (fill(s))
			return -1;
		at_eof = s->in_pos == s->in_len;
		if (at_eof && s->done)
			break;
		s->z.next_in = s->in + s->in_pos;
		s->z.avail_in = (uInt)(s->in_len - s->in_pos);
		ret = inflate(&s->z, Z_NO_FLUSH);
		s->in_pos = s->in_len - s->z.avail_in;
		if (ret == Z_STREAM_END) {
			s->done = true;	/* a next member may follow */
			if (inflateReset(&s->z) != Z_OK)
				goto bad;
		} else if (ret == Z_OK || (ret == Z_BUF_ERROR && !at_eof)) {
			s->done = false;
		} else {
			goto bad;	/* corrupt, or cut short */
		}
		if (s->z.avail_out < size)
			break;
		if (at_eof && !s->done)
			goto bad;
	}
	return (ssize_t)(size - s->z.avail_out);
bad:
	errno = EIO;
	return -1;
}

static ssize_t read_zstd(struct src *s, char *buf, size_t size)
{
	ZSTD_outBuffer out = { buf, size, 0 };
	ZSTD_inBuffer in;
	bool at_eof;
	size_t ret;

	for (;;) {
		if (fill(s))
			return -1;
		at_eof = s->in_pos == s->in_len;
		if (at_eof && s->done)
			break;
		in = (ZSTD_inBuffer){ s->in, s->in_len, s->in_pos };
		ret = ZSTD_decompressStream(s->zs, &out, &in);
		s->in_pos = in.pos;
		if (ZSTD_isError(ret))
			goto bad;
		s->done = !ret;	/* a frame ended, all of it out */
		if (out.pos)
			break;
		if (at_eof && !s->done)
			goto bad;	/* cut short */
	}
	return (ssize_t)out.pos;
bad:
	errno = EIO;
	return -1;
}

static ssize_t src_read(void *cookie, char *buf, size_t size)
{
	struct src *s = cookie;
	size_t n;

	if (s->kind == GZIP)
		return read_gzip(s, buf, size);
	if (s->kind == ZSTD)
		return read_zstd(s, buf, size);
	if (fill(s))
		return -1;
	n = s->in_len - s->in_pos < size ? s->in_len - s->in_pos : size;
	memcpy(buf, s->in + s->in_pos, n);
	s->in_pos += n;
	return (ssize_t)n;
}

static int src_close(void *cookie)
{
	struct src *s = cookie;

	if (s->kind == GZIP)
		inflateEnd(&s->z);
	ZSTD_freeDStream(s->zs);
	close(s->fd);
	free(s->in);
	free(s);
	return 0;
}

FILE *irqw_input_open_fd(int fd)
{
	static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
	struct src *s = calloc(1, sizeof(*s));
	FILE *f;

	if (!s || !(s->in = malloc(CHUNK)))
		goto nomem;
	s->fd = fd;
	s->done = true;
	/* the magic: up to 4 bytes, however the reads come */
	while (s->in_len < 4 && !s->eof) {
		ssize_t n = read(fd, s->in + s->in_len, 4 - s->in_len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		s->eof = !n;
		s->in_len += (size_t)n;
	}
	s->eof = false;
	if (s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
		s->kind = GZIP;
		if (inflateInit2(&s->z, 15 + 16) != Z_OK)
			goto nomem;
	} else if (s->in_len == 4 && !memcmp(s->in, zstd_magic, 4)) {
		s->kind = ZSTD;
		s->zs = ZSTD_createDStream();
		if (!s->zs)
			goto nomem;
	}
	f = fopencookie(s, "r", (cookie_io_functions_t){
		.read = src_read, .close = src_close });
	if (f)
		return f;
nomem:
	errno = ENOMEM;
fail:
	if (s) {
		int e = errno;

		if (s->kind == GZIP)
			inflateEnd(&s->z);
		ZSTD_freeDStream(s->zs);
		free(s->in);
		free(s);
		errno = e;
	}
	return NULL;
}

FILE *irqw_input_open(const char *path)
{
	int fd, e;
	FILE *f;

	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : dup(0);
	if (fd < 0)
		return NULL;
	f = irqw_input_open_fd(fd);
	if (!f) {
		e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

/* Why a line that irqw_record_parse() refused with ret was not analysed. */
static void classify(const char *line, bool torn, int ret, char *why, size_t size)
{
	struct json_object *obj = json_tokener_parse(line), *v, *t;

	if (!obj || !json_object_is_type(obj, json_type_object)) {
		snprintf(why, size, torn ? "torn line (no newline at the end)" :
					   "invalid JSON");
	} else if (ret == -ENOENT && json_object_object_get_ex(obj, "v", &v) &&
		   json_object_get_int64(v) != IRQW_JSON_VERSION) {
		snprintf(why, size, "unknown schema version v %" PRId64,
			 json_object_get_int64(v));
	} else if (ret == -ENOENT && json_object_object_get_ex(obj, "type", &t) &&
		   strcmp(json_object_get_string(t), "lost")) {
		snprintf(why, size, "unknown type \"%.64s\"", json_object_get_string(t));
	} else if (ret == -ENOENT) {
		snprintf(why, size, "unknown lost reason");
	} else {
		snprintf(why, size, "malformed record");
	}
	json_object_put(obj);
}

int irqw_input_read(struct irqw_report *r, FILE *f, const char *name)
{
	struct irqw_jdoc doc = { 0 };
	struct irqw_record rec;
	uint64_t lineno = 0;
	char *line = NULL, why[128];
	size_t cap = 0;
	ssize_t len;
	bool torn;
	int ret = 0;

	r->files++;
	for (;;) {
		errno = 0;
		len = getline(&line, &cap, f);
		if (len < 0) {
			ret = ferror(f) ? (errno ? -errno : -EIO) : 0;
			break;
		}
		lineno++;
		r->lines++;
		torn = !len || line[len - 1] != '\n';
		if (torn && ferror(f)) {
			lineno--;	/* cut by a read error: not a line */
			r->lines--;
			ret = errno ? -errno : -EIO;
			break;
		}
		if (!torn)
			line[--len] = '\0';
		if (!len)
			continue;
		ret = irqw_record_parse_doc(&doc, line, (size_t)len, &rec);
		if (!ret) {
			ret = irqw_report_add(r, &rec);
			irqw_record_free(&rec);
		} else if (ret == -ENOENT || ret == -EBADMSG) {
			classify(line, torn, ret, why, sizeof(why));
			ret = irqw_report_bad(r, name, lineno, ret == -ENOENT, why);
		}
		if (ret)
			break;
	}
	free(line);
	irqw_jdoc_free(&doc);
	if (ret && ret != -ENOMEM) {
		/* the lines before are analysed; the rest is lost */
		snprintf(why, sizeof(why), "%s: the rest of the file is not read",
			 ret == -EIO ? "read error, or compressed data corrupt or cut short" :
			 strerror(-ret));
		ret = irqw_report_bad(r, name, lineno + 1, false, why);
	}
	return ret;
}
