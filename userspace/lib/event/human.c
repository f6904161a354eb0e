// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include <linux/irqwatch.h>

#include "family.h"
#include "fmt.h"
#include "human.h"

static int finish(FILE *f)
{
	return putc('\n', f) == EOF || ferror(f) ? -EIO : 0;
}

/* "cat[1234]", cleaned for a terminal */
static void print_task(FILE *f, const struct irqw_task *t)
{
	char buf[IRQW_COMM_MAX];

	irqw_clean_string(buf, sizeof(buf), t->comm, true);
	fprintf(f, "%s[%" PRIu32 "]", buf, t->pid);
}

/* " at FRAME": the first meaningful frame, if there are frames */
static void print_frame(FILE *f, const char *const *frames, size_t n)
{
	char buf[IRQW_FRAME_MAX];
	const char *frame = irqw_meaningful_frame(frames, n);

	if (!frame)
		return;
	irqw_clean_string(buf, sizeof(buf), frame, true);
	fprintf(f, " at %s", buf);
}

/* "812.0 ms": tenths of a millisecond, cut */
static void print_ms(FILE *f, uint64_t ns)
{
	fprintf(f, "%" PRIu64 ".%" PRIu64 " ms", ns / 1000000,
		ns / 100000 % 10);
}

/* One indented line per sample, and one for the samples left out. */
static void print_samples(FILE *f, const struct irqw_event *ev)
{
	const struct irqw_sample *s;
	size_t i;

	for (i = 0; i < ev->nr_samples; i++) {
		s = &ev->samples[i];
		fputs("    sample +", f);
		print_ms(f, s->offset_ns);
		fprintf(f, " irqs %s ", s->irqs_disabled ? "off" : "on");
		print_task(f, &s->task);
		print_frame(f, s->frames, s->nr_frames);
		putc('\n', f);
	}
	if (ev->samples_omitted)
		fprintf(f, "    (%" PRIu32 " more sample%s omitted)\n",
			ev->samples_omitted, ev->samples_omitted == 1 ? "" : "s");
}

/* A name from the kernel, cleaned for a terminal, after a space. */
static void print_name(FILE *f, const char *prefix, const char *name)
{
	char buf[IRQW_FRAME_MAX];

	irqw_clean_string(buf, sizeof(buf), name, true);
	fprintf(f, " %s%s", prefix, buf);
}

/*
 * "stall get_slabinfo cache=dentry total_objects=120000 partial=3400 812.0 ms
 * cpu 3 cat[1234] parent crond[99] irqoff 790.0 ms related_seq 41"
 */
void irqw_human_stall(FILE *f, const struct irqw_event *ev,
		      const struct irqw_extra *x)
{
	fputs("stall", f);
	if (ev->probe)
		print_name(f, "", ev->probe);
	if (ev->cache)
		print_name(f, "cache=", ev->cache);
	if (ev->cache && x && x->has_slab)
		fprintf(f, " total_objects=%" PRIu64 " partial=%" PRIu64,
			x->slab_objects, x->slab_partial);
	if (ev->has & IRQW_EV_DURATION) {
		putc(' ', f);
		print_ms(f, ev->duration_ns);
	}
	fprintf(f, " cpu %" PRIu32, ev->cpu);
	if (ev->has & IRQW_EV_TASK) {
		putc(' ', f);
		print_task(f, &ev->task);
	}
	if (ev->has & IRQW_EV_PARENT) {
		fputs(" parent ", f);
		print_task(f, &ev->parent);
	}
	if (ev->has & IRQW_EV_IRQOFF_NS && ev->irqoff_ns) {
		fputs(" irqoff ", f);
		print_ms(f, ev->irqoff_ns);
	}
	if (ev->has & IRQW_EV_RELATED_SEQ)
		fprintf(f, " related_seq %" PRIu64, ev->related_seq);
	putc('\n', f);
}

/* "812.345": thousandths of a millisecond, cut */
static void print_ms3(FILE *f, uint64_t ns)
{
	fprintf(f, "%" PRIu64 ".%03" PRIu64, ns / 1000000, ns / 1000 % 1000);
}

/*
 * " duration 812.345ms"; a window known only within bounds (softirqoff)
 * " duration 50.000-52.000ms", or " duration <=52.000ms" without the lower
 */
static void print_duration(FILE *f, const struct irqw_event *ev)
{
	if (ev->has & IRQW_EV_DURATION_MAX) {
		fputs(" duration ", f);
		if (ev->has & IRQW_EV_DURATION) {
			print_ms3(f, ev->duration_ns);
			putc('-', f);
		} else {
			fputs("<=", f);
		}
		print_ms3(f, ev->duration_max_ns);
		fputs("ms", f);
	} else if (ev->has & IRQW_EV_DURATION && ev->duration_ns) {
		fputs(" duration ", f);
		print_ms3(f, ev->duration_ns);
		fputs("ms", f);
	}
}

/* " pending TIMER,TASKLET": the softirq vectors, "none" if there are none */
static void print_pending(FILE *f, uint32_t pending)
{
	char buf[IRQW_NAME_LEN];
	uint32_t bit;
	bool first = true;

	fputs(" pending ", f);
	for (bit = 0; bit < 32; bit++) {
		if (!(pending & 1U << bit))
			continue;
		fprintf(f, "%s%s", first ? "" : ",", irqw_softirq_name(bit, buf));
		first = false;
	}
	if (first)
		fputs("none", f);
}

void irqw_human_window(FILE *f, const struct irqw_event *ev,
		       const struct irqw_extra *x __attribute__((unused)))
{
	char type[IRQW_TYPE_LEN], name[IRQW_NAME_LEN];

	fprintf(f, "%s cpu %" PRIu32, irqw_event_type_name(ev->type, type),
		ev->cpu);
	print_duration(f, ev);
	if (ev->has & IRQW_EV_SYNTH_INDEX)
		fprintf(f, " index %" PRIu64, ev->synth_index);
	if (ev->has & IRQW_EV_CAUSE)
		fprintf(f, " cause %s", irqw_cause_name(ev->cause, name));
	if (ev->has & IRQW_EV_PENDING)
		print_pending(f, ev->pending);
	if (ev->has & IRQW_EV_TASK) {
		fputs(" task ", f);
		print_task(f, &ev->task);
	}
	print_frame(f, ev->frames, ev->nr_frames);
	if (ev->has & IRQW_EV_WITHIN)
		print_name(f, "within ", ev->within.symbol);
	putc('\n', f);
	print_samples(f, ev);
}

int irqw_human_event(FILE *f, const struct irqw_event *ev,
		     const struct irqw_extra *x)
{
	char time[IRQW_TIME_LEN];
	int ret;

	ret = irqw_format_time(ev->real_ns, time, sizeof(time));
	if (ret)
		return ret;
	fprintf(f, "[%s] seq %" PRIu64 " ", time, ev->seq);
	irqw_family_of(ev->type)->text(f, ev, x);
	return ferror(f) ? -EIO : 0;
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
