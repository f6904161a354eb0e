/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the stall detector's files: stall.c (probes and handlers),
 * stall_slots.c (the calls in flight), stall_event.c (the events),
 * stall_readers.c (the slab preset's readers).
 */
#ifndef IRQWATCH_STALL_H
#define IRQWATCH_STALL_H

#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/types.h>
#include <net/genetlink.h>
#include <linux/irqwatch.h>

#define IRQW_NR_PRESETS		4
#define IRQW_ENTRY_FRAMES	16

struct irqw_probe_pcpu {
	u64 calls;
	u64 stalls;
	u64 total_ns;
	u64 max_ns;
	u64 missed;			/* not hooked: no free slot */
	u64 win_start_ns;		/* the budget's second on this CPU */
	u32 win_calls;
};

struct irqw_probe {
	struct kretprobe krp;
	char symbol[IRQWATCH_SYMBOL_LEN_MAX];
	u8 kind;			/* enum irqwatch_probe_kind */
	u8 preset;			/* index in irqw_presets[] */
	u32 threshold_us;		/* 0: stall_threshold_us */
	int error;			/* positive errno of the last register */
	/* under irqw_stall_lock */
	bool registered;
	bool busy;			/* the work is unregistering it */
	bool removing;			/* PROBE_DEL: freed once unregistered */
	bool disabled;			/* over budget: unregistered */
	/* read by the handlers */
	bool armed;			/* time calls (else decline them) */
	bool gone;			/* unregistered: no return hook runs */
	unsigned long tripped;		/* bit 0: a call was over budget */
	u32 trip_cpu;
	u32 trip_calls;
	u64 missed_base;		/* krp.nmissed of past registrations */
	atomic64_t abandoned;		/* calls whose return hook never ran */
	struct list_head node;		/* irqw_user_probes */
	struct irqw_probe_pcpu __percpu *pcpu;
};

/* What the entry handler leaves for the return handler: one per call. */
struct irqw_call {
	u64 start_ns;
	const void *cache;		/* the slab preset's first argument */
	u32 slot;			/* in irqw_slots[] */
	u32 word;			/* the slot's state word when READY */
	u8 irqs_off;
	u8 nr_frames;
	unsigned long frames[IRQW_ENTRY_FRAMES];
};

/* The calls in flight (stall_slots.c). */
bool irqw_slot_claim(struct irqw_probe *p, struct irqw_call *c);
bool irqw_slot_release(const struct irqw_call *c, u64 *related_seq,
		       u64 *irqoff_ns);
unsigned int irqw_probe_inflight(const struct irqw_probe *p);
unsigned int irqw_slots_reclaim(void);
unsigned int irqw_slots_in_use(void);

/* The events (stall_event.c). */
void irqw_stall_report(const struct irqw_probe *p, const struct irqw_call *c,
		       u64 ns, u8 irqs_off, u64 related_seq, u64 irqoff_ns);

/* The detector is on: the handlers time calls, the ticks look them up. */
extern bool irqw_stall_on;

/* The requests (stall_nl.c) and what they call. */
#define IRQW_STALL_NL_OPS	4
extern const struct genl_ops irqw_stall_nl_ops[IRQW_STALL_NL_OPS];
int irqw_stall_probe_add(const char *symbol, u32 threshold_us,
			 struct sk_buff *reply, struct netlink_ext_ack *extack);
int irqw_stall_probe_del(const char *symbol, struct netlink_ext_ack *extack);
size_t irqw_stall_probe_size(void);
int irqw_stall_put_probe(struct sk_buff *msg, const struct irqw_probe *p);
size_t irqw_stall_list_size(void);
int irqw_stall_put_list(struct sk_buff *msg);
size_t irqw_stall_readers_size(void);
int irqw_stall_put_readers(struct sk_buff *msg);

/* The slab preset's functions; a reader's preset indexes it. */
extern const char *const irqw_preset_syms[IRQW_NR_PRESETS];

int irqw_readers_init(void);
void irqw_readers_exit(void);
bool irqw_reader_add(u8 preset, const void *cache, u64 now, u64 ns, bool over);
u64 irqw_stall_readers_evicted(void);

#endif /* IRQWATCH_STALL_H */
