/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * irqwatch generic netlink protocol: family IRQWATCH_GENL_NAME ("irqwatch"),
 * version IRQWATCH_GENL_VERSION. The machine-readable description is
 * kmod/uapi/irqwatch.yaml (a YNL spec).
 *
 * Every command requires CAP_NET_ADMIN in the initial user namespace and
 * works in the initial network namespace only. Attributes start at 1;
 * 64-bit values are aligned with the PAD attribute of their level.
 *
 * IRQWATCH_CMD_GET_STATUS
 * -----------------------
 *
 * Request: no attributes.
 * Reply:
 *
 *    IRQWATCH_A_VERSION: NLA_NUL_STRING, module version
 *    IRQWATCH_A_KERNEL: NLA_NUL_STRING, release of the running kernel
 *    IRQWATCH_A_CONFIG: NLA_NESTED
 *        IRQWATCH_CFG_PERIOD_US: NLA_U32
 *        IRQWATCH_CFG_IRQOFF_THRESHOLD_US: NLA_U32
 *        IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US: NLA_U32
 *        IRQWATCH_CFG_STALL_THRESHOLD_US: NLA_U32
 *        IRQWATCH_CFG_DETECTORS: NLA_U32, bit set of enum irqwatch_detector
 *        IRQWATCH_CFG_CPUS: NLA_NUL_STRING, cpulist, e.g. "0-3,8"
 *        IRQWATCH_CFG_RING_KB: NLA_U32, KiB per CPU event ring (fixed at load)
 *    IRQWATCH_A_CPU: NLA_NESTED, repeated once per possible CPU
 *        IRQWATCH_CPU_ID: NLA_U32
 *        IRQWATCH_CPU_ONLINE: NLA_U8, 0 or 1
 *        IRQWATCH_CPU_MONITORED: NLA_U8, 0 or 1: online and in "cpus"
 *
 * IRQWATCH_CMD_GET_CONFIG
 * -----------------------
 *
 * Request: no attributes.
 * Reply: IRQWATCH_A_CONFIG, nested as in IRQWATCH_CMD_GET_STATUS.
 *
 * IRQWATCH_CMD_SET_CONFIG
 * -----------------------
 *
 * Request:
 *
 *    IRQWATCH_A_CONFIG: NLA_NESTED, required, any non-empty subset of
 *        IRQWATCH_CFG_PERIOD_US: NLA_U32, IRQWATCH_PERIOD_US_MIN..MAX
 *        IRQWATCH_CFG_IRQOFF_THRESHOLD_US: NLA_U32, 1..IRQWATCH_THRESHOLD_US_MAX
 *        IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US: NLA_U32, 1..IRQWATCH_THRESHOLD_US_MAX
 *        IRQWATCH_CFG_STALL_THRESHOLD_US: NLA_U32,
 *                                   IRQWATCH_STALL_THRESHOLD_US_MIN..
 *                                   IRQWATCH_THRESHOLD_US_MAX
 *        IRQWATCH_CFG_DETECTORS: NLA_U32, only bits of enum irqwatch_detector
 *        IRQWATCH_CFG_CPUS: NLA_NUL_STRING, non-empty cpulist of possible CPUs
 *    (IRQWATCH_CFG_RING_KB is refused: the rings are sized at load.)
 *
 * The change is applied as a whole or not at all: after the given values
 * are merged into the current configuration, both thresholds must still be
 * at least twice the period. Errors carry an extack message (and the
 * offending attribute where there is one).
 * Reply: IRQWATCH_A_CONFIG with the configuration now in force.
 *
 * IRQWATCH_CMD_GET_STATS
 * ----------------------
 *
 * Request: no attributes.
 * Reply:
 *
 *    IRQWATCH_A_STATS: NLA_NESTED
 *        IRQWATCH_STATS_NEXT_SEQ: NLA_U64, seq the next stored event gets
 *        IRQWATCH_STATS_RING_DROPS: NLA_U64, events refused by full rings
 *        IRQWATCH_STATS_RING_SIZE: NLA_U32, bytes per CPU ring
 *        IRQWATCH_STATS_LISTENERS: NLA_U32, subscribed sockets
 *        IRQWATCH_STATS_UNHEARD: NLA_U64, events drained with no listener
 *        IRQWATCH_STATS_DRAINED: NLA_U64, events taken from the rings
 *        IRQWATCH_STATS_DRAIN_NS: NLA_U64, time the drain spent on them
 *        IRQWATCH_STATS_LISTENER: NLA_NESTED, repeated, one per listener
 *            IRQWATCH_LISTENER_PORTID: NLA_U32
 *            IRQWATCH_LISTENER_EVENTS: NLA_U64, events delivered
 *            IRQWATCH_LISTENER_DROPS: NLA_U64, events in failed sends
 *            IRQWATCH_LISTENER_SEND_ERRORS: NLA_U64, failed sends
 *    IRQWATCH_A_CPU_STATS: NLA_NESTED, repeated once per possible CPU
 *        IRQWATCH_CPUSTAT_ID: NLA_U32
 *        IRQWATCH_CPUSTAT_EVENTS: NLA_U64, events stored in the ring
 *        IRQWATCH_CPUSTAT_DROPS: NLA_NESTED, repeated, ring-full drops of
 *                                one event type, for types with drops
 *            IRQWATCH_DROPS_TYPE: NLA_U32, enum irqwatch_event_type
 *            IRQWATCH_DROPS_COUNT: NLA_U64
 *        IRQWATCH_CPUSTAT_RING_HWM: NLA_U32, ring high-water mark, bytes
 *        IRQWATCH_CPUSTAT_HANDLER_NS: NLA_U64, time in irqwatch's handlers
 *        IRQWATCH_CPUSTAT_HANDLER_CALLS: NLA_U64
 *
 * IRQWATCH_CMD_SUBSCRIBE, IRQWATCH_CMD_UNSUBSCRIBE
 * ------------------------------------------------
 *
 * Request: no attributes. SUBSCRIBE registers the requesting socket as a
 * listener: events are then unicast to it in IRQWATCH_CMD_EVENT messages
 * until UNSUBSCRIBE, until it is closed, or until the module unloads, when
 * the listener gets a last IRQWATCH_CMD_EVENT message with
 * IRQWATCH_A_SHUTDOWN. A socket subscribes at most once (-EALREADY).
 * Reply (SUBSCRIBE): IRQWATCH_A_STATS with NEXT_SEQ and RING_DROPS, the
 * baselines for gap and drop accounting.
 *
 * IRQWATCH_CMD_EVENT (kernel to listener)
 * ---------------------------------------
 *
 *    IRQWATCH_A_RING_DROPS: NLA_U64, IRQWATCH_STATS_RING_DROPS now; events
 *        refused by full rings get no seq, so a reader reports growth of
 *        this counter as lost events, even across lost messages
 *    IRQWATCH_A_NEXT_SEQ: NLA_U64, IRQWATCH_STATS_NEXT_SEQ when the message
 *        was built: every seq below it exists, so a reader also learns of
 *        lost events that no later event would reveal. A listener whose
 *        send failed is sent a message without events (NEXT_SEQ and
 *        RING_DROPS only) until one gets through, every 100 ms.
 *    IRQWATCH_A_SHUTDOWN: NLA_FLAG, the module is unloading, the last message
 *    IRQWATCH_A_EVENT: NLA_NESTED, repeated, in seq order within a message
 *        IRQWATCH_EV_SEQ: NLA_U64, global; stored events only, so a seq
 *            missing at the reader was lost in delivery
 *        IRQWATCH_EV_TYPE: NLA_U32, enum irqwatch_event_type
 *        IRQWATCH_EV_CPU: NLA_U32
 *        IRQWATCH_EV_MONO_NS: NLA_U64, CLOCK_MONOTONIC at the event (start)
 *        IRQWATCH_EV_REAL_NS: NLA_U64, CLOCK_REALTIME at the same instant
 *        IRQWATCH_EV_DURATION_NS: NLA_U64, where the type has a duration
 *        IRQWATCH_EV_TASK: NLA_NESTED, the task the event happened in
 *            IRQWATCH_TASK_PID: NLA_U32
 *            IRQWATCH_TASK_TGID: NLA_U32
 *            IRQWATCH_TASK_COMM: NLA_NUL_STRING
 *        IRQWATCH_EV_STACK: NLA_NESTED, innermost frame first
 *            IRQWATCH_FRAME: NLA_NUL_STRING, repeated, "func+0x1a/0x30 [mod]"
 *        IRQWATCH_EV_SYNTH_INDEX: NLA_U64, synthetic events: index in burst
 */
