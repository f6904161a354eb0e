// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <linux/irqwatch.h>

#include "fmt.h"
#include "event.h"
#include "ipc.h"

#define NSEC_PER_SEC	1000000000ULL

static const char *const type_names[__IRQWATCH_EVENT_MAX] = {
	[IRQWATCH_EVENT_SYNTHETIC]		= "synthetic",
	[IRQWATCH_EVENT_IRQOFF]			= "irqoff",
	[IRQWATCH_EVENT_SOFTIRQOFF]		= "softirqoff",
	[IRQWATCH_EVENT_SOFTIRQ_LATENCY]	= "softirq_latency",
	[IRQWATCH_EVENT_SOFTIRQ_STORM]		= "softirq_storm",
	[IRQWATCH_EVENT_HARDIRQ_STORM]		= "hardirq_storm",
	[IRQWATCH_EVENT_STALL]			= "stall",
	[IRQWATCH_EVENT_IRQ_IMBALANCE]		= "irq_imbalance",
};

static const char *const cause_names[__IRQWATCH_CAUSE_MAX] = {
	[IRQWATCH_CAUSE_IRQS_DISABLED]	= "irqs_disabled",
	[IRQWATCH_CAUSE_VCPU_STALL]	= "vcpu_stall",
	[IRQWATCH_CAUSE_IDLE_EXIT]	= "idle_exit",
	[IRQWATCH_CAUSE_UNCONFIRMED]	= "unconfirmed",
	[IRQWATCH_CAUSE_BH_DISABLED]	= "bh_disabled",
};

static const char *const context_names[__IRQWATCH_CONTEXT_MAX] = {
	[IRQWATCH_CONTEXT_TASK]		= "task",
	[IRQWATCH_CONTEXT_USER]		= "user",
	[IRQWATCH_CONTEXT_SOFTIRQ]	= "softirq",
	[IRQWATCH_CONTEXT_IDLE]		= "idle",
};

/* as the kernel's softirq_to_name[] */
static const char *const softirq_names[__IRQWATCH_SOFTIRQ_MAX] = {
	[IRQWATCH_SOFTIRQ_HI]		= "HI",
	[IRQWATCH_SOFTIRQ_TIMER]	= "TIMER",
	[IRQWATCH_SOFTIRQ_NET_TX]	= "NET_TX",
	[IRQWATCH_SOFTIRQ_NET_RX]	= "NET_RX",
	[IRQWATCH_SOFTIRQ_BLOCK]	= "BLOCK",
	[IRQWATCH_SOFTIRQ_IRQ_POLL]	= "IRQ_POLL",
	[IRQWATCH_SOFTIRQ_TASKLET]	= "TASKLET",
	[IRQWATCH_SOFTIRQ_SCHED]	= "SCHED",
	[IRQWATCH_SOFTIRQ_HRTIMER]	= "HRTIMER",
	[IRQWATCH_SOFTIRQ_RCU]		= "RCU",
};

static const char *const served_by_names[__IRQWATCH_SERVED_MAX] = {
	[IRQWATCH_SERVED_IRQ_EXIT]	= "irq_exit",
	[IRQWATCH_SERVED_KSOFTIRQD]	= "ksoftirqd",
	[IRQWATCH_SERVED_BH_ENABLE]	= "local_bh_enable",
	[IRQWATCH_SERVED_OTHER]		= "other",
};

static const char *const phase_names[__IRQWATCH_PHASE_MAX] = {
	[IRQWATCH_PHASE_START]	= "start",
	[IRQWATCH_PHASE_END]	= "end",
};

static const char *const trigger_names[__IRQWATCH_TRIGGER_MAX] = {
	[IRQWATCH_TRIGGER_SHARE]	= "share",
	[IRQWATCH_TRIGGER_TAKEOVER]	= "takeover",
	[IRQWATCH_TRIGGER_RATE]		= "rate",
	[IRQWATCH_TRIGGER_LOAD]		= "load",
};

