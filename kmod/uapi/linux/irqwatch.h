/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * irqwatch generic netlink protocol: family IRQWATCH_GENL_NAME ("irqwatch"),
 * version IRQWATCH_GENL_VERSION. The machine-readable description is
 * kmod/uapi/irqwatch.yaml (a YNL spec).
 *
 * Every command requires CAP_NET_ADMIN in the initial user namespace and
 * works in the initial network namespace only. All but GET_STATUS and
 * GET_CONFIG (which reveal no task, stack or address) also require
 * perfmon_capable(): CAP_PERFMON or CAP_SYS_ADMIN in the initial user
 * namespace, held by the socket's opener and by the sender; without it they
 * fail with -EPERM and an extack message. The family is not autoloaded: an
 * administrator loads the module. Attributes start at 1;
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
 *    IRQWATCH_A_LOAD_ID: NLA_U64, as in the SUBSCRIBE reply
 *    IRQWATCH_A_CONFIG: NLA_NESTED
 *        IRQWATCH_CFG_PERIOD_US: NLA_U32
 *        IRQWATCH_CFG_IRQOFF_THRESHOLD_US: NLA_U32
 *        IRQWATCH_CFG_SOFTIRQ_THRESHOLD_US: NLA_U32
 *        IRQWATCH_CFG_STALL_THRESHOLD_US: NLA_U32
 *        IRQWATCH_CFG_DETECTORS: NLA_U32, bit set of enum irqwatch_detector
 *        IRQWATCH_CFG_CPUS: NLA_NUL_STRING, cpulist, e.g. "0-3,8"
 *        IRQWATCH_CFG_RING_KB: NLA_U32, KiB per CPU event ring (fixed at load)
 *        IRQWATCH_CFG_STORM_INTERVAL_MS: NLA_U32, the storm detector's
 *                                   interval (see storm events)
 *        IRQWATCH_CFG_SOFTIRQ_STORM_PCT: NLA_U32, softirq share of a CPU
 *        IRQWATCH_CFG_HARDIRQ_STORM_RATE: NLA_U32, interrupts per second
 *        IRQWATCH_CFG_HARDIRQ_STORM_PCT: NLA_U32, one line's share of a CPU
 *        IRQWATCH_CFG_IMBALANCE_PCT: NLA_U32, a hot CPU's least load
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
 *        IRQWATCH_CFG_STORM_INTERVAL_MS: NLA_U32,
 *                                   IRQWATCH_STORM_INTERVAL_MS_MIN..MAX
 *        IRQWATCH_CFG_SOFTIRQ_STORM_PCT: NLA_U32, 1..100
 *        IRQWATCH_CFG_HARDIRQ_STORM_RATE: NLA_U32,
 *                                   1..IRQWATCH_HARDIRQ_STORM_RATE_MAX
 *        IRQWATCH_CFG_HARDIRQ_STORM_PCT: NLA_U32, 1..100
 *        IRQWATCH_CFG_IMBALANCE_PCT: NLA_U32, 1..100
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
 * Request: no attributes. As a dump (NLM_F_DUMP), the reply is a first
 * message with IRQWATCH_A_STATS, then messages with one IRQWATCH_A_CPU_STATS
 * each, as many to a buffer as fit (no message grows with the number of
 * CPUs), then NLMSG_DONE; the readers come with IRQWATCH_CMD_GET_READERS.
 * Without NLM_F_DUMP (kept for older tools), one reply with everything:
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
 *        IRQWATCH_STATS_TRACEPOINT: NLA_NESTED, repeated, one per tracepoint
 *                                   that the softirq and storm detectors
 *                                   use, in a fixed order
 *            IRQWATCH_TP_NAME: NLA_NUL_STRING, e.g. "irq:softirq_entry"
 *            IRQWATCH_TP_STATE: NLA_U32, enum irqwatch_tp_state; a missing
 *                or failed tracepoint degrades what needs it (see below)
 *        IRQWATCH_STATS_STORM: NLA_NESTED, repeated, a storm going on (at
 *                              most IRQWATCH_STORMS_LISTED_MAX listed)
 *            IRQWATCH_STORM_TYPE: NLA_U32, IRQWATCH_EVENT_SOFTIRQ_STORM,
 *                _HARDIRQ_STORM or _IRQ_IMBALANCE
 *            IRQWATCH_STORM_CPU: NLA_U32
 *            IRQWATCH_STORM_IRQ: NLA_U32, hardirq storms: the line
 *            IRQWATCH_STORM_SINCE_NS: NLA_U64, CLOCK_MONOTONIC at its start
 *            IRQWATCH_STORM_SHARE: NLA_U32, ppm of the CPU in the last
 *                interval (softirq time; the line's handlers; irq+softirq
 *                load for an imbalance)
 *            IRQWATCH_STORM_RATE: NLA_U64, hardirq storms: interrupts per
 *                second in the last interval
 *        IRQWATCH_STATS_STORMS_ACTIVE: NLA_U32, storms going on, listed or not
 *        IRQWATCH_STATS_IMBALANCE: NLA_NESTED, the last imbalance check (none
 *                                  before the first), as in irq_imbalance
 *                                  events; HOT_CPU only if a CPU met the rule
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
 *        IRQWATCH_CPUSTAT_IRQOFF_TICKS: NLA_U64, ticks of the irqoff timer
 *        IRQWATCH_CPUSTAT_IRQOFF_TICK_NS: NLA_U64, time spent in them
 *        IRQWATCH_CPUSTAT_IRQOFF_NMIS_SENT: NLA_U64, sample NMIs this CPU
 *                                   sent to its buddy CPU
 *        IRQWATCH_CPUSTAT_IRQOFF_SAMPLES: NLA_U64, sample NMIs handled here
 *        IRQWATCH_CPUSTAT_IRQOFF_NMI_NS: NLA_U64, time spent in them
 *        IRQWATCH_CPUSTAT_IRQOFF_WINDOWS: NLA_U64, windows found here
 *        IRQWATCH_CPUSTAT_IRQOFF_MAX_LATE_NS: NLA_U64, latest tick seen
 *        IRQWATCH_CPUSTAT_IRQOFF_HIST: NLA_NESTED, lateness of every tick
 *            IRQWATCH_HIST_BUCKET: NLA_U64, repeated IRQWATCH_HIST_BUCKETS
 *                times, in order: bucket 0 counts ticks less than 1 us
 *                late, bucket K (1..20) [2^(K-1), 2^K) us, bucket 21
 *                2^20 us (~1.05 s) and more
 *        IRQWATCH_CPUSTAT_IRQOFF_PMU: NLA_U8, 1 if a PMU cycles counter
 *                                   samples this CPU too (see irqoff events)
 *        IRQWATCH_CPUSTAT_SOFTIRQOFF_TICKS: NLA_U64, ticks that found bottom
 *                                   halves disabled with softirqs pending
 *                                   (in a window of any length)
 *        IRQWATCH_CPUSTAT_SOFTIRQOFF_WINDOWS: NLA_U64, softirqoff windows
 *                                   reported here
 *        (the IRQOFF_* counters are the tick's, which also runs while only
 *         the softirq detector is on; the SOFTIRQOFF_* ones come with the
 *         softirq detector)
 *        The tracepoints' counters, kept while the softirq or the storm
 *        detector is on (they stay as they were while both are off):
 *        IRQWATCH_CPUSTAT_SOFTIRQ_NS: NLA_U64, time in softirq handlers,
 *                                   less the interrupt handlers run inside
 *        IRQWATCH_CPUSTAT_KSOFTIRQD_NS: NLA_U64, the part run by ksoftirqd
 *        IRQWATCH_CPUSTAT_HARDIRQ_NS: NLA_U64, time in interrupt handlers
 *                                   (irq:irq_handler_entry/exit: device
 *                                   interrupts, not the local timer or IPIs)
 *        IRQWATCH_CPUSTAT_HARDIRQS: NLA_U64, interrupt handler runs
 *        IRQWATCH_CPUSTAT_IRQS_UNTRACKED: NLA_U64, handler runs of lines
 *                                   that found this CPU's table of lines
 *                                   full (not in hardirq storm checks)
 *        IRQWATCH_CPUSTAT_VEC: NLA_NESTED, repeated, one per softirq vector
 *            IRQWATCH_VEC_ID: NLA_U32, enum irqwatch_softirq_vec
 *            IRQWATCH_VEC_COUNT: NLA_U64, handler runs
 *            IRQWATCH_VEC_NS: NLA_U64, time in them (as SOFTIRQ_NS)
 *            IRQWATCH_VEC_RAISES: NLA_U64, raises that found the vector
 *                not raised yet (the ones whose wait is timed)
 *            IRQWATCH_VEC_WAIT_HIST: NLA_NESTED, wait of every timed run,
 *                from its first raise to its handler's start; buckets as
 *                IRQWATCH_CPUSTAT_IRQOFF_HIST
 *            IRQWATCH_VEC_RUN_HIST: NLA_NESTED, runtime of every run, as
 *                IRQWATCH_VEC_NS
 *        IRQWATCH_CPUSTAT_LATENCY_EVENTS: NLA_U64, softirq_latency events
 *                                   sent from here
 *        IRQWATCH_CPUSTAT_LATENCY_SUPPRESSED: NLA_U64, runs over threshold
 *                                   not sent: more than 10 a second
 *        IRQWATCH_CPUSTAT_TP_CALLS: NLA_U64, calls of irqwatch's probes on
 *                                   the tracepoints
 *        IRQWATCH_CPUSTAT_TP_TIMED: NLA_U64, the calls timed: one in 64
 *        IRQWATCH_CPUSTAT_TP_TIMED_NS: NLA_U64, their time, each with one
 *                                   read of the clock (the probes' cost is
 *                                   TIMED_NS / TIMED per call)
 *    IRQWATCH_A_READER: NLA_NESTED, repeated: calls of the slab preset's
 *                       probes, over threshold or not, summed per probe,
 *                       cache and reading command (the readers of
 *                       /proc/slabinfo and /sys/kernel/slab); at most 128,
 *                       the largest total time first
 *        IRQWATCH_READER_PROBE: NLA_NUL_STRING, the probed function
 *        IRQWATCH_READER_CACHE: NLA_NUL_STRING, the slab cache, if known
 *        IRQWATCH_READER_TGID: NLA_U32, the process of the last call
 *        IRQWATCH_READER_COMM: NLA_NUL_STRING, the reading command
 *        IRQWATCH_READER_CALLS: NLA_U64
 *        IRQWATCH_READER_TOTAL_NS: NLA_U64, time in those calls
 *        IRQWATCH_READER_MAX_NS: NLA_U64, the longest
 *        IRQWATCH_READER_LAST_NS: NLA_U64, CLOCK_MONOTONIC of the last call
 *        IRQWATCH_READER_SUPPRESSED: NLA_U64, stall events of this entry
 *                                    not sent: over 10 per second for the
 *                                    entry, or 50 per second on a CPU for
 *                                    the whole slab preset
 *    (IRQWATCH_STATS_READERS_OVERFLOW in IRQWATCH_A_STATS: NLA_U64, calls
 *     no longer summed: the module keeps 1024 readers and forgets, of four
 *     that share a place, the one that spent the least time, so that a
 *     reader churning names only replaces itself)
 *
 * IRQWATCH_CMD_GET_READERS
 * ------------------------
 *
 * Request: no attributes. Reply: the IRQWATCH_A_READER nests of GET_STATS
 * (at most 128, whatever the number of CPUs). IRQWATCH_STATS_READERS_OVERFLOW
 * comes in GET_STATS's IRQWATCH_A_STATS.
 *
 * IRQWATCH_CMD_PROBE_ADD, IRQWATCH_CMD_PROBE_DEL, IRQWATCH_CMD_PROBE_LIST
 * ---------------------------------------------------------------------
 *
 * Stall probes time every call of a kernel function (a kretprobe) and
 * report the calls longer than their threshold as stall events, while the
 * "stall" detector is on. The slab preset probes are built in; user probes
 * are added and deleted here, at most IRQWATCH_USER_PROBES_MAX of them.
 *
 * PROBE_ADD request: IRQWATCH_A_PROBE: NLA_NESTED, required
 *        IRQWATCH_PROBE_SYMBOL: NLA_NUL_STRING, required, a function name,
 *                               shorter than IRQWATCH_SYMBOL_LEN_MAX
 *        IRQWATCH_PROBE_THRESHOLD_US: NLA_U32, optional; 0 or absent:
 *                               follow stall_threshold_us
 *     Errors: -ENOENT no such symbol (or not a function that can be
 *     probed: inlined, static and renamed), -EINVAL a symbol in the
 *     kprobe blacklist or not at a function entry, -EEXIST already
 *     probed, -EBUSY its previous probe is still being removed, -EINVAL
 *     a ".cold" part of a function (a jump target, not an entry), -ENOSPC
 *     IRQWATCH_USER_PROBES_MAX reached (probes being removed count);
 *     each with an extack message. Reply: IRQWATCH_A_PROBE as in
 *     PROBE_LIST.
 * PROBE_DEL request: IRQWATCH_A_PROBE with IRQWATCH_PROBE_SYMBOL: a user
 *     probe (-ENOENT if there is none, -EPERM for a preset probe,
 *     -EALREADY if it is being removed). Answered at once: the probe
 *     stops timing calls and is listed as STATE_REMOVING until a work
 *     item has let its calls in flight return (at most 1 s), unregistered
 *     it and freed it.
 * PROBE_LIST request: none. Reply: IRQWATCH_A_PROBE, repeated, one per
 *     preset and user probe:
 *        IRQWATCH_PROBE_SYMBOL: NLA_NUL_STRING
 *        IRQWATCH_PROBE_THRESHOLD_US: NLA_U32, own threshold; 0: global
 *        IRQWATCH_PROBE_KIND: NLA_U32, enum irqwatch_probe_kind
 *        IRQWATCH_PROBE_STATE: NLA_U32, enum irqwatch_probe_state
 *        IRQWATCH_PROBE_ERROR: NLA_U32, for STATE_MISSING: the positive
 *                              errno of register_kretprobe()
 *        IRQWATCH_PROBE_CALLS: NLA_U64, calls timed
 *        IRQWATCH_PROBE_STALLS: NLA_U64, calls over threshold
 *        IRQWATCH_PROBE_TOTAL_NS: NLA_U64, time in the timed calls
 *        IRQWATCH_PROBE_MAX_NS: NLA_U64, the longest call
 *        IRQWATCH_PROBE_MISSED: NLA_U32, calls not timed because every
 *                               kretprobe instance or call slot was in
 *                               use, since the probe was added (summed
 *                               over registrations; saturates)
 *        IRQWATCH_PROBE_REASON: NLA_NUL_STRING, for STATE_DISABLED: why,
 *                               e.g. "budget: 20001 calls/s on CPU 1"
 *        IRQWATCH_PROBE_MISSED_TOTAL: NLA_U64, IRQWATCH_PROBE_MISSED
 *                               without saturation
 *        IRQWATCH_PROBE_INFLIGHT: NLA_U32, calls in the function now
 *        IRQWATCH_PROBE_ABANDONED: NLA_U64, calls whose return was never
 *                               seen: the task exited inside the function,
 *                               or the probe went while they were in
 *                               flight; their call slots were reclaimed
 *     A user probe may time at most probe_budget calls per second on a
 *     CPU (module parameter, default 20000); past that the probe is
 *     unregistered and listed as STATE_DISABLED until the stall detector
 *     is turned off and on, or it is deleted and added again.
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
 * baselines for gap and drop accounting, and IRQWATCH_A_LOAD_ID: NLA_U64,
 * a random number chosen when the module was loaded. Seqs and drop counts
 * start again at every load: a reader compares load ids (and the boot id)
 * before it continues the accounting of an earlier subscription.
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
 *        IRQWATCH_EV_CAUSE: NLA_U32, enum irqwatch_cause (irqoff and
 *            softirqoff events)
 *        IRQWATCH_EV_CONTEXT: NLA_U32, enum irqwatch_context: what the
 *            tick that ended the window interrupted (irqoff events), what
 *            the last tick in the window interrupted (softirqoff events)
 *        IRQWATCH_EV_SAMPLES_OMITTED: NLA_U32, in-window samples left out
 *            because the event did not fit one message (irqoff events)
 *        IRQWATCH_EV_SAMPLE: NLA_NESTED, repeated, in-window samples in
 *            time order (irqoff events, x86 only; softirqoff events: one,
 *            the tick that found the window over the threshold)
 *            IRQWATCH_SAMPLE_OFFSET_NS: NLA_U64, since the window's start
 *            IRQWATCH_SAMPLE_IRQS_DISABLED: NLA_U8, 0 or 1: interrupts were
 *                off in the sampled context
 *            IRQWATCH_SAMPLE_TASK: NLA_NESTED, as IRQWATCH_EV_TASK; pid 0
 *                is the idle task
 *            IRQWATCH_SAMPLE_STACK: NLA_NESTED, as IRQWATCH_EV_STACK
 *            IRQWATCH_SAMPLE_DELAY_NS: NLA_U64, from the sending of the NMI
 *                to its arrival
 *        IRQWATCH_EV_PROBE: NLA_NUL_STRING, stall events: the function
 *        IRQWATCH_EV_CACHE: NLA_NUL_STRING, stall events of the slab preset:
 *            the cache walked, where the kernel's headers let us name it
 *        IRQWATCH_EV_PARENT: NLA_NESTED, stall events: the caller's parent,
 *            as IRQWATCH_EV_TASK (PID, TGID, COMM)
 *        IRQWATCH_EV_RELATED_SEQ: NLA_U64, stall events: the seq of the
 *            first irqoff window that ended inside the call
 *        IRQWATCH_EV_IRQS_OFF: NLA_U32, stall events: IRQWATCH_IRQS_OFF_*
 *        IRQWATCH_EV_IRQOFF_NS: NLA_U64, stall events: the length of the
 *            irqoff windows that ended inside the call, summed
 *        IRQWATCH_EV_WITHIN: NLA_NESTED, irqoff events: the stall probe call
 *            the window ended in, if any; its stall event follows when the
 *            call returns, with RELATED_SEQ this window's seq
 *            IRQWATCH_PROBE_SYMBOL: NLA_NUL_STRING
 *            IRQWATCH_PROBE_KIND: NLA_U32
 *        IRQWATCH_EV_DURATION_MAX_NS: NLA_U64, softirqoff events: the
 *            longest the window can have been (DURATION_NS is the shortest)
 *        IRQWATCH_EV_PENDING: NLA_U32, softirqoff events: the softirq
 *            vectors found pending in the window, bits of
 *            enum irqwatch_softirq_vec
 *        IRQWATCH_EV_VECTOR: NLA_U32, softirq_latency events: the vector,
 *            enum irqwatch_softirq_vec
 *        IRQWATCH_EV_WAIT_NS: NLA_U64, softirq_latency: from the raise to
 *            the handler's start (absent if the raise was not seen)
 *        IRQWATCH_EV_RUN_NS: NLA_U64, softirq_latency: the handler's runtime
 *        IRQWATCH_EV_SERVED_BY: NLA_U32, softirq_latency: enum
 *            irqwatch_served_by
 *        IRQWATCH_EV_RAISER: NLA_NESTED, softirq_latency: the task running
 *            when the vector was raised, as IRQWATCH_EV_TASK
 *        IRQWATCH_EV_WAIT_SOFTIRQ_NS: NLA_U64, softirq_latency: time other
 *            vectors' handlers ran during the wait
 *        IRQWATCH_EV_WAIT_HARDIRQ_NS: NLA_U64, softirq_latency: time
 *            interrupt handlers ran during the wait
 *        IRQWATCH_EV_SUPPRESSED: NLA_U32, softirq_latency: runs over the
 *            threshold on this CPU not sent since the last event sent
 *        IRQWATCH_EV_PHASE: NLA_U32, storms and imbalance: enum irqwatch_phase
 *        IRQWATCH_EV_TRIGGER: NLA_U32, storms and imbalance: enum
 *            irqwatch_trigger, the rule met by the intervals that started it
 *        IRQWATCH_EV_INTERVALS: NLA_U32, storms and imbalance: intervals
 *            (checks, for imbalance) from the start to the last one over
 *        IRQWATCH_EV_SHARE: NLA_U32, storms: ppm of the CPU's time, over
 *            the intervals counted
 *        IRQWATCH_EV_RATE: NLA_U64, hardirq storms: interrupts per second
 *        IRQWATCH_EV_KSOFTIRQD_SHARE: NLA_U32, softirq storms: ppm of the
 *            softirq time that ksoftirqd ran
 *        IRQWATCH_EV_VEC: NLA_NESTED, repeated, softirq storms: each vector
 *            that ran (IRQWATCH_VEC_ID, _COUNT, _NS, _SHARE: ppm of the
 *            CPU's time)
 *        IRQWATCH_EV_NAPI: NLA_NESTED, repeated, softirq storms: the NAPI
 *            contexts polled on the CPU (napi:napi_poll), at most
 *            IRQWATCH_STORM_NAPI_MAX, most packets first
 *            IRQWATCH_NAPI_DEV: NLA_NUL_STRING, the device; "backlog" for
 *                the CPU's backlog (packets from netif_rx: loopback, veth,
 *                RPS), which has none
 *            IRQWATCH_NAPI_POLLS: NLA_U64
 *            IRQWATCH_NAPI_PACKETS: NLA_U64, work done by the polls
 *            IRQWATCH_NAPI_EXHAUSTED: NLA_U64, polls that used their whole
 *                budget (more was waiting)
 *        IRQWATCH_EV_IRQ: NLA_NESTED, hardirq storms: the line; imbalance:
 *            repeated, the hot CPU's busiest lines (at most
 *            IRQWATCH_IMBALANCE_IRQS_MAX), most time first
 *            IRQWATCH_IRQ_NUM: NLA_U32, as in /proc/interrupts
 *            IRQWATCH_IRQ_NAME: NLA_NUL_STRING, the handler's name (the
 *                device's, as in /proc/interrupts) when last seen
 *            IRQWATCH_IRQ_COUNT: NLA_U64, handler runs on the CPU
 *            IRQWATCH_IRQ_NS: NLA_U64, time in them
 *            IRQWATCH_IRQ_RATE: NLA_U64, per second
 *            IRQWATCH_IRQ_SHARE: NLA_U32, ppm of the CPU's time
 *            IRQWATCH_IRQ_AFFINITY: NLA_NUL_STRING, cpulist, as
 *                /proc/irq/N/smp_affinity_list (absent if the line is gone;
 *                a list of more than 95 characters ends in "...")
 *            IRQWATCH_IRQ_EFFECTIVE: NLA_NUL_STRING, cpulist, as
 *                /proc/irq/N/effective_affinity_list (absent if the line
 *                is gone, or its irq chip keeps none)
 *        IRQWATCH_EV_IMBALANCE: NLA_NESTED, irq_imbalance events
 *            IRQWATCH_IMB_HOT_CPU: NLA_U32, the hot CPU (also IRQWATCH_EV_CPU)
 *            IRQWATCH_IMB_LOAD: NLA_U32, its irq+softirq load, ppm
 *            IRQWATCH_IMB_MEAN: NLA_U32, of all watched CPUs' loads, ppm
 *            IRQWATCH_IMB_STDDEV: NLA_U32, ppm
 *            IRQWATCH_IMB_MEDIAN: NLA_U32, the lower median, ppm
 *            IRQWATCH_IMB_OVER: NLA_U32, consecutive checks it was hot
 *            IRQWATCH_IMB_CPU: NLA_NESTED, repeated, the watched CPUs, most
 *                loaded first, at most 64
 *                IRQWATCH_CPULOAD_CPU: NLA_U32
 *                IRQWATCH_CPULOAD_LOAD: NLA_U32, irq+softirq load, ppm
 *                IRQWATCH_CPULOAD_IDLE: NLA_U32, idle time, ppm
 *        (IRQWATCH_EV_TASK of stall events also has IRQWATCH_TASK_UID:
 *         NLA_U32, in the initial user namespace, and
 *         IRQWATCH_TASK_CGROUP_ID: NLA_U64, the task's cgroup v2 id, the
 *         inode number of its directory in cgroupfs)
 *
 * irqoff events
 * -------------
 *
 * A pinned hard hrtimer ticks every period_us on each watched CPU that
 * runs a task (an idle CPU's timer stops: it holds nothing off; it starts
 * again, one period later, when the CPU switches to a task). A tick
 * later than irqoff_threshold_us is a window: MONO_NS/REAL_NS are the
 * expiry it missed, DURATION_NS how late it came, TASK the task it
 * interrupted and STACK that task's stack at the interrupted instruction,
 * which is where interrupts came back on (no STACK if it was in user
 * mode). On x86 each CPU's tick also
 * watches the next watched CPU (its buddy): once the buddy's tick is
 * overdue by half the threshold, it sends the buddy an NMI, which records a
 * SAMPLE (stack, task, interrupt state); at most one NMI in flight per CPU,
 * at most one per CPU per half threshold, at most "samples" (module
 * parameter, 0..16, default 4) per window. Where the CPU has a PMU, a
 * cycles counter also overflows every half threshold of busy time in an
 * NMI on the CPU itself, which samples the CPU when its own tick is overdue
 * by half the threshold (DELAY_NS 0): this covers a single watched CPU and
 * all CPUs stuck at once. A stalled vCPU counts no cycles. Virtual machines
 * without a virtual PMU have only the buddy's samples.
 *
 * A sample taken in the last eighth of a threshold before the tick is not
 * attached: it may show the entry of the very interrupt that ended the
 * window. CAUSE is the first rule that holds, where a sample is prompt if
 * its NMI arrived within a quarter of the threshold (only an NMI or SMM
 * holds off an NMI: a late one means that the CPU did not run, and its
 * interrupt flag tells nothing about the window):
 *   IRQWATCH_CAUSE_IRQS_DISABLED: a prompt sample found interrupts disabled
 *   IRQWATCH_CAUSE_VCPU_STALL: the CPU's steal time grew by at least half
 *       the window, or a sample came late, or a prompt sample in a task
 *       other than idle found interrupts enabled (the tick was due and
 *       could have come, but the CPU did not run: the hypervisor did not
 *       schedule the vCPU)
 *   IRQWATCH_CAUSE_IDLE_EXIT: the tick interrupted the idle task and every
 *       sample, if any, was prompt, in the idle task, with interrupts enabled
 *       (a slow wakeup from idle, or a halted vCPU not run by the host)
 *   IRQWATCH_CAUSE_VCPU_STALL: a sample found interrupts enabled
 *   IRQWATCH_CAUSE_UNCONFIRMED: nothing confirms a cause (no sample: no
 *       PMU sample and the buddy did not tick in time to send one, or the
 *       CPU is the only one watched and has no PMU, samples=0, or no NMI
 *       sampling: not x86)
 * Steal time is read from kcpustat (CPUTIME_STEAL), which the scheduler
 * tick updates: a stall whose steal is not yet accounted when the window
 * ends is not seen there.
 *
 * softirqoff events (detector "softirq")
 * --------------------------------------
 *
 * The same hard tick (it runs while the irqoff or the softirq detector is
 * on) looks at the context it interrupted: bottom halves disabled there and
 * not serving a softirq (softirq_count() of that context), with softirqs
 * pending on the CPU (local_softirq_pending()), is a tick in a bh-off
 * window. Interrupts are on there, so the tick's own stack is an in-window
 * stack; no NMI is needed. A window is the consecutive ticks that find the
 * same task so; the first tick that does not ends it, and a window whose
 * shortest length (DURATION_NS) reaches softirq_threshold_us is reported:
 * MONO_NS/REAL_NS the first tick in it, DURATION_NS from there to the last
 * tick in it (the shortest it can have been), DURATION_MAX_NS from the
 * tick before it to the tick that ended it, or to the switch to the idle
 * task that stopped the CPU's timer (the longest), CAUSE
 * IRQWATCH_CAUSE_BH_DISABLED, PENDING the vectors that waited, TASK the
 * task, STACK its stack at the last tick in the window and one SAMPLE its
 * stack at the first tick over the threshold (IRQS_DISABLED 0, DELAY_NS 0).
 * A tick that comes late (an irqoff window inside the bh-off one) does not
 * end it.
 *
 * On PREEMPT_RT, bottom halves are disabled per task and a bh-off section
 * can be preempted. There the window is the time one task ran with bottom
 * halves disabled and softirqs pending, tick after tick: a task preempted
 * inside its section ends the window when another task is found running,
 * and a section resumed later is a new window. The time the preempted
 * section still held the CPU's softirqs back is not counted.
 *
 * softirq_latency events (detector "softirq")
 * ------------------------------------------
 *
 * The tracepoints irq:softirq_raise, irq:softirq_entry and
 * irq:softirq_exit time every softirq handler run on every CPU (watched
 * or not) into the per-CPU counters and histograms of GET_STATS. A run
 * waited from the first raise of its vector since the vector last ran
 * (later raises before it ran are the same wait) to its handler's start,
 * and ran from there to the handler's end, less the interrupt handlers
 * that ran inside it. A run whose wait or runtime reaches
 * softirq_threshold_us is an event, at most 10 a second per CPU (the rest
 * are counted, and the next event sent says how many): MONO_NS/REAL_NS the
 * raise (the handler's start if the raise was not seen), DURATION_NS wait
 * plus runtime, VECTOR, WAIT_NS, RUN_NS, SERVED_BY, TASK the task that the
 * handler ran in (ksoftirqd, the task that re-enabled bottom halves, or the
 * task that the interrupt interrupted), STACK the stack at the handler's
 * end (how it came to run), RAISER, and what ran while it waited:
 * WAIT_SOFTIRQ_NS and WAIT_HARDIRQ_NS (the rest of the wait, the CPU ran
 * tasks with bottom halves disabled, or ksoftirqd waited for the CPU).
 * SERVED_BY is KSOFTIRQD when the task is the CPU's ksoftirqd thread, else
 * the first in STACK of run_ksoftirqd() (KSOFTIRQD), irq_exit(),
 * irq_exit_rcu(), __irq_exit_rcu() (IRQ_EXIT), local_bh_enable(),
 * _local_bh_enable(), __local_bh_enable_ip() (BH_ENABLE), else OTHER.
 * A raise between __do_softirq()'s look at the pending vectors and the
 * run of that vector in the same pass counts as waited for that run.
 * On PREEMPT_RT a handler can be preempted: its runtime is the time from
 * its start to its end, preemption included.
 *
 * Storm events (detector "storm")
 * -------------------------------
 *
 * The same tracepoints and irq:irq_handler_entry/exit and napi:napi_poll
 * count per CPU; a work item looks at the counters of every watched CPU
 * every storm_interval_ms (default 1000). Rules, per CPU:
 *   softirq_storm: an interval is over when softirq handlers took at least
 *       softirq_storm_pct (default 50) % of it (TRIGGER_SHARE), or when
 *       they took at least 10 % of it and ksoftirqd ran at least half of
 *       that time (TRIGGER_TAKEOVER); quiet when they took less than half
 *       of softirq_storm_pct and, if they took 5 % or more, ksoftirqd ran
 *       less than a quarter of it.
 *   hardirq_storm, per interrupt line on the CPU: over when its handlers
 *       ran at least hardirq_storm_rate (default 40000) times a second
 *       (TRIGGER_RATE) or took at least hardirq_storm_pct (default 20) %
 *       of the CPU (TRIGGER_SHARE); quiet when below half of both.
 * Three consecutive intervals over start a storm: an event with PHASE
 * START, MONO_NS the start of the first of them, DURATION_NS and the
 * figures over those three. Ten consecutive quiet intervals end it: an
 * event with PHASE END, MONO_NS the storm's start, DURATION_NS up to the
 * end of the last interval that was not quiet, and the figures over that
 * time. Events carry no task or stack. softirq_storm: SHARE,
 * KSOFTIRQD_SHARE, the VEC breakdown and the NAPI contexts; hardirq_storm:
 * RATE, SHARE and the IRQ nest with the line's affinity.
 *   irq_imbalance: every 10 intervals, the load of each watched online CPU
 *       (interrupt and softirq handler time over the time passed); the
 *       most loaded CPU is hot when its load is at least the mean plus one
 *       standard deviation, at least imbalance_pct (default 20) % and at
 *       least three times the lower median (the middle value, the lower
 *       of the two middle ones for an even count of CPUs); three
 *       consecutive checks with the same hot CPU start an imbalance (PHASE
 *       START, TRIGGER LOAD), three checks without it hot end it. The
 *       event names the hot CPU (EV_CPU), the loads of all watched CPUs and
 *       their idle time, and the hot CPU's busiest lines with their
 *       affinity (those of the check that started it, or ended it).
 *       MONO_NS is the start of the first check's span. It needs two
 *       watched CPUs.
 * A CPU keeps 32 interrupt lines and 8 NAPI contexts; lines beyond are
 * counted in IRQS_UNTRACKED, NAPI contexts beyond are not named.
 * A tracepoint that the kernel lacks, or whose registration fails, is
 * listed in GET_STATS (IRQWATCH_STATS_TRACEPOINT) and what needs it is not
 * measured: softirq_raise (waits), softirq_entry/exit (everything of
 * softirqs), irq_handler_entry/exit (hardirq time and storms, imbalance),
 * napi_poll (NAPI contexts). The load never fails for it.
 *
 * stall events
 * ------------
 *
 * A probed call longer than its threshold: MONO_NS/REAL_NS its entry,
 * DURATION_NS its length, CPU where it returned, TASK the caller (with UID
 * and CGROUP_ID), PARENT its parent, STACK the caller's stack at entry
 * (the probed function's caller first), PROBE, CACHE, IRQS_OFF; and when
 * an irqoff window ended inside the call on the caller's CPU, RELATED_SEQ
 * and IRQOFF_NS (a call that held interrupts off past irqoff_threshold_us
 * is reported even below its own threshold).
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
	IRQWATCH_CMD_PROBE_ADD,
	IRQWATCH_CMD_PROBE_DEL,
	IRQWATCH_CMD_PROBE_LIST,
	IRQWATCH_CMD_GET_READERS,

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
	IRQWATCH_A_PROBE,
	IRQWATCH_A_READER,
	IRQWATCH_A_LOAD_ID,

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
	IRQWATCH_CFG_STORM_INTERVAL_MS,
	IRQWATCH_CFG_SOFTIRQ_STORM_PCT,
	IRQWATCH_CFG_HARDIRQ_STORM_RATE,
	IRQWATCH_CFG_HARDIRQ_STORM_PCT,
	IRQWATCH_CFG_IMBALANCE_PCT,

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
	IRQWATCH_STATS_READERS_OVERFLOW,
	IRQWATCH_STATS_TRACEPOINT,
	IRQWATCH_STATS_STORM,
	IRQWATCH_STATS_STORMS_ACTIVE,
	IRQWATCH_STATS_IMBALANCE,

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
	IRQWATCH_CPUSTAT_IRQOFF_TICKS,
	IRQWATCH_CPUSTAT_IRQOFF_TICK_NS,
	IRQWATCH_CPUSTAT_IRQOFF_NMIS_SENT,
	IRQWATCH_CPUSTAT_IRQOFF_SAMPLES,
	IRQWATCH_CPUSTAT_IRQOFF_NMI_NS,
	IRQWATCH_CPUSTAT_IRQOFF_WINDOWS,
	IRQWATCH_CPUSTAT_IRQOFF_MAX_LATE_NS,
	IRQWATCH_CPUSTAT_IRQOFF_HIST,
	IRQWATCH_CPUSTAT_IRQOFF_PMU,
	IRQWATCH_CPUSTAT_SOFTIRQOFF_TICKS,
	IRQWATCH_CPUSTAT_SOFTIRQOFF_WINDOWS,
	IRQWATCH_CPUSTAT_SOFTIRQ_NS,
	IRQWATCH_CPUSTAT_KSOFTIRQD_NS,
	IRQWATCH_CPUSTAT_HARDIRQ_NS,
	IRQWATCH_CPUSTAT_HARDIRQS,
	IRQWATCH_CPUSTAT_IRQS_UNTRACKED,
	IRQWATCH_CPUSTAT_VEC,
	IRQWATCH_CPUSTAT_LATENCY_EVENTS,
	IRQWATCH_CPUSTAT_LATENCY_SUPPRESSED,
	IRQWATCH_CPUSTAT_TP_CALLS,
	IRQWATCH_CPUSTAT_TP_TIMED,
	IRQWATCH_CPUSTAT_TP_TIMED_NS,

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
	IRQWATCH_EV_CAUSE,
	IRQWATCH_EV_CONTEXT,
	IRQWATCH_EV_SAMPLES_OMITTED,
	IRQWATCH_EV_SAMPLE,
	IRQWATCH_EV_PROBE,
	IRQWATCH_EV_CACHE,
	IRQWATCH_EV_PARENT,
	IRQWATCH_EV_RELATED_SEQ,
	IRQWATCH_EV_IRQS_OFF,
	IRQWATCH_EV_IRQOFF_NS,
	IRQWATCH_EV_WITHIN,
	IRQWATCH_EV_DURATION_MAX_NS,
	IRQWATCH_EV_PENDING,
	IRQWATCH_EV_VECTOR,
	IRQWATCH_EV_WAIT_NS,
	IRQWATCH_EV_RUN_NS,
	IRQWATCH_EV_SERVED_BY,
	IRQWATCH_EV_RAISER,
	IRQWATCH_EV_WAIT_SOFTIRQ_NS,
	IRQWATCH_EV_WAIT_HARDIRQ_NS,
	IRQWATCH_EV_SUPPRESSED,
	IRQWATCH_EV_PHASE,
	IRQWATCH_EV_TRIGGER,
	IRQWATCH_EV_INTERVALS,
	IRQWATCH_EV_SHARE,
	IRQWATCH_EV_RATE,
	IRQWATCH_EV_KSOFTIRQD_SHARE,
	IRQWATCH_EV_VEC,
	IRQWATCH_EV_NAPI,
	IRQWATCH_EV_IRQ,
	IRQWATCH_EV_IMBALANCE,

	__IRQWATCH_EV_MAX
};

#define IRQWATCH_EV_MAX (__IRQWATCH_EV_MAX - 1)

enum irqwatch_task_attr {
	IRQWATCH_TASK_UNSPEC,
	IRQWATCH_TASK_PID,
	IRQWATCH_TASK_TGID,
	IRQWATCH_TASK_COMM,
	IRQWATCH_TASK_PAD,
	IRQWATCH_TASK_UID,
	IRQWATCH_TASK_CGROUP_ID,

	__IRQWATCH_TASK_MAX
};

#define IRQWATCH_TASK_MAX (__IRQWATCH_TASK_MAX - 1)

enum irqwatch_stack_attr {
	IRQWATCH_FRAME_UNSPEC,
	IRQWATCH_FRAME,

	__IRQWATCH_FRAME_MAX
};

#define IRQWATCH_FRAME_MAX (__IRQWATCH_FRAME_MAX - 1)

enum irqwatch_sample_attr {
	IRQWATCH_SAMPLE_UNSPEC,
	IRQWATCH_SAMPLE_PAD,
	IRQWATCH_SAMPLE_OFFSET_NS,
	IRQWATCH_SAMPLE_IRQS_DISABLED,
	IRQWATCH_SAMPLE_TASK,
	IRQWATCH_SAMPLE_STACK,
	IRQWATCH_SAMPLE_DELAY_NS,

	__IRQWATCH_SAMPLE_MAX
};

#define IRQWATCH_SAMPLE_MAX (__IRQWATCH_SAMPLE_MAX - 1)

enum irqwatch_hist_attr {
	IRQWATCH_HIST_UNSPEC,
	IRQWATCH_HIST_PAD,
	IRQWATCH_HIST_BUCKET,

	__IRQWATCH_HIST_MAX
};

#define IRQWATCH_HIST_MAX (__IRQWATCH_HIST_MAX - 1)

enum irqwatch_probe_attr {
	IRQWATCH_PROBE_UNSPEC,
	IRQWATCH_PROBE_PAD,
	IRQWATCH_PROBE_SYMBOL,
	IRQWATCH_PROBE_THRESHOLD_US,
	IRQWATCH_PROBE_KIND,
	IRQWATCH_PROBE_STATE,
	IRQWATCH_PROBE_ERROR,
	IRQWATCH_PROBE_CALLS,
	IRQWATCH_PROBE_STALLS,
	IRQWATCH_PROBE_TOTAL_NS,
	IRQWATCH_PROBE_MAX_NS,
	IRQWATCH_PROBE_MISSED,
	IRQWATCH_PROBE_REASON,
	IRQWATCH_PROBE_MISSED_TOTAL,
	IRQWATCH_PROBE_INFLIGHT,
	IRQWATCH_PROBE_ABANDONED,

	__IRQWATCH_PROBE_MAX
};

#define IRQWATCH_PROBE_MAX (__IRQWATCH_PROBE_MAX - 1)

enum irqwatch_reader_attr {
	IRQWATCH_READER_UNSPEC,
	IRQWATCH_READER_PAD,
	IRQWATCH_READER_PROBE,
	IRQWATCH_READER_CACHE,
	IRQWATCH_READER_TGID,
	IRQWATCH_READER_COMM,
	IRQWATCH_READER_CALLS,
	IRQWATCH_READER_TOTAL_NS,
	IRQWATCH_READER_MAX_NS,
	IRQWATCH_READER_LAST_NS,
	IRQWATCH_READER_SUPPRESSED,

	__IRQWATCH_READER_MAX
};

#define IRQWATCH_READER_MAX (__IRQWATCH_READER_MAX - 1)

/* A softirq vector's figures: IRQWATCH_CPUSTAT_VEC, IRQWATCH_EV_VEC. */
enum irqwatch_vec_attr {
	IRQWATCH_VEC_UNSPEC,
	IRQWATCH_VEC_PAD,
	IRQWATCH_VEC_ID,
	IRQWATCH_VEC_COUNT,
	IRQWATCH_VEC_NS,
	IRQWATCH_VEC_SHARE,
	IRQWATCH_VEC_RAISES,
	IRQWATCH_VEC_WAIT_HIST,
	IRQWATCH_VEC_RUN_HIST,

	__IRQWATCH_VEC_MAX
};

#define IRQWATCH_VEC_MAX (__IRQWATCH_VEC_MAX - 1)

/* A NAPI context's polls in a storm: IRQWATCH_EV_NAPI. */
enum irqwatch_napi_attr {
	IRQWATCH_NAPI_UNSPEC,
	IRQWATCH_NAPI_PAD,
	IRQWATCH_NAPI_DEV,
	IRQWATCH_NAPI_POLLS,
	IRQWATCH_NAPI_PACKETS,
	IRQWATCH_NAPI_EXHAUSTED,

	__IRQWATCH_NAPI_MAX
};

#define IRQWATCH_NAPI_MAX (__IRQWATCH_NAPI_MAX - 1)

/* An interrupt line on a CPU: IRQWATCH_EV_IRQ. */
enum irqwatch_irq_attr {
	IRQWATCH_IRQ_UNSPEC,
	IRQWATCH_IRQ_PAD,
	IRQWATCH_IRQ_NUM,
	IRQWATCH_IRQ_NAME,
	IRQWATCH_IRQ_COUNT,
	IRQWATCH_IRQ_NS,
	IRQWATCH_IRQ_RATE,
	IRQWATCH_IRQ_SHARE,
	IRQWATCH_IRQ_AFFINITY,
	IRQWATCH_IRQ_EFFECTIVE,

	__IRQWATCH_IRQ_MAX
};

#define IRQWATCH_IRQ_MAX (__IRQWATCH_IRQ_MAX - 1)

/* The interrupt load of the CPUs: IRQWATCH_EV_IMBALANCE, _STATS_IMBALANCE. */
enum irqwatch_imbalance_attr {
	IRQWATCH_IMB_UNSPEC,
	IRQWATCH_IMB_PAD,
	IRQWATCH_IMB_HOT_CPU,
	IRQWATCH_IMB_LOAD,
	IRQWATCH_IMB_MEAN,
	IRQWATCH_IMB_STDDEV,
	IRQWATCH_IMB_MEDIAN,
	IRQWATCH_IMB_OVER,
	IRQWATCH_IMB_CPU,

	__IRQWATCH_IMB_MAX
};

#define IRQWATCH_IMB_MAX (__IRQWATCH_IMB_MAX - 1)

/* A CPU's load: IRQWATCH_IMB_CPU. */
enum irqwatch_cpuload_attr {
	IRQWATCH_CPULOAD_UNSPEC,
	IRQWATCH_CPULOAD_PAD,
	IRQWATCH_CPULOAD_CPU,
	IRQWATCH_CPULOAD_LOAD,
	IRQWATCH_CPULOAD_IDLE,

	__IRQWATCH_CPULOAD_MAX
};

#define IRQWATCH_CPULOAD_MAX (__IRQWATCH_CPULOAD_MAX - 1)

/* The tracepoints: IRQWATCH_STATS_TRACEPOINT. */
enum irqwatch_tp_attr {
	IRQWATCH_TP_UNSPEC,
	IRQWATCH_TP_NAME,
	IRQWATCH_TP_STATE,

	__IRQWATCH_TP_MAX
};

#define IRQWATCH_TP_MAX (__IRQWATCH_TP_MAX - 1)

/* IRQWATCH_TP_STATE */
enum irqwatch_tp_state {
	IRQWATCH_TP_STATE_UNSPEC,
	IRQWATCH_TP_STATE_ATTACHED,	/* "attached" */
	IRQWATCH_TP_STATE_OFF,		/* "off": no detector needs it */
	IRQWATCH_TP_STATE_MISSING,	/* "missing": not in this kernel */
	IRQWATCH_TP_STATE_FAILED,	/* "failed": registration failed */

	__IRQWATCH_TP_STATE_MAX
};

/* A storm going on: IRQWATCH_STATS_STORM. */
enum irqwatch_storm_attr {
	IRQWATCH_STORM_UNSPEC,
	IRQWATCH_STORM_PAD,
	IRQWATCH_STORM_TYPE,
	IRQWATCH_STORM_CPU,
	IRQWATCH_STORM_IRQ,
	IRQWATCH_STORM_SINCE_NS,
	IRQWATCH_STORM_SHARE,
	IRQWATCH_STORM_RATE,

	__IRQWATCH_STORM_MAX
};

#define IRQWATCH_STORM_MAX (__IRQWATCH_STORM_MAX - 1)

/* IRQWATCH_PROBE_KIND */
enum irqwatch_probe_kind {
	IRQWATCH_PROBE_KIND_UNSPEC,
	IRQWATCH_PROBE_KIND_SLAB,	/* "slab": the slab preset */
	IRQWATCH_PROBE_KIND_USER,	/* "user": added by PROBE_ADD */

	__IRQWATCH_PROBE_KIND_MAX
};

/* IRQWATCH_PROBE_STATE */
enum irqwatch_probe_state {
	IRQWATCH_PROBE_STATE_UNSPEC,
	IRQWATCH_PROBE_STATE_ACTIVE,	/* "active": registered, timing calls */
	IRQWATCH_PROBE_STATE_OFF,	/* "off": the stall detector is off */
	IRQWATCH_PROBE_STATE_MISSING,	/* "missing": cannot be probed here */
	IRQWATCH_PROBE_STATE_REMOVING,	/* "removing": deleted, going away */
	IRQWATCH_PROBE_STATE_DISABLED,	/* "disabled": see IRQWATCH_PROBE_REASON */

	__IRQWATCH_PROBE_STATE_MAX
};

/* Bits of IRQWATCH_EV_IRQS_OFF (stall events). */
enum irqwatch_irqs_off {
	IRQWATCH_IRQS_OFF_ENTRY = 1,	/* off when the call began */
	IRQWATCH_IRQS_OFF_EXIT = 2,	/* off when it returned */
};

/* IRQWATCH_HIST_BUCKET entries in an IRQWATCH_CPUSTAT_IRQOFF_HIST. */
#define IRQWATCH_HIST_BUCKETS	22

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
	IRQWATCH_EVENT_IRQ_IMBALANCE,	/* "irq_imbalance" */

	__IRQWATCH_EVENT_MAX
};

