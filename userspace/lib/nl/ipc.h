/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Requests to the irqwatch generic netlink family. This layer owns all use of
 * libnl; callers see plain C structures and negative errno values:
 *
 *   -EPROTONOSUPPORT  the "irqwatch" family is not registered (module not
 *                     loaded)
 *   -EPERM, -EACCES   refused by the kernel: CAP_NET_ADMIN for every
 *                     command, and CAP_PERFMON or CAP_SYS_ADMIN too for all
 *                     but GET_STATUS and GET_CONFIG
 *   -EOPNOTSUPP       the loaded module does not know the command
 *   -EBADMSG          the reply does not follow kmod/uapi/linux/irqwatch.h
 *
 * anything else is the errno of the failing operation. Where a function takes
 * a struct irqw_extack, a refused request also leaves there what the kernel
 * said about it (its extended ACK).
 */
#ifndef IRQW_IPC_H
#define IRQW_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct nl_msg;
struct nlmsghdr;

struct irqw_cpu {
	uint32_t id;
	bool online;
	bool monitored;		/* online and in the "cpus" parameter */
};

struct irqw_config {
	uint32_t period_us;
	uint32_t irqoff_threshold_us;
	uint32_t softirq_threshold_us;
	uint32_t stall_threshold_us;
	uint32_t detectors;	/* bit set of enum irqwatch_detector */
	char *cpus;		/* cpulist as the module formats it */
	uint32_t ring_kb;	/* KiB of event ring per CPU, fixed at load */
	bool has_storm;		/* the storm detector's values (newer modules): */
	uint32_t storm_interval_ms;
	uint32_t softirq_storm_pct;	/* softirq share of a CPU */
	uint32_t hardirq_storm_rate;	/* interrupts per second of a line */
	uint32_t hardirq_storm_pct;	/* one line's share of a CPU */
	uint32_t imbalance_pct;	/* a hot CPU's least load */
};

struct irqw_status {
	char *version;		/* module version */
	char *kernel;		/* release of the running kernel */
	bool has_load_id;	/* IRQWATCH_A_LOAD_ID; older modules have none */
	uint64_t load_id;
	struct irqw_config config;
	size_t nr_cpus;
	struct irqw_cpu *cpus;	/* one per possible CPU, in reply order */
};

/* Bits of irqw_config_change.set: which of its values to change. */
enum {
	IRQW_SET_PERIOD			= 1U << 0,
	IRQW_SET_IRQOFF_THRESHOLD	= 1U << 1,
	IRQW_SET_SOFTIRQ_THRESHOLD	= 1U << 2,
	IRQW_SET_STALL_THRESHOLD	= 1U << 3,
	IRQW_SET_DETECTORS		= 1U << 4,
	IRQW_SET_CPUS			= 1U << 5,
	IRQW_SET_STORM_INTERVAL		= 1U << 6,
	IRQW_SET_SOFTIRQ_STORM_PCT	= 1U << 7,
	IRQW_SET_HARDIRQ_STORM_RATE	= 1U << 8,
	IRQW_SET_HARDIRQ_STORM_PCT	= 1U << 9,
	IRQW_SET_IMBALANCE_PCT		= 1U << 10,
};

#define IRQW_SET_ALL	((IRQW_SET_IMBALANCE_PCT << 1) - 1)

/* A request to change some of the configuration; values not in set unused. */
struct irqw_config_change {
	unsigned int set;	/* IRQW_SET_* bits */
	uint32_t period_us;
	uint32_t irqoff_threshold_us;
	uint32_t softirq_threshold_us;
	uint32_t stall_threshold_us;
	uint32_t detectors;	/* bit set of enum irqwatch_detector */
	const char *cpus;	/* cpulist; not owned, not freed */
	uint32_t storm_interval_ms;
	uint32_t softirq_storm_pct;
	uint32_t hardirq_storm_rate;
	uint32_t hardirq_storm_pct;
	uint32_t imbalance_pct;
};

