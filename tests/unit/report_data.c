// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "input.h"
#include "report_data.h"

char *slurp(const char *path)
{
	char *buf = NULL;
	size_t size = 0, n;
	FILE *f = fopen(path, "r"), *m = open_memstream(&buf, &size);
	char chunk[4096];

	assert_non_null(f);
	assert_non_null(m);
	while ((n = fread(chunk, 1, sizeof(chunk), f)))
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);
	return buf;
}

void feed_file(struct irqw_report *r, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), DATA "%s", name);
	f = irqw_input_open(path);
	assert_non_null(f);
	assert_int_equal(irqw_input_read(r, f, name), 0);
	fclose(f);
}
