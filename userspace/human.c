// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "fmt.h"
#include "human.h"

static int finish(FILE *f)
{
	return putc('\n', f) == EOF || ferror(f) ? -EIO : 0;
}

int irqw_human_event(FILE *f, const struct irqw_event *ev)
{
	char time[IRQW_TIME_LEN], type[IRQW_TYPE_LEN], buf[IRQW_FRAME_MAX];
	int ret;

	ret = irqw_format_time(ev->real_ns, time, sizeof(time));
	if (ret)
		return ret;
	fprintf(f, "[%s] seq %" PRIu64 " %s cpu %" PRIu32, time, ev->seq,
		irqw_event_type_name(ev->type, type), ev->cpu);
	if (ev->has & IRQW_EV_DURATION && ev->duration_ns)
		fprintf(f, " duration %" PRIu64 ".%03" PRIu64 "ms",
			ev->duration_ns / 1000000, ev->duration_ns / 1000 % 1000);
	if (ev->has & IRQW_EV_SYNTH_INDEX)
		fprintf(f, " index %" PRIu64, ev->synth_index);
	if (ev->has & IRQW_EV_TASK) {
		irqw_clean_string(buf, sizeof(buf), ev->task.comm, true);
		fprintf(f, " task %s[%" PRIu32 "]", buf, ev->task.pid);
	}
	if (ev->nr_frames) {
		irqw_clean_string(buf, sizeof(buf), ev->frames[0], true);
		fprintf(f, " at %s", buf);
	}
	return finish(f);
}

int irqw_human_lost(FILE *f, const struct irqw_lost *lost, uint64_t real_ns)
{
	char time[IRQW_TIME_LEN];
	int ret;

	ret = irqw_format_time(real_ns, time, sizeof(time));
	if (ret)
		return ret;
	fprintf(f, "[%s] lost %" PRIu64 " event%s (%s", time, lost->count,
		lost->count == 1 ? "" : "s", irqw_lost_reason_name(lost->reason));
	if (lost->reason == IRQW_LOST_SEQ_GAP && lost->first_seq == lost->last_seq)
		fprintf(f, ", seq %" PRIu64, lost->first_seq);
	else if (lost->reason == IRQW_LOST_SEQ_GAP)
		fprintf(f, ", seq %" PRIu64 "-%" PRIu64, lost->first_seq,
			lost->last_seq);
	putc(')', f);
	return finish(f);
}