#define IRQWATCH_EVENT_MAX (__IRQWATCH_EVENT_MAX - 1)

/* IRQWATCH_EV_CAUSE; the JSON "cause" is the name in the comment. */
enum irqwatch_cause {
	IRQWATCH_CAUSE_UNSPEC,
	IRQWATCH_CAUSE_IRQS_DISABLED,	/* "irqs_disabled" */
	IRQWATCH_CAUSE_VCPU_STALL,	/* "vcpu_stall" */
	IRQWATCH_CAUSE_IDLE_EXIT,	/* "idle_exit" */
	IRQWATCH_CAUSE_UNCONFIRMED,	/* "unconfirmed" */
	IRQWATCH_CAUSE_BH_DISABLED,	/* "bh_disabled": softirqoff events */

	__IRQWATCH_CAUSE_MAX
};

#define IRQWATCH_CAUSE_MAX (__IRQWATCH_CAUSE_MAX - 1)

/* IRQWATCH_EV_CONTEXT: what the tick interrupted. */
enum irqwatch_context {
	IRQWATCH_CONTEXT_UNSPEC,
	IRQWATCH_CONTEXT_TASK,		/* "task": a task in the kernel */
	IRQWATCH_CONTEXT_USER,		/* "user": a task in user mode */
	IRQWATCH_CONTEXT_SOFTIRQ,	/* "softirq": serving softirqs */
	IRQWATCH_CONTEXT_IDLE,		/* "idle": the idle task */