static const char *const tp_state_names[__IRQWATCH_TP_STATE_MAX] = {
	[IRQWATCH_TP_STATE_ATTACHED]	= "attached",
	[IRQWATCH_TP_STATE_OFF]		= "off",
	[IRQWATCH_TP_STATE_MISSING]	= "missing",
	[IRQWATCH_TP_STATE_FAILED]	= "failed",
};

static const char *const kind_names[__IRQWATCH_PROBE_KIND_MAX] = {
	[IRQWATCH_PROBE_KIND_SLAB]	= "slab",
	[IRQWATCH_PROBE_KIND_USER]	= "user",
};

static const char *const state_names[__IRQWATCH_PROBE_STATE_MAX] = {
	[IRQWATCH_PROBE_STATE_ACTIVE]	= "active",
	[IRQWATCH_PROBE_STATE_OFF]	= "off",
	[IRQWATCH_PROBE_STATE_MISSING]	= "missing",
	[IRQWATCH_PROBE_STATE_REMOVING]	= "removing",
	[IRQWATCH_PROBE_STATE_DISABLED]	= "disabled",
};

/*
 * Prefixes of the functions irqw_meaningful_frame() passes over: spinlock
 * and rwlock internals, the interrupt flag, preemption and bottom halves,
 * interrupt entry, and busy-wait delays.
 */
static const char *const plumbing[] = {
	"_raw_", "__raw_", "do_raw_", "queued_", "native_", "arch_local_",
	"trace_hardirqs_", "lockdep_hardirqs_", "preempt_count_", "__local_bh_",
	"local_bh_", "__x86_return_thunk", "asm_sysvec_", "sysvec_",
	"asm_common_interrupt", "irq_exit", "__irq_exit", "delay_tsc",
	"delay_loop", "__delay", "__const_udelay", "__udelay", "__ndelay",
};

uint64_t irqw_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

int irqw_format_time(uint64_t real_ns, char *buf, size_t size)
{
	time_t sec = (time_t)(real_ns / NSEC_PER_SEC);
	unsigned int usec = (unsigned int)(real_ns % NSEC_PER_SEC / 1000);
	struct tm tm;
	size_t len;
	int n;

	if (!gmtime_r(&sec, &tm))
		return -ERANGE;
	len = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!len)
		return -ENOSPC;
	n = snprintf(buf + len, size - len, ".%06uZ", usec);
	return n < 0 || (size_t)n >= size - len ? -ENOSPC : 0;
}

const char *irqw_event_type_name(uint32_t type, char *buf)
{
	if (type < __IRQWATCH_EVENT_MAX && type_names[type])
		return type_names[type];
	snprintf(buf, IRQW_TYPE_LEN, "type%u", type);
	return buf;
}

static const char *const bucket_names[] = {
	"<1us", "1-2us", "2-4us", "4-8us", "8-16us", "16-32us", "32-64us",
	"64-128us", "128-256us", "256-512us", "512us-1ms", "1-2ms", "2-4ms",
	"4-8ms", "8-16ms", "16-32ms", "32-64ms", "64-128ms", "128-256ms",
	"256-512ms", "512ms-1s", ">=1s",
};

_Static_assert(sizeof(bucket_names) / sizeof(bucket_names[0]) ==
	       IRQWATCH_HIST_BUCKETS, "a name for every bucket");

const char *irqw_hist_bucket_name(size_t i)
{
	return i < IRQWATCH_HIST_BUCKETS ? bucket_names[i] : NULL;
}

const char *irqw_format_duration(uint64_t ns, char *buf)
{
	if (ns < 1000)
		snprintf(buf, IRQW_DURATION_LEN, "%" PRIu64 " ns", ns);
	else if (ns < 1000000)
		snprintf(buf, IRQW_DURATION_LEN, "%" PRIu64 ".%" PRIu64 " us",
			 ns / 1000, ns / 100 % 10);
	else if (ns < NSEC_PER_SEC)
		snprintf(buf, IRQW_DURATION_LEN, "%" PRIu64 ".%" PRIu64 " ms",
			 ns / 1000000, ns / 100000 % 10);
	else
		snprintf(buf, IRQW_DURATION_LEN, "%" PRIu64 ".%02" PRIu64 " s",
			 ns / (uint64_t)NSEC_PER_SEC, ns / 10000000 % 100);
	return buf;
}

