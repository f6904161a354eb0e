/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Requests to the irqwatch generic netlink family. This layer owns all use of
 * libnl; callers see plain C structures and negative errno values:
 *
 *   -EPROTONOSUPPORT  the "irqwatch" family is not registered (module not
 *                     loaded)
 *   -EPERM, -EACCES   refused by the kernel (CAP_NET_ADMIN required)
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
};

struct irqw_status {
	char *version;		/* module version */
	char *kernel;		/* release of the running kernel */
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
};

#define IRQW_SET_ALL	((IRQW_SET_CPUS << 1) - 1)

/* A request to change some of the configuration; values not in set unused. */
struct irqw_config_change {
	unsigned int set;	/* IRQW_SET_* bits */
	uint32_t period_us;
	uint32_t irqoff_threshold_us;
	uint32_t softirq_threshold_us;
	uint32_t stall_threshold_us;
	uint32_t detectors;	/* bit set of enum irqwatch_detector */
	const char *cpus;	/* cpulist; not owned, not freed */
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

/* One-line description of an error returned by this layer. */
const char *irqw_strerror(int err);

/*
 * The same, but the kernel's extack message where there is one (ext may be
 * NULL); never for -EPROTONOSUPPORT, -EPERM or -EACCES.
 */
const char *irqw_strerror_ext(int err, const struct irqw_extack *ext);

#endif /* IRQW_IPC_H */
