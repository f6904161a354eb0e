/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where kernel version differences live. Kbuild.include probes
 * the target headers and defines IRQW_HAVE_*; everything here fills a gap so
 * that the rest of the module reads as code for the newest kernel.
 */
#ifndef IRQWATCH_COMPAT_H
#define IRQWATCH_COMPAT_H

/* nla_strlcpy() was renamed nla_strscpy() in 5.11. */
#ifndef IRQW_HAVE_NLA_STRSCPY
#define nla_strscpy nla_strlcpy
#endif

/*
 * GENL_REQ_ATTR_CHECK() came with missing-attribute reporting in extack
 * (6.0); before, only the message can say what is missing.
 */
#ifndef IRQW_HAVE_GENL_REQ_ATTR_CHECK
#define GENL_REQ_ATTR_CHECK(info, attr) (!(info)->attrs[(attr)])
#endif

/*
 * get_kretprobe() came with the kretprobe rework of 5.11; before, the
 * instance pointed at its kretprobe directly.
 */
#ifndef IRQW_HAVE_GET_KRETPROBE
#define get_kretprobe(ri) ((ri)->rp)
#endif

/*
 * IRQW_HAVE_KRETPROBE_UNWIND (5.15): the unwinder sees through a kretprobe's
 * return trampoline, so a stack taken in the return handler goes on at the
 * probed function's caller. get_kretprobe_retaddr() came with rethook
 * (5.19); before, the instance kept the address itself.
 */
#if defined(IRQW_HAVE_KRETPROBE_UNWIND) && !defined(IRQW_HAVE_GET_KRETPROBE_RETADDR)
#define get_kretprobe_retaddr(ri) ((unsigned long)(ri)->ret_addr)
#endif

/* enum hk_type replaced the HK_FLAG_* bits of housekeeping_cpumask() in 5.17. */
#ifndef IRQW_HAVE_HK_TYPE
#define HK_TYPE_TIMER HK_FLAG_TIMER
#define HK_TYPE_DOMAIN HK_FLAG_DOMAIN
#endif

/*
 * The arguments of a sched:sched_switch probe; prev_state came in 5.18.
 * Only prev and next are named.
 */
#ifdef IRQW_HAVE_SCHED_SWITCH_PREV_STATE
#define IRQW_SCHED_SWITCH_PROTO(prev, next)				\
	void *__data, bool __preempt, struct task_struct *prev,		\
	struct task_struct *next, unsigned int __prev_state
#else
#define IRQW_SCHED_SWITCH_PROTO(prev, next)				\
	void *__data, bool __preempt, struct task_struct *prev,		\
	struct task_struct *next
#endif

/*
 * IRQ_WORK_INIT_HARD() came in 5.11; 5.10 has the flag (which only
 * PREEMPT_RT looks at) but no initializer.
 */
#ifndef IRQW_HAVE_IRQ_WORK_INIT_HARD
#define IRQ_WORK_INIT_HARD(_func)					\
	{ .flags = ATOMIC_INIT(IRQ_WORK_HARD_IRQ), .func = (_func) }
#endif

/* The name of a slab cache, or NULL where the headers do not say (slub.c). */
const char *irqw_cache_name(const void *cache);

#endif /* IRQWATCH_COMPAT_H */