/* Longest extack message kept, with its NUL; longer ones are cut. */
#define IRQW_EXTACK_MSG_LEN	256

/* What the kernel said about a refused request besides its errno. */
struct irqw_extack {
	/* NLMSGERR_ATTR_MSG, control characters made spaces; "" if none */
	char msg[IRQW_EXTACK_MSG_LEN];
	/* NLMSGERR_ATTR_OFFS: byte offset of the offending attribute in the request */
	bool has_offset;
	uint32_t offset;
};

/* IRQWATCH_CMD_GET_STATUS; on success free *st with irqw_status_free(). */
int irqw_get_status(struct irqw_status *st);

/*
 * Parses one IRQWATCH_CMD_GET_STATUS reply (the genl message, header
 * included); *st is only written on success.
 */
int irqw_status_parse(struct nlmsghdr *nlh, struct irqw_status *st);

/* Frees what *st points to and zeroes it; a zeroed *st is fine. */
void irqw_status_free(struct irqw_status *st);

/*
 * IRQWATCH_CMD_GET_CONFIG; on success free *cfg with irqw_config_free().
 * ext may be NULL; it is written whatever the outcome.
 */
int irqw_get_config(struct irqw_config *cfg, struct irqw_extack *ext);

/*
 * IRQWATCH_CMD_SET_CONFIG with the values of chg; on success *cfg is the
 * configuration now in force (free it with irqw_config_free()). The kernel
 * applies all of chg or none of it. ext may be NULL; it is written whatever
 * the outcome. -EINVAL without sending anything if
 * irqw_config_change_put() refuses chg.
 */
int irqw_set_config(const struct irqw_config_change *chg,
		    struct irqw_config *cfg, struct irqw_extack *ext);

/*
 * Parses one IRQWATCH_CMD_GET_CONFIG or IRQWATCH_CMD_SET_CONFIG reply (the
 * genl message, header included); *cfg is only written on success.
 */
int irqw_config_reply_parse(struct nlmsghdr *nlh, struct irqw_config *cfg);

/* Frees what *cfg points to and zeroes it; a zeroed *cfg is fine. */
void irqw_config_free(struct irqw_config *cfg);

/*
 * Appends the IRQWATCH_A_CONFIG nest of a SET_CONFIG request for chg to msg,
 * whose genl header is already in place: one attribute per bit of chg->set.
 * -EINVAL if chg->set is empty or has unknown bits, or chg->cpus is NULL or
 * longer than IRQWATCH_CPUS_LEN_MAX allows; -EMSGSIZE if msg is too small
 * (msg may then hold part of the nest).
 */
int irqw_config_change_put(struct nl_msg *msg,
			   const struct irqw_config_change *chg);

/*
 * Parses an NLMSG_ERROR message (nlh->nlmsg_len bytes, header included):
 * returns its error (0 for an ACK, else a negative errno) and, if ext is not
 * NULL, fills *ext from its extended ACK attributes, which it ignores if they
 * are missing or malformed. -EBADMSG, *ext cleared, if nlh is not a whole
 * NLMSG_ERROR message.
 */
int irqw_extack_parse(const struct nlmsghdr *nlh, struct irqw_extack *ext);

/* IRQWATCH_CMD_SUBSCRIBE's reply: where accounting starts. */
struct irqw_baseline {
	uint64_t next_seq;	/* seq the next stored event gets */
	uint64_t ring_drops;	/* events refused by full rings since load */
	bool has_load_id;	/* IRQWATCH_A_LOAD_ID; older modules have none */
	uint64_t load_id;	/* random, chosen at module load */
};

/*
 * What one message on a subscribed socket said: an IRQWATCH_CMD_EVENT
 * message, or nlctrl's news that the family is gone.
 */