	__IRQWATCH_CONTEXT_MAX
};

#define IRQWATCH_CONTEXT_MAX (__IRQWATCH_CONTEXT_MAX - 1)

/*
 * IRQWATCH_EV_PENDING bits: the kernel's softirq vectors, in its order
 * (the module's build checks it); names as the kernel's softirq_to_name[].
 */
enum irqwatch_softirq_vec {
	IRQWATCH_SOFTIRQ_HI,		/* "HI" */
	IRQWATCH_SOFTIRQ_TIMER,		/* "TIMER" */
	IRQWATCH_SOFTIRQ_NET_TX,	/* "NET_TX" */
	IRQWATCH_SOFTIRQ_NET_RX,	/* "NET_RX" */
	IRQWATCH_SOFTIRQ_BLOCK,		/* "BLOCK" */
	IRQWATCH_SOFTIRQ_IRQ_POLL,	/* "IRQ_POLL" */
	IRQWATCH_SOFTIRQ_TASKLET,	/* "TASKLET" */
	IRQWATCH_SOFTIRQ_SCHED,		/* "SCHED" */
	IRQWATCH_SOFTIRQ_HRTIMER,	/* "HRTIMER" */
	IRQWATCH_SOFTIRQ_RCU,		/* "RCU" */

	__IRQWATCH_SOFTIRQ_MAX
};

