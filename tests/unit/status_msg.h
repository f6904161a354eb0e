/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * IRQWATCH_CMD_GET_STATUS replies built the way the kernel builds them, good
 * or broken in one chosen way, for the tests of userspace/ipc.c.
 */
#ifndef STATUS_MSG_H
#define STATUS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/msg.h>

#include "ipc.h"

#define FAMILY_ID	0x1d	/* any genl family id */
#define NONE		-1	/* no attribute */

enum level { TOP, CFG, CPU, LEVELS };

/*
 * How a message differs from a good reply: per nesting level, one attribute
 * left out (skip) and one replaced by bad_len bytes of bad_data (bad).
 */
struct variant {
	int skip[LEVELS];
	int bad[LEVELS];
	const void *bad_data;
	int bad_len;
	uint8_t cmd;
	unsigned int nr_cpus;
};

extern const struct variant good;

/* A genl message of command cmd without attributes. */
struct nl_msg *msg_new(uint8_t cmd);
void msg_put_u32(struct nl_msg *msg, const struct variant *v,
		 enum level level, int type, uint32_t val);
void msg_put_u8(struct nl_msg *msg, const struct variant *v,
		enum level level, int type, uint8_t val);
void msg_put_string(struct nl_msg *msg, const struct variant *v,
		    enum level level, int type, const char *val);
struct nlattr *msg_nest(struct nl_msg *msg, int type);
/* A reply as v says; CPU n is online unless n % 3 == 1, monitored if !(n % 3) */
struct nl_msg *msg_build(const struct variant *v);

/* Parses msg, which must be rejected, and frees it. */
void expect_bad(struct nl_msg *msg);
/* A good reply but for one attribute with the given payload. */
void expect_bad_attr(enum level level, int type, const void *data, int len);
/* Parses a copy of nlh that is exactly len bytes long, for valgrind. */
int parse_exact(const struct nlmsghdr *nlh, size_t len, struct irqw_status *st);

#endif /* STATUS_MSG_H */
