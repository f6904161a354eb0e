// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hints.h"

static const struct {
	const char *pattern;
	const char *text;
} hints[] = {
#define HINT(pattern, text) { pattern, text },
#include "hints.def"
#undef HINT
};

int irqw_hint_find(const char *const *names, size_t n)
{
	size_t h, i;

	for (h = 0; h < sizeof(hints) / sizeof(hints[0]); h++)
		for (i = 0; i < n; i++)
			if (names[i] && !fnmatch(hints[h].pattern, names[i], 0))
				return (int)h;
	return -1;
}

static const char *value(const char *name, size_t len,
			 const struct irqw_hint_ctx *ctx, char *num)
{
	const char *s = NULL;

#define IS(word) (len == sizeof(word) - 1 && !strncmp(name, word, len))
	if (IS("cache"))
		s = ctx->cache;
	else if (IS("reader"))
		s = ctx->reader;
	else if (IS("parent"))
		s = ctx->parent;
	else if ((IS("partial") || IS("objects")) && ctx->has_slab) {
		snprintf(num, 24, "%" PRIu64,
			 IS("partial") ? ctx->partial : ctx->objects);
		s = num;
	}
#undef IS
	return s ? s : "?";
}

char *irqw_hint_text(int i, const struct irqw_hint_ctx *ctx)
{
	const char *p = hints[i].text, *end;
	char num[24], *buf = NULL;
	size_t size = 0;
	FILE *f;

	f = open_memstream(&buf, &size);
	if (!f)
		return NULL;
	while (*p) {
		end = *p == '{' ? strchr(p, '}') : NULL;
		if (end) {
			fputs(value(p + 1, (size_t)(end - p - 1), ctx, num), f);
			p = end + 1;
		} else {
			fputc(*p++, f);
		}
	}
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}
