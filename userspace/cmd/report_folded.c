// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * irqwatch report --format folded: Brendan Gregg's folded stacks, for
 * flamegraph.pl and speedscope. One line per distinct stack,
 * "TYPE;outermost;...;innermost US" (root first, leaf last), sorted by the
 * stack: US is the events' durations summed, in microseconds, to the
 * nearest (halves up; folded.h has the rest). Memory is bounded by the
 * distinct stacks, not by the events.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "fmt.h"
#include "folded.h"
#include "report_fmt.h"

int report_folded_start(FILE *f __attribute__((unused)), void **state)
{
	*state = calloc(1, sizeof(struct irqw_folded));
	return *state ? 0 : -ENOMEM;
}

int report_folded_record(void *state, const struct irqw_record *rec)
{
	char tn[IRQW_TYPE_LEN];

	if (rec->kind != IRQW_RECORD_EVENT)
		return 0;
	return irqw_folded_add(state, &rec->ev,
			       irqw_event_type_name(rec->ev.type, tn));
}

int report_folded_write(FILE *f, const struct report_view *v __attribute__((unused)),
			void *state)
{
	struct irqw_fstack **s = irqw_folded_sorted(state);
	uint64_t us;
	size_t i;
	int ret = 0;

	if (!s)
		return -ENOMEM;
	for (i = 0; s[i] && !ret; i++) {
		us = irqw_folded_us(s[i]->ns);
		/* less than half a microsecond in all: nothing to draw */
		if (us && fprintf(f, "%s %" PRIu64 "\n", s[i]->stack, us) < 0)
			ret = -EIO;
	}
	free(s);
	return ret;
}

void report_folded_free(void *state)
{
	if (state)
		irqw_folded_free(state);
	free(state);
}
