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
 *    IRQWATCH_A_CPU: NLA_NESTED, repeated once per possible CPU
 *        IRQWATCH_CPU_ID: NLA_U32
 *        IRQWATCH_CPU_ONLINE: NLA_U8, 0 or 1
 *        IRQWATCH_CPU_MONITORED: NLA_U8, 0 or 1: online and in "cpus"
 */
#ifndef _UAPI_LINUX_IRQWATCH_H
#define _UAPI_LINUX_IRQWATCH_H

#define IRQWATCH_GENL_NAME	"irqwatch"
#define IRQWATCH_GENL_VERSION	1

enum irqwatch_cmd {
	IRQWATCH_CMD_UNSPEC,
	IRQWATCH_CMD_GET_STATUS,

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

#endif /* _UAPI_LINUX_IRQWATCH_H */