struct irqw_event_msg {
	bool malformed;		/* unreadable: nothing below is set */
	bool family_removed;	/* CTRL_CMD_DELFAMILY "irqwatch"; no drops */
	bool has_ring_drops;	/* every IRQWATCH_CMD_EVENT message has */
	uint64_t ring_drops;	/* IRQWATCH_A_RING_DROPS: cumulative */
	bool has_next_seq;
	uint64_t next_seq;	/* IRQWATCH_A_NEXT_SEQ: every seq below exists */
	bool shutdown;		/* IRQWATCH_A_SHUTDOWN: the last message */
	size_t nr_events;
	struct irqw_event *events;	/* in message order */
	size_t nr_malformed;	/* events left out as malformed */
};

/*
 * Parses one IRQWATCH_CMD_EVENT message (header included) into *m; free it
 * with irqw_event_msg_free(). -EBADMSG if the message itself is broken (its
 * header, its ring drops, a length); an event that is not as the UAPI header
 * says (a missing or malformed attribute, seq or type 0, a stack too deep, a
 * longest duration below the shortest) is left out and counted in
 * m->nr_malformed. Unknown attributes are ignored.
 */
int irqw_event_msg_parse(struct nlmsghdr *nlh, struct irqw_event_msg *m);

/* Frees what *m points to and zeroes it; a zeroed *m is fine. */
void irqw_event_msg_free(struct irqw_event_msg *m);

/*
 * Whether nlh, a message of the nlctrl family, is a CTRL_CMD_DELFAMILY for
 * the family called name: 1 if so, 0 if not, -EBADMSG if it is a DELFAMILY
 * that cannot be read.
 */
int irqw_ctrl_delfamily_parse(struct nlmsghdr *nlh, const char *name);

/* Parses an IRQWATCH_CMD_SUBSCRIBE reply; *b is only written on success. */
int irqw_subscribe_reply_parse(struct nlmsghdr *nlh, struct irqw_baseline *b);

/* A subscribed socket. */
struct irqw_sub;

/* Receive buffer of a subscription unless asked otherwise. */
#define IRQW_RCVBUF_DEFAULT	(8U << 20)
#define IRQW_RCVBUF_MAX		(1U << 30)

/*
 * Opens a socket, sets its receive buffer to rcvbuf bytes (SO_RCVBUFFORCE,
 * which needs CAP_NET_ADMIN, else SO_RCVBUF up to net.core.rmem_max), joins
 * nlctrl's "notify" group to hear of the family's removal, and sends
 * IRQWATCH_CMD_SUBSCRIBE. On success *base holds the reply's baselines and
 * *subp the subscription, to be closed with irqw_sub_close(). Events that
 * come before the reply are kept for irqw_sub_receive(). ext may be NULL.
 * -EINVAL for rcvbuf 0 or above IRQW_RCVBUF_MAX.
 */
int irqw_subscribe(size_t rcvbuf, struct irqw_sub **subp,
		   struct irqw_baseline *base, struct irqw_extack *ext);

/* The receive buffer the kernel granted, in bytes of payload. */
size_t irqw_sub_rcvbuf(const struct irqw_sub *sub);

/* The socket, to poll() for POLLIN. */
int irqw_sub_fd(const struct irqw_sub *sub);

/*
 * Handles one message: return 0 to go on, anything else to stop
 * irqw_sub_receive(), which then returns it. The message and what it points
 * to live until the callback returns.
 */
typedef int (*irqw_event_cb)(const struct irqw_event_msg *m, void *arg);

/*
 * Reads what is waiting on the socket without blocking, up to a bounded
 * number of datagrams, and hands every message from the kernel to cb:
 * IRQWATCH_CMD_EVENT messages, malformed ones (m->malformed), and the
 * family's removal. Messages from anyone but the kernel are ignored.
 * Returns 0 once nothing is left (or the bound is reached), what cb returned
 * if that was not 0, -ENOBUFS if the receive buffer overflowed (messages
 * were lost; the socket stays usable), or another negative errno.
 */
