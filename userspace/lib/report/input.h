/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The report's input: a log file, plain or compressed (gzip, zstd; told by
 * its first bytes, not its name), read line by line into the report. Every
 * line that is not analysed is accounted with its file:line and why.
 */
#ifndef IRQW_INPUT_H
#define IRQW_INPUT_H

#include <stdio.h>

#include "report.h"

/*
 * A stream of the decompressed bytes of fd (which it then owns and closes);
 * NULL with errno set.
 */
FILE *irqw_input_open_fd(int fd);

/* The same for a path; "-" is standard input. */
FILE *irqw_input_open(const char *path);

/*
 * Reads every line of f, named name in the bad-line list, into r. 0 or
 * -ENOMEM. A read or decompression error ends the file: it is accounted as
 * a bad line (the one after the last line read), the lines before it
 * analysed.
 */
int irqw_input_read(struct irqw_report *r, FILE *f, const char *name);

#endif /* IRQW_INPUT_H */