#ifndef _UAPI_LINUX_IRQWATCH_H
#define _UAPI_LINUX_IRQWATCH_H

#define IRQWATCH_GENL_NAME	"irqwatch"
#define IRQWATCH_GENL_VERSION	1

enum irqwatch_cmd {
	IRQWATCH_CMD_UNSPEC,
	IRQWATCH_CMD_GET_STATUS,
	IRQWATCH_CMD_GET_CONFIG,
	IRQWATCH_CMD_SET_CONFIG,
	IRQWATCH_CMD_GET_STATS,
	IRQWATCH_CMD_SUBSCRIBE,
	IRQWATCH_CMD_UNSUBSCRIBE,
	IRQWATCH_CMD_EVENT,

	__IRQWATCH_CMD_MAX
};

#define IRQWATCH_CMD_MAX (__IRQWATCH_CMD_MAX - 1)

enum irqwatch_attr {
	IRQWATCH_A_UNSPEC,
	IRQWATCH_A_PAD,
	IRQWATCH_A_VERSION,
	IRQWATCH_A_KERNEL,
	IRQWATCH_A_CONFIG,
	IRQWATCH_A_CPU,
	IRQWATCH_A_STATS,
	IRQWATCH_A_CPU_STATS,
	IRQWATCH_A_RING_DROPS,
	IRQWATCH_A_SHUTDOWN,
	IRQWATCH_A_EVENT,
	IRQWATCH_A_NEXT_SEQ,

