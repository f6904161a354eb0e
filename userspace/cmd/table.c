// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

void irqw_table_init(struct irqw_table *t, size_t cols,
		     const char *const *head, const char *align)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->head = head;
	t->align = align;
}

int irqw_table_cell(struct irqw_table *t, const char *fmt, ...)
{
	char **cells;
	va_list ap;
	int ret;

	if (t->nr_cells == t->cap) {
		cells = realloc(t->cells, (t->cap ? 2 * t->cap : 16) *
					  sizeof(*cells));
		if (!cells)
			return -ENOMEM;
		t->cells = cells;
		t->cap = t->cap ? 2 * t->cap : 16;
	}
	va_start(ap, fmt);
	ret = vasprintf(&t->cells[t->nr_cells], fmt, ap);
	va_end(ap);
	if (ret < 0)
		return -ENOMEM;
	t->nr_cells++;
	return 0;
}

static void print_row(FILE *f, const struct irqw_table *t, const size_t *width,
		      const char *const *row, const char *indent)
{
	size_t col, pad;

	fputs(indent, f);
	for (col = 0; col < t->cols; col++) {
		pad = width[col] - strlen(row[col]);
		if (t->align[col] == 'r')
			fprintf(f, "%*s", (int)pad, "");
		fputs(row[col], f);
		/* no spaces at the end of a line */
		if (col + 1 < t->cols)
			fprintf(f, "%*s", (int)(t->align[col] == 'r' ? 2 :
						 pad + 2), "");
	}
	putc('\n', f);
}

int irqw_table_print(FILE *f, const struct irqw_table *t, const char *indent)
{
	size_t rows = t->nr_cells / t->cols, *width, col, i;

	width = calloc(t->cols, sizeof(*width));
	if (!width)
		return -ENOMEM;
	for (col = 0; col < t->cols; col++) {
		width[col] = strlen(t->head[col]);
		for (i = 0; i < rows; i++)
			if (strlen(t->cells[i * t->cols + col]) > width[col])
				width[col] = strlen(t->cells[i * t->cols + col]);
	}
	print_row(f, t, width, t->head, indent);
	for (i = 0; i < rows; i++)
		print_row(f, t, width, (const char *const *)&t->cells[i * t->cols],
			  indent);
	free(width);
	return ferror(f) ? -EIO : 0;
}

void irqw_table_free(struct irqw_table *t)
{
	size_t i;

	for (i = 0; i < t->nr_cells; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}
