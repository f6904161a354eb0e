/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Hints for known culprits (hints.def). Pure. */
#ifndef IRQW_HINTS_H
#define IRQW_HINTS_H

#include <stddef.h>
#include <stdint.h>

/* What the text's placeholders become; NULL (or has_slab false): "?". */
struct irqw_hint_ctx {
	const char *cache, *reader, *parent;
	int has_slab;
	uint64_t partial, objects;
};

/*
 * The index of the first hint whose pattern matches one of the names
 * (function names: fingerprint frames, probes), or -1.
 */
int irqw_hint_find(const char *const *names, size_t n);

/* The text of hint i with its placeholders filled; malloc()ed, NULL: -ENOMEM. */
char *irqw_hint_text(int i, const struct irqw_hint_ctx *ctx);

#endif /* IRQW_HINTS_H */