static const char *enum_name(const char *const *names, uint32_t n,
			     uint32_t val, const char *prefix, char *buf)
{
	if (val < n && names[val])
		return names[val];
	snprintf(buf, IRQW_NAME_LEN, "%s%u", prefix, val);
	return buf;
}

const char *irqw_cause_name(uint32_t cause, char *buf)
{
	return enum_name(cause_names, __IRQWATCH_CAUSE_MAX, cause, "cause", buf);
}

const char *irqw_context_name(uint32_t context, char *buf)
{
	return enum_name(context_names, __IRQWATCH_CONTEXT_MAX, context,
			 "context", buf);
}

const char *irqw_softirq_name(uint32_t vec, char *buf)
{
	if (vec < __IRQWATCH_SOFTIRQ_MAX && softirq_names[vec])
		return softirq_names[vec];
	snprintf(buf, IRQW_NAME_LEN, "bit %u", vec);
	return buf;
}

const char *irqw_probe_kind_name(uint32_t kind, char *buf)
{
	return enum_name(kind_names, __IRQWATCH_PROBE_KIND_MAX, kind, "kind",
			 buf);
}

const char *irqw_probe_state_name(uint32_t state, char *buf)
{
	return enum_name(state_names, __IRQWATCH_PROBE_STATE_MAX, state,
			 "state", buf);
}

const char *irqw_served_by_name(uint32_t served_by, char *buf)
{
	return enum_name(served_by_names, __IRQWATCH_SERVED_MAX, served_by,
			 "served_by", buf);
}

const char *irqw_phase_name(uint32_t phase, char *buf)
{
	return enum_name(phase_names, __IRQWATCH_PHASE_MAX, phase, "phase", buf);
}

const char *irqw_trigger_name(uint32_t trigger, char *buf)
{
	return enum_name(trigger_names, __IRQWATCH_TRIGGER_MAX, trigger,
			 "trigger", buf);
}

const char *irqw_tp_state_name(uint32_t state, char *buf)
{
	return enum_name(tp_state_names, __IRQWATCH_TP_STATE_MAX, state,
			 "state", buf);
}

/*
 * What a tracepoint that is missing or failed leaves unmeasured, by its
 * name (the UAPI header's list); NULL for one this tool does not know.
 */
static const struct {
	const char *name, *impact;
} tp_impacts[] = {
	{ "irq:softirq_raise", "softirq waits are not measured" },
	{ "irq:softirq_entry", "softirqs are not measured" },
	{ "irq:softirq_exit", "softirqs are not measured" },
	{ "irq:irq_handler_entry",
	  "hardirq time, hardirq storms and imbalance are not measured" },
	{ "irq:irq_handler_exit",
	  "hardirq time, hardirq storms and imbalance are not measured" },
	{ "napi:napi_poll", "NAPI contexts are not named in softirq storms" },
};

const char *irqw_tp_impact(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(tp_impacts) / sizeof(tp_impacts[0]); i++)
		if (!strcmp(tp_impacts[i].name, name))
			return tp_impacts[i].impact;
	return NULL;
}

const char *irqw_format_fraction(uint32_t ppm, char *buf)
{
	size_t len;

	len = (size_t)snprintf(buf, IRQW_FRACTION_LEN, "%" PRIu32 ".%06" PRIu32,
			       ppm / IRQWATCH_PPM, ppm % IRQWATCH_PPM);
	/* trailing zeros go, but one digit stays after the point */
	while (buf[len - 1] == '0' && buf[len - 2] != '.')
		buf[--len] = '\0';
	return buf;
}

const char *irqw_format_pct(uint32_t ppm, char *buf)
{
	snprintf(buf, IRQW_PCT_LEN, "%" PRIu32 ".%" PRIu32 "%%", ppm / 10000,
		 ppm / 1000 % 10);
	return buf;
}

