// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Every line goes out in one write() of a buffer that holds it whole. In a
 * regular file opened with O_APPEND that write lands at the end, so a write
 * cut short (disk full, RLIMIT_FSIZE) left exactly its own bytes at the end
 * of the file: they are truncated away, from the file's size as fstat() sees
 * it then (not from a size kept here, which an outside truncation would
 * make wrong). A stream cannot be truncated: a write cut short there is
 * finished in more writes, and only a reader that went away (EPIPE) leaves
 * part of a line in it, which nobody reads.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output.h"

#define LOG_MODE	0640	/* events show other users' tasks */

struct irqw_pending {
	struct irqw_pending *next;
	uint64_t events;
	size_t len;
	char line[];		/* with its newline */
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Errors after which no line can be written: the others may pass. */
static bool fatal(int err)
{
	return err == -EPIPE || err == -EBADF || err == -ENOMEM;
}

bool irqw_out_is_fd(const char *path)
{
	return !path || !strcmp(path, "-") || !strcmp(path, "/dev/stdout") ||
	       !strcmp(path, "/dev/stderr") || !strncmp(path, "/dev/fd/", 8) ||
	       !strncmp(path, "/proc/self/fd/", 14);
}

/* The descriptor a path of irqw_out_is_fd() names, or -1. */
static int path_fd(const char *path)
{
	const char *num = NULL;
	unsigned long n;
	char *end;

	if (!path || !strcmp(path, "-") || !strcmp(path, "/dev/stdout"))
		return STDOUT_FILENO;
	if (!strcmp(path, "/dev/stderr"))
		return STDERR_FILENO;
	if (!strncmp(path, "/dev/fd/", 8))
		num = path + 8;
	else if (!strncmp(path, "/proc/self/fd/", 14))
		num = path + 14;
	if (!num || *num < '0' || *num > '9')
		return -1;
	errno = 0;
	n = strtoul(num, &end, 10);
	if (errno || *end || n > INT_MAX)
		return -1;
	return (int)n;
}

/* Whether what fd is open on may be written to; its stat in *st. */
static int check_type(int fd, struct stat *st)
{
	if (fstat(fd, st))
		return -errno;
	if (S_ISREG(st->st_mode) || S_ISFIFO(st->st_mode) ||
	    S_ISCHR(st->st_mode) || S_ISSOCK(st->st_mode))
		return 0;
	return -EINVAL;
}

/*
 * A log that does not end in a newline ends in a line cut short (by a crash:
 * this writer leaves none): ends it, so the next record starts a line of its
 * own. Read through a descriptor of its own, as the log's is write-only;
 * nothing is done if it cannot be read.
 */
static int end_cut_line(struct irqw_out *o, const struct stat *st)
{
	struct stat rst;
	char last;
	int rfd, ret = 0;

	if (!st->st_size)
		return 0;
	rfd = open(o->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (rfd < 0)
		return 0;
	if (!fstat(rfd, &rst) && rst.st_dev == st->st_dev &&
	    rst.st_ino == st->st_ino &&
	    pread(rfd, &last, 1, st->st_size - 1) == 1 && last != '\n') {
		if (write(o->fd, "\n", 1) == 1)
			o->size++;
		else
			ret = -errno;
	}
	close(rfd);
	return ret;
}

/*
 * Opens o->path, ends a cut last line, and learns its size. Never waits: a
 * FIFO without a reader is -ENXIO (lines wait until one comes).
 */
static int open_file(struct irqw_out *o)
{
	struct stat st;
	int ret, flags;

	o->fd = open(o->path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
		     O_NOCTTY | O_NONBLOCK | O_CLOEXEC, LOG_MODE);
	if (o->fd < 0)
		return -errno;
	ret = check_type(o->fd, &st);
	if (ret)
		goto cleanup;
	flags = fcntl(o->fd, F_GETFL);
	if (flags < 0 || fcntl(o->fd, F_SETFL, flags & ~O_NONBLOCK)) {
		ret = -errno;
		goto cleanup;
	}
	o->regular = S_ISREG(st.st_mode);
	o->size = o->regular ? (uint64_t)st.st_size : 0;
	if (o->regular) {
		ret = end_cut_line(o, &st);
		if (ret)
			goto cleanup;
	}
	return 0;

cleanup:
	close(o->fd);
	o->fd = -1;
	return ret;
}

static void close_file(struct irqw_out *o)
{
	if (o->own_fd && o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}

int irqw_out_open(struct irqw_out *o, const char *path, uint64_t rotate,
		  unsigned int keep)
{
	struct stat st;
	int ret;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->rotate = rotate;
	o->keep = keep;
	o->pending_max = IRQW_PENDING_MAX;
	if (irqw_out_is_fd(path)) {
		o->fd = path_fd(path);
		if (o->fd < 0)
			return -ENOENT;
		ret = check_type(o->fd, &st);
		if (ret)
			return ret;
		o->regular = S_ISREG(st.st_mode);
		return rotate ? -ESPIPE : 0;
	}
	o->path = strdup(path);
	if (!o->path)
		return -ENOMEM;
	o->own_fd = true;
	ret = open_file(o);
	if (ret == -ENXIO && !rotate) {
		/* a FIFO with no reader yet: lines wait for one */
		o->error = ENXIO;
		return 0;
	}
	if (!ret && rotate && !o->regular)
		ret = -ESPIPE;
	if (ret) {
		close_file(o);
		free(o->path);
		o->path = NULL;
	}
	return ret;
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

/*
 * Rotates before a line of len bytes if it is due. A failed rotation leaves
 * the file open (or opens it again): lines go on into it, and the next try
 * comes IRQW_ROTATE_RETRY_NS later. 0, or the error of the open.
 */
static int maybe_rotate(struct irqw_out *o, size_t len)
{
	uint64_t now;
	int ret;

	if (!o->path || !o->regular || !o->rotate || o->fd < 0 || !o->size ||
	    o->size + len <= o->rotate)
		return 0;
	now = mono_ns();
	if (o->rotate_error && now < o->rotate_after_ns)
		return 0;
	close_file(o);
	ret = irqw_rotate_files(o->path, o->keep);
	o->rotate_error = -ret;
	if (ret)
		o->rotate_after_ns = now + IRQW_ROTATE_RETRY_NS;
	return open_file(o);
}

/* Takes back the last n bytes of the file: a line cut short. */
static void cut_back(struct irqw_out *o, size_t n)
{
	struct stat st;

	if (!fstat(o->fd, &st) && (uint64_t)st.st_size >= n &&
	    !ftruncate(o->fd, st.st_size - (off_t)n))
		o->size = (uint64_t)st.st_size - n;
}

/* A stream: all of it, in as many writes as it takes. */
static int write_stream(struct irqw_out *o, const char *buf, size_t len)
{
	struct pollfd pfd = { .fd = o->fd, .events = POLLOUT };
	ssize_t n;

	while (len) {
		n = write(o->fd, buf, len);
		if (n < 0 && errno == EAGAIN) {	/* a non-blocking stdout */
			poll(&pfd, 1, -1);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * A regular file: one write(). If it is cut short, one more write of the
 * rest tells whether there is room after all (the line is then whole) or
 * why not (the part written is taken back). While writes fail, the room is
 * first asked of the file system (fallocate() beyond the end, the size
 * unchanged), so that the retries leave no part of a line that a reader of
 * the file could see before it is taken back; only the write that finds the
 * disk full does, for that instant.
 */
static int write_file(struct irqw_out *o, const char *buf, size_t len)
{
	ssize_t n, m;
	int ret;

	if (o->error && len &&
	    fallocate(o->fd, FALLOC_FL_KEEP_SIZE, (off_t)o->size, (off_t)len) &&
	    errno != EOPNOTSUPP && errno != ENOSYS && errno != EINTR)
		return -errno;
	do
		n = write(o->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n == len) {
		o->size += len;
		return 0;
	}
	m = write(o->fd, buf + n, len - (size_t)n);
	if (m == (ssize_t)(len - (size_t)n)) {
		o->size += len;
		return 0;
	}
	ret = m < 0 ? -errno : -ENOSPC;
	cut_back(o, (size_t)n + (m > 0 ? (size_t)m : 0));
	return ret;
}

/* One line, now: 0 or why not. */
static int write_line(struct irqw_out *o, const char *buf, size_t len)
{
	int ret;

	ret = maybe_rotate(o, len);
	if (!ret && o->fd < 0 && o->path)
		ret = open_file(o);
	if (ret)
		return ret;
	if (o->fd < 0)
		return -EBADF;
	return o->regular ? write_file(o, buf, len) : write_stream(o, buf, len);
}

/* Writes the pending lines, oldest first: 0 when none is left. */
static int flush(struct irqw_out *o)
{
	struct irqw_pending *p;
	int ret;

	while ((p = o->head)) {
		ret = write_line(o, p->line, p->len);
		if (ret) {
			if (!fatal(ret))
				o->error = -ret;
			return ret;
		}
		o->head = p->next;
		if (!o->head)
			o->tail = NULL;
		o->pending_bytes -= p->len;
		o->pending_events -= p->events;
		free(p);
	}
	o->error = 0;
	return 0;
}

/* Keeps a line for later, or drops and counts it if it does not fit. */
static void hold(struct irqw_out *o, const char *buf, size_t len,
		 uint64_t events)
{
	struct irqw_pending *p = NULL;

	if (o->pending_bytes + len <= o->pending_max)
		p = malloc(sizeof(*p) + len);
	if (!p) {
		o->unwritten += events;
		return;
	}
	p->next = NULL;
	p->events = events;
	p->len = len;
	memcpy(p->line, buf, len);
	if (o->tail)
		o->tail->next = p;
	else
		o->head = p;
	o->tail = p;
	o->pending_bytes += len;
	o->pending_events += events;
}

int irqw_out_put(struct irqw_out *o, const char *line, uint64_t events)
{
	size_t len = strlen(line) + 1;
	char *buf;
	int ret;

	if (len > o->buf_cap) {
		buf = realloc(o->buf, len);
		if (!buf)
			return -ENOMEM;
		o->buf = buf;
		o->buf_cap = len;
	}
	memcpy(o->buf, line, len - 1);
	o->buf[len - 1] = '\n';
	ret = flush(o);
	if (!ret)
		ret = write_line(o, o->buf, len);
	if (fatal(ret))
		return ret;
	o->error = -ret;
	if (ret)
		hold(o, o->buf, len, events);
	return 0;
}

int irqw_out_write(struct irqw_out *o, const char *line)
{
	return irqw_out_put(o, line, 1);
}

int irqw_out_retry(struct irqw_out *o)
{
	int ret;

	if (!o->head && o->fd >= 0)
		return 0;
	ret = o->head ? flush(o) : write_line(o, "", 0);
	if (fatal(ret))
		return ret;
	o->error = -ret;
	return ret ? 1 : 0;
}

int irqw_out_reopen(struct irqw_out *o)
{
	int ret;

	if (!o->path)
		return 0;
	close_file(o);
	ret = open_file(o);
	if (ret)
		o->error = -ret;
	return ret;
}

int irqw_out_close(struct irqw_out *o, uint64_t *lost)
{
	struct irqw_pending *p;
	int ret;

	ret = o->head ? flush(o) : 0;
	if (lost)
		*lost = o->pending_events + o->unwritten;
	while ((p = o->head)) {
		o->head = p->next;
		free(p);
	}
	close_file(o);
	free(o->path);
	free(o->buf);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	return ret;
}