int irqw_sub_receive(struct irqw_sub *sub, irqw_event_cb cb, void *arg);

/* Closes the socket, which ends the subscription; NULL is fine. */
void irqw_sub_close(struct irqw_sub *sub);

/* IRQWATCH_STATS_LISTENER */
struct irqw_listener_stats {
	uint32_t portid;
	uint64_t events;	/* delivered */
	uint64_t drops;		/* events in failed sends */
	uint64_t send_errors;
};

/* IRQWATCH_CPUSTAT_DROPS */
struct irqw_type_drops {
	uint32_t type;		/* enum irqwatch_event_type */
	uint64_t count;
};

/* Buckets of the irqoff timer's lateness histogram (IRQWATCH_HIST_BUCKETS). */
#define IRQW_HIST_BUCKETS	22

/* The IRQWATCH_CPUSTAT_IRQOFF_* counters of one CPU. */
struct irqw_irqoff_stats {
	uint64_t ticks;		/* of the irqoff timer */
	uint64_t tick_ns;	/* time spent in them */
	uint64_t nmis_sent;	/* sample NMIs sent to the buddy CPU */
	uint64_t samples;	/* sample NMIs handled on this CPU */
	uint64_t nmi_ns;	/* time spent in them */
	uint64_t windows;	/* irqoff windows found */
	uint64_t max_late_ns;	/* the latest tick */
	bool pmu;		/* a PMU cycles counter samples it too */
	/* lateness of every tick: bucket 0 < 1 us, bucket K (1..20)
	 * [2^(K-1), 2^K) us, bucket 21 2^20 us and more */
	uint64_t hist[IRQW_HIST_BUCKETS];
};

/* The IRQWATCH_CPUSTAT_SOFTIRQOFF_* counters of one CPU (softirq detector). */
struct irqw_softirqoff_stats {
	uint64_t ticks;		/* ticks that found bottom halves disabled */
	uint64_t windows;	/* softirqoff windows found */
};

/* IRQWATCH_CPUSTAT_VEC: one softirq vector's runs on a CPU. */
struct irqw_vec_stats {
	uint32_t vec;		/* enum irqwatch_softirq_vec */
	uint64_t count;		/* handler runs */
	uint64_t ns;		/* time in them */
	uint64_t raises;	/* raises whose wait is timed */
	uint64_t wait_hist[IRQW_HIST_BUCKETS];	/* raise to handler start */
	uint64_t run_hist[IRQW_HIST_BUCKETS];	/* handler runtime */
};

/* The tracepoints' counters of one CPU (softirq and storm detectors). */
struct irqw_softirq_stats {
	uint64_t softirq_ns;	/* in softirq handlers, interrupts excluded */
	uint64_t ksoftirqd_ns;	/* the part ksoftirqd ran */
	uint64_t hardirq_ns;	/* in interrupt handlers */
	uint64_t hardirqs;	/* interrupt handler runs */
	uint64_t irqs_untracked;	/* runs of lines the table had no room for */
	uint64_t latency_events;	/* softirq_latency events sent */
	uint64_t latency_suppressed;	/* runs over threshold not sent */
	bool has_tp_cost;	/* the module times its probes */
	uint64_t tp_calls;	/* calls of its probes */
	uint64_t tp_timed;	/* the calls timed: one in 64 */
	uint64_t tp_timed_ns;	/* their time */
	size_t nr_vecs;
	struct irqw_vec_stats *vecs;	/* in reply order */
};

/* IRQWATCH_A_CPU_STATS */
struct irqw_cpu_stats {
	uint32_t id;
	uint64_t events;	/* stored in the ring */
	uint32_t ring_hwm;	/* bytes */
	uint64_t handler_ns;
	uint64_t handler_calls;
	size_t nr_drops;
	struct irqw_type_drops *drops;	/* ring-full drops, by type */
	bool has_irqoff;	/* the module reports the irqoff counters: */
	struct irqw_irqoff_stats irqoff;
	bool has_softirqoff;	/* the module reports the softirqoff counters: */
	struct irqw_softirqoff_stats softirqoff;
	bool has_softirq;	/* the module reports the tracepoints' counters: */
	struct irqw_softirq_stats softirq;
};

