/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Formatting of event fields for output, shared by record and monitor. Pure. */
#ifndef IRQW_FMT_H
#define IRQW_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CLOCK_MONOTONIC now, in ns. */
uint64_t irqw_mono_ns(void);

/* Room for any time irqw_format_time() writes, NUL included. */
#define IRQW_TIME_LEN	40

/*
 * ns since the epoch as ISO 8601 UTC with microseconds (cut, not rounded):
 * "2026-11-21T10:00:00.123456Z". 0 or -ENOSPC.
 */
int irqw_format_time(uint64_t real_ns, char *buf, size_t size);

/* Room for any name irqw_event_type_name() formats, NUL included. */
#define IRQW_TYPE_LEN	16

/*
 * The name of an enum irqwatch_event_type, as in the UAPI header's comments
 * ("synthetic", "irqoff", ...); one this tool does not know is "typeN",
 * formatted into buf, which must have IRQW_TYPE_LEN bytes.
 */
const char *irqw_event_type_name(uint32_t type, char *buf);

/* Room for any name the irqw_*_name() below format, NUL included. */
#define IRQW_NAME_LEN	24

/*
 * The names of enum irqwatch_cause ("irqs_disabled", ...) and enum
 * irqwatch_context ("task", ...), as in the UAPI header's comments; a value
 * this tool does not know is "causeN" or "contextN", formatted into buf,
 * which must have IRQW_NAME_LEN bytes.
 */
const char *irqw_cause_name(uint32_t cause, char *buf);
const char *irqw_context_name(uint32_t context, char *buf);

/*
 * The name of a bit of IRQWATCH_EV_PENDING, a softirq vector of enum
 * irqwatch_softirq_vec, as the kernel's softirq_to_name[] has it ("HI",
 * "TIMER", ... "RCU"); a bit this tool does not know is "bit N" (0..31),
 * formatted into buf, which must have IRQW_NAME_LEN bytes.
 */
const char *irqw_softirq_name(uint32_t vec, char *buf);

/*
 * The same for enum irqwatch_served_by ("irq_exit", "ksoftirqd",
 * "local_bh_enable", "other"; "served_byN"), enum irqwatch_phase ("start",
 * "end"; "phaseN"), enum irqwatch_trigger ("share", "takeover", "rate",
 * "load"; "triggerN") and enum irqwatch_tp_state ("attached", "off",
 * "missing", "failed"; "stateN").
 */
const char *irqw_served_by_name(uint32_t served_by, char *buf);
const char *irqw_phase_name(uint32_t phase, char *buf);
const char *irqw_trigger_name(uint32_t trigger, char *buf);
const char *irqw_tp_state_name(uint32_t state, char *buf);

/*
 * What a missing or failed tracepoint leaves unmeasured, for status
 * ("softirq waits are not measured"), by its name ("irq:softirq_raise");
 * NULL for a name this tool does not know.
 */
const char *irqw_tp_impact(const char *name);

/* Room for irqw_format_fraction() and irqw_format_pct(), NUL included. */
#define IRQW_FRACTION_LEN	16
#define IRQW_PCT_LEN		16

/*
 * A share in ppm (IRQWATCH_PPM is the whole) as the exact decimal
 * fraction JSON has: 634512 "0.634512", 500000 "0.5", 0 "0.0", 1000000
 * "1.0". Returns buf, which has IRQW_FRACTION_LEN bytes.
 */
const char *irqw_format_fraction(uint32_t ppm, char *buf);

/* The same as a percentage for people, cut to a tenth: "63.4%". */
const char *irqw_format_pct(uint32_t ppm, char *buf);

/*
 * The same for enum irqwatch_probe_kind ("slab", "user"; "kindN") and enum
 * irqwatch_probe_state ("active", "off", "missing"; "stateN").
 */
const char *irqw_probe_kind_name(uint32_t kind, char *buf);
const char *irqw_probe_state_name(uint32_t state, char *buf);

/*
 * The first frame of a stack (innermost first) that is not one of the
 * kernel's locking, interrupt-flag or delay primitives, which tell where
 * interrupts came back on but not who held them off: for
 * "_raw_spin_unlock_irq+0x1a/0x30", "get_slabinfo+0x9c/0x110" the second.
 * The innermost frame if every frame is one; NULL for no frames.
 */
const char *irqw_meaningful_frame(const char *const *frames, size_t n);

/* Room for any text irqw_format_duration() writes, NUL included. */
#define IRQW_DURATION_LEN	32

/*
 * ns for people, cut to one decimal (two for seconds): "950 ns", "12.3 us",
 * "812.0 ms", "2.44 s". Returns buf, which has IRQW_DURATION_LEN bytes.
 */
const char *irqw_format_duration(uint64_t ns, char *buf);

/*
 * The range of bucket i of an irqoff lateness histogram, as powers of two
 * microseconds, 1024 us written as 1ms: "<1us", "1-2us", .., "512us-1ms",
 * "1-2ms", .., "512ms-1s", ">=1s"; NULL past the last bucket.
 */
const char *irqw_hist_bucket_name(size_t i);

/*
 * Copies the string src to dst (size bytes, size > 0), cut to fit, with
 * every byte that is not part of valid UTF-8 replaced by '?'; with terminal,
 * control characters too (C0, DEL and C1), so that a task name cannot send
 * escape sequences to a terminal. Returns the length written.
 */
size_t irqw_clean_string(char *dst, size_t size, const char *src, bool terminal);

/*
 * json-c helpers of every JSON writer: val is consumed, and may be a failed
 * allocation (NULL); 0 or -ENOMEM. Strings from the kernel are bytes: the
 * _string ones make them valid UTF-8 (irqw_clean_string()) first.
 */
struct json_object;
int irqw_json_put(struct json_object *obj, const char *key, struct json_object *val);
/* key: null (irqw_json_put() takes a NULL value for a failed allocation). */
int irqw_json_put_null(struct json_object *obj, const char *key);
int irqw_json_append(struct json_object *arr, struct json_object *val);
int irqw_json_put_u64(struct json_object *obj, const char *key, uint64_t val);
int irqw_json_put_string(struct json_object *obj, const char *key, const char *s);
/*
 * A 64-bit ns value of a query's JSON twice: key as a number, exact up to
 * 2^53 (104 days), and key_str as its decimal string, exact always.
 */
int irqw_json_put_ns(struct json_object *obj, const char *key, uint64_t val);
int irqw_json_append_string(struct json_object *arr, const char *s);
/* A share in ppm as a JSON number, the fraction irqw_format_fraction() writes. */
int irqw_json_put_ppm(struct json_object *obj, const char *key, uint32_t ppm);
/*
 * key: [{"cpu":0,"load":0.45,"idle":0.5}, ...], the CPUs' loads of an
 * imbalance check (irq_imbalance events, status), [] for none.
 */
struct irqw_imbalance;
int irqw_json_put_loads(struct json_object *obj, const char *key,
			const struct irqw_imbalance *imb);

#endif /* IRQW_FMT_H */