/* IRQWATCH_EV_SERVED_BY: who ran the softirq (softirq_latency events). */
enum irqwatch_served_by {
	IRQWATCH_SERVED_UNSPEC,
	IRQWATCH_SERVED_IRQ_EXIT,	/* "irq_exit": on the way out of an interrupt */
	IRQWATCH_SERVED_KSOFTIRQD,	/* "ksoftirqd": the CPU's ksoftirqd thread */
	IRQWATCH_SERVED_BH_ENABLE,	/* "local_bh_enable": a task re-enabling bhs */
	IRQWATCH_SERVED_OTHER,		/* "other": none of these in the stack */

	__IRQWATCH_SERVED_MAX
};

/* IRQWATCH_EV_PHASE (storm and imbalance events). */
enum irqwatch_phase {
	IRQWATCH_PHASE_UNSPEC,
	IRQWATCH_PHASE_START,		/* "start" */
	IRQWATCH_PHASE_END,		/* "end" */

	__IRQWATCH_PHASE_MAX
};

/* IRQWATCH_EV_TRIGGER: the rule that a storm met (at its start). */
enum irqwatch_trigger {
	IRQWATCH_TRIGGER_UNSPEC,
	IRQWATCH_TRIGGER_SHARE,		/* "share": time share of the CPU */
	IRQWATCH_TRIGGER_TAKEOVER,	/* "takeover": ksoftirqd ran most softirqs */
	IRQWATCH_TRIGGER_RATE,		/* "rate": interrupts per second */
	IRQWATCH_TRIGGER_LOAD,		/* "load": one CPU's irq+softirq load */