/* IRQWATCH_STATS_TRACEPOINT */
struct irqw_tracepoint {
	char *name;		/* "irq:softirq_entry" */
	uint32_t state;		/* enum irqwatch_tp_state, not UNSPEC */
};

/* IRQWATCH_STATS_STORM: a storm or imbalance going on */
struct irqw_storm {
	uint32_t type;		/* enum irqwatch_event_type */
	uint32_t cpu;
	bool has_irq;		/* hardirq storms: */
	uint32_t irq;		/* the line */
	uint64_t since_ns;	/* CLOCK_MONOTONIC at its start */
	uint32_t share;		/* ppm of the CPU in the last interval */
	bool has_rate;		/* hardirq storms: */
	uint64_t rate;		/* interrupts per second in the last interval */
};

/* IRQWATCH_A_READER: calls of a slab probe by one process, on one cache */
struct irqw_reader {
	char *probe;		/* the probed function */
	char *cache;		/* the slab cache; NULL if not known */
	uint32_t tgid;		/* the reading process */
	char *comm;		/* its command at the last call */
	uint64_t calls;
	uint64_t total_ns;	/* time in those calls */
	uint64_t max_ns;	/* the longest */
	uint64_t last_ns;	/* CLOCK_MONOTONIC of the last call */
	uint64_t suppressed;	/* stall events over the rate limit */
};

/* IRQWATCH_CMD_GET_STATS */
struct irqw_stats {
	uint64_t next_seq;
	uint64_t ring_drops;
	uint32_t ring_size;	/* bytes per CPU ring */
	uint32_t listeners;
	uint64_t unheard;	/* events drained with no listener */
	bool has_drain;		/* the module reports the drain's cost: */
	uint64_t drained;	/* events taken from the rings */
	uint64_t drain_ns;	/* time the drain spent on them */
	size_t nr_listeners;
	struct irqw_listener_stats *listener;
	size_t nr_cpus;
	struct irqw_cpu_stats *cpus;
	bool has_readers_overflow;
	uint64_t readers_overflow;	/* calls the full table did not sum */
	size_t nr_readers;
	struct irqw_reader *readers;	/* most recent first */
	size_t nr_tracepoints;	/* 0: a module without the tracepoints */
	struct irqw_tracepoint *tracepoints;	/* in the module's order */
	size_t nr_storms;
	struct irqw_storm *storms;	/* listed, at most IRQWATCH_STORMS_LISTED_MAX */
	bool has_storms_active;
	uint32_t storms_active;	/* going on, listed or not */
	bool has_imbalance;	/* an imbalance check was made: */
	struct irqw_imbalance imbalance;	/* the last one */
};

/*
 * IRQWATCH_CMD_GET_STATS as a dump, then IRQWATCH_CMD_GET_READERS; from a
 * module without them, GET_STATS's single reply. On success free *st with
 * irqw_stats_free().
 */
int irqw_get_stats(struct irqw_stats *st);

/* Parses one GET_STATS reply; *st is only written on success. */
int irqw_stats_parse(struct nlmsghdr *nlh, struct irqw_stats *st);

/*
 * Adds one message of a GET_STATS dump (IRQWATCH_A_STATS in one of them,
 * *has_stats says if it came already; IRQWATCH_A_CPU_STATS in any) or a
 * GET_READERS reply to *st, which starts zeroed; -EBADMSG for a malformed
 * message or a second IRQWATCH_A_STATS. After an error free *st.
 */
int irqw_stats_merge(struct nlmsghdr *nlh, struct irqw_stats *st,
		     bool *has_stats);

/* Frees what *st points to and zeroes it; a zeroed *st is fine. */
void irqw_stats_free(struct irqw_stats *st);

