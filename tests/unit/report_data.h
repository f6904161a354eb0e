/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The report tests' data: the checked-in logs and golden files under
 * tests/unit/data/report/, shared by test_report and test_report_formats.
 */
#ifndef REPORT_DATA_H
#define REPORT_DATA_H

#include "report.h"

#define DATA	IRQW_TEST_DATA "/report/"

/* The whole of a file, which must exist; free() it. */
char *slurp(const char *path);

/* Reads the test log DATA @name into @r, which must take it without error. */
void feed_file(struct irqw_report *r, const char *name);

#endif /* REPORT_DATA_H */
