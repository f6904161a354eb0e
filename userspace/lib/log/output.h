/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Where "irqwatch record" writes: standard output, or a file it appends to,
 * flushed after every line, rotated by size and reopened on request.
 */
#ifndef IRQW_OUTPUT_H
#define IRQW_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#define IRQW_KEEP_DEFAULT	5
#define IRQW_KEEP_MAX		1000
/* How much of a log's end irqw_resume_seq() reads. */
#define IRQW_RESUME_WINDOW	(1U << 20)

struct irqw_out {
	char *path;		/* NULL: standard output */
	FILE *f;
	uint64_t size;		/* bytes in the file now */
	uint64_t rotate;	/* rotate before going past this; 0: never */
	unsigned int keep;	/* rotated files kept: path.1 .. path.keep */
};

/*
 * Opens path for appending (created 0640), or standard output for NULL or
 * "-". A file that does not end in a newline (a line cut short) gets one, so
 * that the next record starts a line of its own. 0 or a negative errno.
 */
int irqw_out_open(struct irqw_out *o, const char *path, uint64_t rotate,
		  unsigned int keep);

/*
 * Writes line and a newline, and flushes. If that would take a file that
 * is not empty past o->rotate bytes, rotates it first.
 */
int irqw_out_write(struct irqw_out *o, const char *line);

/* Closes and opens the file again (after an outside rotation). */
int irqw_out_reopen(struct irqw_out *o);

/* Flushes and closes; 0 or the error of the last flush. */
int irqw_out_close(struct irqw_out *o);

/*
 * Renames path.N-1 to path.N ... path.1 to path.2 and path to path.1, so
 * that keep rotated files stay (path.keep is replaced); keep 0 removes path.
 * Missing files are skipped.
 */
int irqw_rotate_files(const char *path, unsigned int keep);

/*
 * The "seq" of the last complete line that has one, among the last
 * IRQW_RESUME_WINDOW bytes of the log at path: 0 and *seq, -ENOENT if there
 * is no file, -ENODATA if no such line, or another negative errno. A last
 * line without its newline is not complete.
 */
int irqw_resume_seq(const char *path, uint64_t *seq);

#endif /* IRQW_OUTPUT_H */
