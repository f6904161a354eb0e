/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Where "irqwatch record" writes: a regular file it appends to (rotated by
 * size, reopened on request), or a stream: standard output, a FIFO, a
 * character device. A record is one line and one write(): whole or absent.
 * A write that fails (disk full, a quota, an I/O error, a file that cannot
 * be opened again) does not lose the line at once: it waits in a bounded
 * queue, in order, and goes out with the next line or the next retry; what
 * does not fit in the queue is counted as unwritten, for the caller to
 * report as lost. A write cut short in a regular file is truncated away.
 * Nothing here prints: the state says what went wrong (error, rotate_error).
 */
#ifndef IRQW_OUTPUT_H
#define IRQW_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "origin.h"

#define IRQW_KEEP_DEFAULT	5
#define IRQW_KEEP_MAX		1000
/* How much of a log's end irqw_resume_last() reads. */
#define IRQW_RESUME_WINDOW	(1U << 20)
/* Bytes of lines held while writing fails; beyond, lines are dropped. */
#define IRQW_PENDING_MAX	(4U << 20)
/* After a rotation failed, the next try comes this much later at least. */
#define IRQW_ROTATE_RETRY_NS	(1000ULL * 1000000ULL)

struct irqw_pending;

struct irqw_out {
	char *path;		/* NULL: an inherited descriptor (stdout) */
	int fd;			/* -1: to be opened again */
	bool own_fd;		/* ours to close */
	bool regular;		/* a regular file: truncation, rotation */
	uint64_t size;		/* bytes in the file now (regular) */
	uint64_t rotate;	/* rotate before going past this; 0: never */
	unsigned int keep;	/* rotated files kept: path.1 .. path.keep */
	int error;		/* errno that stops writing; 0: writing works */
	int rotate_error;	/* errno of the last failed rotation; 0: none */
	uint64_t rotate_after_ns;	/* no rotation before (CLOCK_MONOTONIC) */
	struct irqw_pending *head, *tail;	/* lines not written yet */
	size_t pending_bytes;
	size_t pending_max;	/* IRQW_PENDING_MAX; tests lower it */
	uint64_t pending_events;	/* what the pending lines stand for */
	uint64_t unwritten;	/* events of dropped lines, not yet reported */
	char *buf;		/* the line being written, with its newline */
	size_t buf_cap;
};

/*
 * Opens the output: standard output for NULL or "-" (also "/dev/stdout",
 * "/dev/stderr", "/dev/fd/N", "/proc/self/fd/N": that descriptor, not
 * reopened), else path for appending, created 0640, never through a
 * symbolic link (-ELOOP). A regular file that does not end in a newline (a
 * line cut short by a crash) gets one. Anything but a regular file, a FIFO,
 * a socket or a character device is refused (-EINVAL), and so is rotate on
 * anything but a regular file named by path (-ESPIPE). A FIFO with no
 * reader is not waited for: it is open with o->error ENXIO, and lines wait
 * until a reader comes. 0 or a negative errno.
 */
int irqw_out_open(struct irqw_out *o, const char *path, uint64_t rotate,
		  unsigned int keep);

/* Whether path names the descriptor of standard output (or another one). */
bool irqw_out_is_fd(const char *path);

/*
 * Writes line and a newline with one write(), after the pending lines; the
 * line stands for events events (for the count of unwritten ones). If that
 * would take a regular file that is not empty past o->rotate bytes, rotates
 * it first; if the rotation fails, goes on writing to the file (see
 * rotate_error). If writing fails, the line waits (o->error says why) or,
 * past pending_max, is dropped and counted in o->unwritten. 0, or a
 * negative errno after which writing cannot go on: -EPIPE (no reader
 * left), -EBADF, -ENOMEM.
 */
int irqw_out_put(struct irqw_out *o, const char *line, uint64_t events);

/* irqw_out_put() of one event. */
int irqw_out_write(struct irqw_out *o, const char *line);

/*
 * Tries the pending lines again (and the open of a file that could not be
 * opened): 0 when none is left, 1 if some still wait, or a negative errno
 * as irqw_out_put().
 */
int irqw_out_retry(struct irqw_out *o);

/*
 * Closes and opens the file again (after an outside rotation). If the open
 * fails, its error is returned and lines wait until a retry opens it.
 */
int irqw_out_reopen(struct irqw_out *o);

/*
 * Tries the pending lines once more, then closes and frees them: 0, or the
 * error of the last write; *lost, if not NULL, gets the events of the lines
 * never written (unwritten ones included).
 */
int irqw_out_close(struct irqw_out *o, uint64_t *lost);

/*
 * Renames path.N-1 to path.N ... path.1 to path.2 and path to path.1, so
 * that keep rotated files stay (path.keep is replaced); keep 0 removes path.
 * Missing files are skipped.
 */
int irqw_rotate_files(const char *path, unsigned int keep);

/* Where a log ends: its last record with a seq. */
struct irqw_resume {
	uint64_t seq;
	struct irqw_origin origin;	/* of that record */
};

/*
 * The last complete line with a "seq" (and its boot_id and load_id, if it
 * has them) among the last IRQW_RESUME_WINDOW bytes of the regular file at
 * path, not followed if a symbolic link: 0 and *res, -ENOENT if there is no
 * file, -ENODATA if no such line or not a regular file, or another negative
 * errno. A last line without its newline is not complete.
 */
int irqw_resume_last(const char *path, struct irqw_resume *res);

/* irqw_resume_last()'s seq alone. */
int irqw_resume_seq(const char *path, uint64_t *seq);

#endif /* IRQW_OUTPUT_H */