/* IRQWATCH_A_PROBE of PROBE_LIST and PROBE_ADD replies: one stall probe. */
struct irqw_probe {
	char *symbol;		/* the probed function */
	uint32_t threshold_us;	/* its own; 0: stall_threshold_us */
	uint32_t kind;		/* enum irqwatch_probe_kind, not UNSPEC */
	uint32_t state;		/* enum irqwatch_probe_state, not UNSPEC */
	uint32_t error;		/* STATE_MISSING: positive errno; 0: not said */
	uint64_t calls;		/* timed */
	uint64_t stalls;	/* over threshold */
	uint64_t total_ns;	/* in the timed calls */
	uint64_t max_ns;	/* the longest call */
	uint64_t missed;	/* not timed: no kretprobe instance or slot */
	char *reason;		/* STATE_DISABLED: why; NULL: not said */
	uint32_t inflight;	/* calls in the function now */
	uint64_t abandoned;	/* calls whose return was never seen */
};

struct irqw_probes {
	size_t nr;
	struct irqw_probe *probes;	/* in reply order */
};

/*
 * IRQWATCH_CMD_PROBE_ADD of symbol with threshold_us (0: follow
 * stall_threshold_us); on success *p is the probe as the module now has it
 * (free it with irqw_probe_free()). The module's errors (-ENOENT, -EINVAL,
 * -EEXIST, -ENOSPC) come with its extack in ext, which may be NULL.
 * -EINVAL without sending anything if irqw_probe_put() refuses symbol.
 */
int irqw_probe_add(const char *symbol, uint32_t threshold_us,
		   struct irqw_probe *p, struct irqw_extack *ext);

/* IRQWATCH_CMD_PROBE_DEL of a user probe (-ENOENT none, -EPERM a preset). */
int irqw_probe_del(const char *symbol, struct irqw_extack *ext);

/* IRQWATCH_CMD_PROBE_LIST; on success free *l with irqw_probes_free(). */
int irqw_probe_list(struct irqw_probes *l, struct irqw_extack *ext);

/*
 * Appends the IRQWATCH_A_PROBE nest of a PROBE_ADD (threshold_us not 0 is
 * sent) or PROBE_DEL (threshold_us 0) request to msg, whose genl header is
 * in place. -EINVAL if symbol is empty or not shorter than
 * IRQWATCH_SYMBOL_LEN_MAX, -EMSGSIZE if msg is too small.
 */
int irqw_probe_put(struct nl_msg *msg, const char *symbol,
		   uint32_t threshold_us);

/*
 * Parses a reply of command cmd, PROBE_LIST (any number of probes) or
 * PROBE_ADD (exactly one); *l is only written on success. Unknown
 * attributes are ignored, a missing or malformed known one is -EBADMSG.
 */
int irqw_probes_parse(struct nlmsghdr *nlh, uint8_t cmd, struct irqw_probes *l);

/* Free what they point to and zero them; zeroed ones are fine. */
void irqw_probes_free(struct irqw_probes *l);
void irqw_probe_free(struct irqw_probe *p);

/* What the tool says when the family is not registered. */
#define IRQW_NOT_LOADED	"module not loaded (load it with: modprobe irqwatch)"

/*
 * One-line description of an error returned by this layer; -EPERM/-EACCES
 * name the capabilities of the tracing commands (CAP_PERFMON or
 * CAP_SYS_ADMIN).
 */
const char *irqw_strerror(int err);

/* The same for GET_STATUS and GET_CONFIG, which need CAP_NET_ADMIN only. */
const char *irqw_strerror_read(int err);

/*
 * The same, but the kernel's extack message where there is one (ext may be
 * NULL); never for -EPROTONOSUPPORT, -EPERM or -EACCES.
 */
const char *irqw_strerror_ext(int err, const struct irqw_extack *ext);

#endif /* IRQW_IPC_H */