static bool is_plumbing(const char *frame)
{
	size_t i;

	for (i = 0; i < sizeof(plumbing) / sizeof(plumbing[0]); i++)
		if (!strncmp(frame, plumbing[i], strlen(plumbing[i])))
			return true;
	return false;
}

const char *irqw_meaningful_frame(const char *const *frames, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_plumbing(frames[i]))
			return frames[i];
	return n ? frames[0] : NULL;
}

/* Length of the valid UTF-8 sequence at s, 0 if there is none. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	/* no overlong forms, no surrogates, nothing above U+10FFFF */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

size_t irqw_clean_string(char *dst, size_t size, const char *src, bool terminal)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t len = 0, n;

	while (*s) {
		n = utf8_len(s);
		if (!n || (terminal && (*s < 0x20 || *s == 0x7f ||
					(*s == 0xc2 && s[1] < 0xa0)))) {
			if (len + 1 >= size)
				break;
			dst[len++] = '?';
			s += n ? n : 1;
			continue;
		}
		if (len + n >= size)
			break;
		memcpy(dst + len, s, n);
		len += n;
		s += n;
	}
	dst[len] = '\0';
	return len;
}

int irqw_json_put(struct json_object *obj, const char *key, struct json_object *val)
{
	if (val && !json_object_object_add(obj, key, val))
		return 0;
	json_object_put(val);
	return -ENOMEM;
}

int irqw_json_put_null(struct json_object *obj, const char *key)
{
	return json_object_object_add(obj, key, NULL) ? -ENOMEM : 0;
}

int irqw_json_append(struct json_object *arr, struct json_object *val)
{
	if (val && !json_object_array_add(arr, val))
		return 0;
	json_object_put(val);
	return -ENOMEM;
}

int irqw_json_put_u64(struct json_object *obj, const char *key, uint64_t val)
{
	return irqw_json_put(obj, key, json_object_new_uint64(val));
}

int irqw_json_put_ns(struct json_object *obj, const char *key, uint64_t val)
{
	char name[64], text[24];

	if (snprintf(name, sizeof(name), "%s_str", key) >= (int)sizeof(name))
		return -EINVAL;
	snprintf(text, sizeof(text), "%" PRIu64, val);
	if (irqw_json_put_u64(obj, key, val) ||
	    irqw_json_put(obj, name, json_object_new_string(text)))
		return -ENOMEM;
	return 0;
}

int irqw_json_put_ppm(struct json_object *obj, const char *key, uint32_t ppm)
{
	char buf[IRQW_FRACTION_LEN];

	irqw_format_fraction(ppm, buf);
	return irqw_json_put(obj, key, json_object_new_double_s(
		(double)ppm / IRQWATCH_PPM, buf));
}

int irqw_json_put_string(struct json_object *obj, const char *key, const char *s)
{
	char buf[IRQW_FRAME_MAX];

	irqw_clean_string(buf, sizeof(buf), s, false);
	return irqw_json_put(obj, key, json_object_new_string(buf));
}

int irqw_json_append_string(struct json_object *arr, const char *s)
{
	char buf[IRQW_FRAME_MAX];

	irqw_clean_string(buf, sizeof(buf), s, false);
	return irqw_json_append(arr, json_object_new_string(buf));
}

int irqw_json_put_loads(struct json_object *obj, const char *key,
			const struct irqw_imbalance *imb)
{
	struct json_object *arr = json_object_new_array(), *o;
	size_t i;

	if (irqw_json_put(obj, key, arr))
		return -ENOMEM;
	for (i = 0; i < imb->nr_cpus; i++) {
		o = json_object_new_object();
		if (irqw_json_append(arr, o) ||
		    irqw_json_put_u64(o, "cpu", imb->cpus[i].cpu) ||
		    irqw_json_put_ppm(o, "load", imb->cpus[i].load) ||
		    irqw_json_put_ppm(o, "idle", imb->cpus[i].idle))
			return -ENOMEM;
	}
	return 0;
}