	__IRQWATCH_A_MAX
};

#define IRQWATCH_A_MAX (__IRQWATCH_A_MAX - 1)

enum irqwatch_cfg_attr {
	IRQWATCH_CFG_UNSPEC,
	IRQWATCH_CFG_PAD,
	IRQWATCH_CFG_PERIOD_US,
	IRQWATCH_CFG_IRQOFF_THRESHOLD_US,
	IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US,
	IRQWATCH_CFG_STALL_THRESHOLD_US,
	IRQWATCH_CFG_DETECTORS,
	IRQWATCH_CFG_CPUS,
	IRQWATCH_CFG_RING_KB,

	__IRQWATCH_CFG_MAX
};

#define IRQWATCH_CFG_MAX (__IRQWATCH_CFG_MAX - 1)

enum irqwatch_cpu_attr {
	IRQWATCH_CPU_UNSPEC,
	IRQWATCH_CPU_PAD,
	IRQWATCH_CPU_ID,
	IRQWATCH_CPU_ONLINE,
	IRQWATCH_CPU_MONITORED,

	__IRQWATCH_CPU_MAX
};

#define IRQWATCH_CPU_MAX (__IRQWATCH_CPU_MAX - 1)

enum irqwatch_stats_attr {
	IRQWATCH_STATS_UNSPEC,
	IRQWATCH_STATS_PAD,
	IRQWATCH_STATS_NEXT_SEQ,
	IRQWATCH_STATS_RING_DROPS,
	IRQWATCH_STATS_RING_SIZE,
	IRQWATCH_STATS_LISTENERS,
	IRQWATCH_STATS_UNHEARD,
	IRQWATCH_STATS_LISTENER,
	IRQWATCH_STATS_DRAINED,
	IRQWATCH_STATS_DRAIN_NS,

	__IRQWATCH_STATS_MAX
};

#define IRQWATCH_STATS_MAX (__IRQWATCH_STATS_MAX - 1)

enum irqwatch_listener_attr {
	IRQWATCH_LISTENER_UNSPEC,
	IRQWATCH_LISTENER_PAD,
	IRQWATCH_LISTENER_PORTID,
	IRQWATCH_LISTENER_EVENTS,
	IRQWATCH_LISTENER_DROPS,
	IRQWATCH_LISTENER_SEND_ERRORS,

	__IRQWATCH_LISTENER_MAX
};

#define IRQWATCH_LISTENER_MAX (__IRQWATCH_LISTENER_MAX - 1)