	__IRQWATCH_TRIGGER_MAX
};

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
#define IRQWATCH_RING_KB_MIN		8	/* twice the largest event */
#define IRQWATCH_RING_KB_MAX		4096
#define IRQWATCH_CPUS_LEN_MAX		4096	/* cpulist string, with its NUL */
#define IRQWATCH_SYMBOL_LEN_MAX		64	/* probe symbol, with its NUL */
#define IRQWATCH_CACHE_LEN_MAX		64	/* slab cache name, with its NUL */
#define IRQWATCH_USER_PROBES_MAX	16	/* probes added by PROBE_ADD */
#define IRQWATCH_STORM_INTERVAL_MS_MIN	100
#define IRQWATCH_STORM_INTERVAL_MS_MAX	10000
#define IRQWATCH_HARDIRQ_STORM_RATE_MAX	10000000
#define IRQWATCH_PPM			1000000	/* shares: parts per million */
#define IRQWATCH_STORM_NAPI_MAX		8	/* IRQWATCH_EV_NAPI per event */
#define IRQWATCH_IMBALANCE_IRQS_MAX	4	/* IRQWATCH_EV_IRQ per imbalance */
#define IRQWATCH_STORMS_LISTED_MAX	64	/* IRQWATCH_STATS_STORM */

#endif /* _UAPI_LINUX_IRQWATCH_H */
