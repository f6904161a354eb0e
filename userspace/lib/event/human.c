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

static void print_dur(FILE *f, const char *label, uint64_t ns)
{
	char buf[IRQW_DURATION_LEN];

	fprintf(f, " %s %s", label, irqw_format_duration(ns, buf));
}

/*
 * "softirq_latency cpu 1 NET_RX wait 12.3 ms run 100.0 us served by
 * ksoftirqd (ksoftirqd/1[16]) raised by cat[123] behind softirqs 1.0 ms
 * hardirqs 200.0 us (3 suppressed) at FRAME"
 */
void irqw_human_latency(FILE *f, const struct irqw_event *ev,
			const struct irqw_extra *x __attribute__((unused)))
{
	char name[IRQW_NAME_LEN], type[IRQW_TYPE_LEN];

	fprintf(f, "%s cpu %" PRIu32, irqw_event_type_name(ev->type, type),
		ev->cpu);
	if (ev->has & IRQW_EV_VECTOR)
		fprintf(f, " %s", irqw_softirq_name(ev->vector, name));
	if (ev->has & IRQW_EV_WAIT)
		print_dur(f, "wait", ev->wait_ns);
	if (ev->has & IRQW_EV_RUN)
		print_dur(f, "run", ev->run_ns);
	if (ev->has & IRQW_EV_SERVED_BY)
		fprintf(f, " served by %s",
			irqw_served_by_name(ev->served_by, name));
	if (ev->has & IRQW_EV_TASK) {
		fputs(ev->has & IRQW_EV_SERVED_BY ? " (" : " in ", f);
		print_task(f, &ev->task);
		if (ev->has & IRQW_EV_SERVED_BY)
			putc(')', f);
	}
	if (ev->has & IRQW_EV_RAISER) {
		fputs(" raised by ", f);
		print_task(f, &ev->raiser);
	}
	if (ev->wait_softirq_ns || ev->wait_hardirq_ns) {
		fputs(" behind", f);
		print_dur(f, "softirqs", ev->wait_softirq_ns);
		print_dur(f, "hardirqs", ev->wait_hardirq_ns);
	}
	if (ev->suppressed)
		fprintf(f, " (%" PRIu32 " suppressed)", ev->suppressed);
	print_frame(f, ev->frames, ev->nr_frames);
	putc('\n', f);
}

/* "softirq_storm start cpu 1": the type, its phase and the CPU */
static void print_head(FILE *f, const struct irqw_event *ev)
{
	char type[IRQW_TYPE_LEN], phase[IRQW_NAME_LEN];

	fputs(irqw_event_type_name(ev->type, type), f);
	if (ev->has & IRQW_EV_PHASE)
		fprintf(f, " %s", irqw_phase_name(ev->phase, phase));
	fprintf(f, " cpu %" PRIu32, ev->cpu);
}

/* " trigger rate intervals 3 duration 3.00 s" */
static void print_rule(FILE *f, const struct irqw_event *ev)
{
	char name[IRQW_NAME_LEN];

	if (ev->has & IRQW_EV_TRIGGER)
		fprintf(f, " trigger %s", irqw_trigger_name(ev->trigger, name));
	if (ev->has & IRQW_EV_INTERVALS)
		fprintf(f, " intervals %" PRIu32, ev->intervals);
	if (ev->has & IRQW_EV_DURATION)
		print_dur(f, "duration", ev->duration_ns);
}

/* " irq 24 eth0-rx" */
static void print_irq(FILE *f, const struct irqw_irq *q)
{
	fprintf(f, " irq %" PRIu32, q->irq);
	if (q->name)
		print_name(f, "", q->name);
}

/* " affinity 0-3 effective 0", what the line has of them */
static void print_affinity(FILE *f, const struct irqw_irq *q)
{
	if (q->affinity)
		print_name(f, "affinity ", q->affinity);
	if (q->effective)
		print_name(f, "effective ", q->effective);
}

/*
 * "softirq_storm start cpu 1 share 87.0% ksoftirqd 100.0% trigger takeover
 * intervals 3 duration 3.00 s TASKLET 86.9% NET_RX 0.1%", with a line
 * "    napi eth0 polls 100 packets 6400 exhausted 90" per NAPI context;
 * "hardirq_storm start cpu 1 irq 24 irqwatch_fault 120000/s 23.0% trigger
 * rate intervals 3 duration 3.00 s affinity 0-1 effective 1"
 */
