/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A table of text for people: a header and rows of cells, each column as
 * wide as its widest cell, two spaces apart. Cells are copied; they are
 * printed as given (clean kernel strings before).
 */
#ifndef IRQW_TABLE_H
#define IRQW_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct irqw_table {
	size_t cols;
	const char *const *head;	/* cols names */
	const char *align;	/* cols letters: 'l' left, 'r' right */
	size_t nr_cells;
	size_t cap;
	char **cells;		/* row after row */
};

/* head and align are not copied and must outlive the table. */
void irqw_table_init(struct irqw_table *t, size_t cols,
		     const char *const *head, const char *align);

/* Appends a cell, the next of the current row; 0 or -ENOMEM. */
__attribute__((format(printf, 2, 3)))
int irqw_table_cell(struct irqw_table *t, const char *fmt, ...);

/* Writes the header and the whole rows, each line after indent. */
int irqw_table_print(FILE *f, const struct irqw_table *t, const char *indent);

void irqw_table_free(struct irqw_table *t);

#endif /* IRQW_TABLE_H */