enum irqwatch_cpustat_attr {
	IRQWATCH_CPUSTAT_UNSPEC,
	IRQWATCH_CPUSTAT_PAD,
	IRQWATCH_CPUSTAT_ID,
	IRQWATCH_CPUSTAT_EVENTS,
	IRQWATCH_CPUSTAT_DROPS,
	IRQWATCH_CPUSTAT_RING_HWM,
	IRQWATCH_CPUSTAT_HANDLER_NS,
	IRQWATCH_CPUSTAT_HANDLER_CALLS,

	__IRQWATCH_CPUSTAT_MAX
};

#define IRQWATCH_CPUSTAT_MAX (__IRQWATCH_CPUSTAT_MAX - 1)

enum irqwatch_drops_attr {
	IRQWATCH_DROPS_UNSPEC,
	IRQWATCH_DROPS_PAD,
	IRQWATCH_DROPS_TYPE,
	IRQWATCH_DROPS_COUNT,

	__IRQWATCH_DROPS_MAX
};

#define IRQWATCH_DROPS_MAX (__IRQWATCH_DROPS_MAX - 1)

enum irqwatch_event_attr {
	IRQWATCH_EV_UNSPEC,
	IRQWATCH_EV_PAD,
	IRQWATCH_EV_SEQ,
	IRQWATCH_EV_TYPE,
	IRQWATCH_EV_CPU,
	IRQWATCH_EV_MONO_NS,
	IRQWATCH_EV_REAL_NS,
	IRQWATCH_EV_DURATION_NS,
	IRQWATCH_EV_TASK,
	IRQWATCH_EV_STACK,
	IRQWATCH_EV_SYNTH_INDEX,

	__IRQWATCH_EV_MAX
};

#define IRQWATCH_EV_MAX (__IRQWATCH_EV_MAX - 1)

enum irqwatch_task_attr {
	IRQWATCH_TASK_UNSPEC,
	IRQWATCH_TASK_PID,
	IRQWATCH_TASK_TGID,
	IRQWATCH_TASK_COMM,

	__IRQWATCH_TASK_MAX
};

#define IRQWATCH_TASK_MAX (__IRQWATCH_TASK_MAX - 1)

enum irqwatch_stack_attr {
	IRQWATCH_FRAME_UNSPEC,
	IRQWATCH_FRAME,

	__IRQWATCH_FRAME_MAX
};

#define IRQWATCH_FRAME_MAX (__IRQWATCH_FRAME_MAX - 1)

/* IRQWATCH_EV_TYPE; the JSON "type" is the name in the comment. */
enum irqwatch_event_type {
	IRQWATCH_EVENT_UNSPEC,
	IRQWATCH_EVENT_SYNTHETIC,	/* "synthetic": test source only */
	IRQWATCH_EVENT_IRQOFF,		/* "irqoff" */
	IRQWATCH_EVENT_SOFTIRQOFF,	/* "softirqoff" */
	IRQWATCH_EVENT_SOFTIRQ_LATENCY,	/* "softirq_latency" */
	IRQWATCH_EVENT_SOFTIRQ_STORM,	/* "softirq_storm" */
	IRQWATCH_EVENT_HARDIRQ_STORM,	/* "hardirq_storm" */
	IRQWATCH_EVENT_STALL,		/* "stall" */

	__IRQWATCH_EVENT_MAX
};

#define IRQWATCH_EVENT_MAX (__IRQWATCH_EVENT_MAX - 1)

/* Bits of IRQWATCH_CFG_DETECTORS; names as in the "detectors" parameter. */
enum irqwatch_detector {
	IRQWATCH_DET_IRQOFF,	/* "irqoff" */
	IRQWATCH_DET_SOFTIRQ,	/* "softirq" */
	IRQWATCH_DET_STORM,	/* "storm" */
	IRQWATCH_DET_STALL,	/* "stall" */

	__IRQWATCH_DET_MAX
};

/* Limits of the configuration, shared by the module and the tool. */
#define IRQWATCH_PERIOD_US_MIN		100
#define IRQWATCH_PERIOD_US_MAX		100000
#define IRQWATCH_THRESHOLD_US_MAX	10000000	/* 10 s */
#define IRQWATCH_STALL_THRESHOLD_US_MIN	1
#define IRQWATCH_RING_KB_MIN		4
#define IRQWATCH_RING_KB_MAX		4096
#define IRQWATCH_CPUS_LEN_MAX		4096	/* cpulist string, with its NUL */

#endif /* _UAPI_LINUX_IRQWATCH_H */