void irqw_human_storm(FILE *f, const struct irqw_event *ev,
		      const struct irqw_extra *x __attribute__((unused)))
{
	char name[IRQW_NAME_LEN], pct[IRQW_PCT_LEN];
	size_t i;

	print_head(f, ev);
	if (ev->nr_irqs)
		print_irq(f, &ev->irqs[0]);
	if (ev->has & IRQW_EV_RATE)
		fprintf(f, " %" PRIu64 "/s", ev->rate);
	if (ev->has & IRQW_EV_SHARE)
		fprintf(f, "%s%s", ev->nr_irqs || ev->has & IRQW_EV_RATE ?
			" " : " share ", irqw_format_pct(ev->share, pct));
	if (ev->nr_irqs)
		print_affinity(f, &ev->irqs[0]);
	if (ev->has & IRQW_EV_KSOFTIRQD_SHARE)
		fprintf(f, " ksoftirqd %s", irqw_format_pct(ev->ksoftirqd_share, pct));
	print_rule(f, ev);
	for (i = 0; i < ev->nr_vecs; i++)
		fprintf(f, " %s %s", irqw_softirq_name(ev->vecs[i].vec, name),
			irqw_format_pct(ev->vecs[i].share, pct));
	putc('\n', f);
	for (i = 0; i < ev->nr_napis; i++) {
		fputs("   ", f);
		print_name(f, "napi ", ev->napis[i].dev);
		fprintf(f, " polls %" PRIu64 " packets %" PRIu64 " exhausted %"
			PRIu64 "\n", ev->napis[i].polls, ev->napis[i].packets,
			ev->napis[i].exhausted);
	}
}

/*
 * "irq_imbalance start cpu 0 load 45.0% mean 23.0% stddev 20.0% median
 * 1.0% over 3 trigger load intervals 3 duration 30.00 s", then
 * "    cpus 0:45.0%/idle 5.0% 1:1.0%/idle 95.0%" and a line per busiest
 * interrupt line, "    irq 24 eth0-rx 30000/s 40.0% affinity 0-3 effective 0"
 */
void irqw_human_imbalance(FILE *f, const struct irqw_event *ev,
			  const struct irqw_extra *x __attribute__((unused)))
{
	const struct irqw_imbalance *imb = &ev->imb;
	char pct[IRQW_PCT_LEN], idle[IRQW_PCT_LEN];
	size_t i;

	print_head(f, ev);
	if (ev->has & IRQW_EV_IMBALANCE) {
		if (imb->has_hot_cpu && imb->hot_cpu != ev->cpu)
			fprintf(f, " hot cpu %" PRIu32, imb->hot_cpu);
		if (imb->has_load)
			fprintf(f, " load %s", irqw_format_pct(imb->load, pct));
		fprintf(f, " mean %s", irqw_format_pct(imb->mean, pct));
		fprintf(f, " stddev %s", irqw_format_pct(imb->stddev, pct));
		fprintf(f, " median %s", irqw_format_pct(imb->median, pct));
		if (imb->has_over)
			fprintf(f, " over %" PRIu32, imb->over);
	}
	print_rule(f, ev);
	putc('\n', f);
	if (imb->nr_cpus) {
		fputs("    cpus", f);
		for (i = 0; i < imb->nr_cpus; i++)
			fprintf(f, " %" PRIu32 ":%s/idle %s", imb->cpus[i].cpu,
				irqw_format_pct(imb->cpus[i].load, pct),
				irqw_format_pct(imb->cpus[i].idle, idle));
		putc('\n', f);
	}
	for (i = 0; i < ev->nr_irqs; i++) {
		fputs("   ", f);
		print_irq(f, &ev->irqs[i]);
		fprintf(f, " %" PRIu64 "/s %s", ev->irqs[i].rate,
			irqw_format_pct(ev->irqs[i].share, pct));
		print_affinity(f, &ev->irqs[i]);
		putc('\n', f);
	}
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
