/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Requests to the irqwatch generic netlink family. This layer owns all use of
 * libnl; callers see plain C structures and negative errno values:
 *
 *   -EPROTONOSUPPORT  the "irqwatch" family is not registered (module not
 *                     loaded)
 *   -EPERM, -EACCES   refused by the kernel (CAP_NET_ADMIN required)
 *   -EBADMSG          the reply does not follow kmod/uapi/linux/irqwatch.h
 *
 * anything else is the errno of the failing operation.
 */
#ifndef IRQW_IPC_H
#define IRQW_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
};

struct irqw_status {
	char *version;		/* module version */
	char *kernel;		/* release of the running kernel */
	struct irqw_config config;
	size_t nr_cpus;
	struct irqw_cpu *cpus;	/* one per possible CPU, in reply order */
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

/* One-line description of an error returned by this layer. */
const char *irqw_strerror(int err);

#endif /* IRQW_IPC_H */
