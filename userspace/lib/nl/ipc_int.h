/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* What the ipc_*.c files share; nothing outside the ipc layer includes it. */
#ifndef IRQW_IPC_INT_H
#define IRQW_IPC_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/attr.h>

#include "ipc.h"

struct nl_sock;

#define U8_POLICY	{ .type = NLA_U8, .minlen = 1, .maxlen = 1 }
#define U16_POLICY	{ .type = NLA_U16, .minlen = 2, .maxlen = 2 }
#define U32_POLICY	{ .type = NLA_U32, .minlen = 4, .maxlen = 4 }
#define U64_POLICY	{ .type = NLA_U64, .minlen = 8, .maxlen = 8 }

/* An optional attribute: if a is there, its value into *v and *has set. */
static inline void irqw_opt_u32(const struct nlattr *a, uint32_t *v, bool *has)
{
	if (a) {
		*v = nla_get_u32(a);
		*has = true;
	}
}

static inline void irqw_opt_u64(const struct nlattr *a, uint64_t *v, bool *has)
{
	if (a) {
		*v = nla_get_u64(a);
		*has = true;
	}
}

/* Whether the attributes in len bytes at head fill them exactly. */
bool irqw_attrs_whole(struct nlattr *head, int len);

/*
 * Parses one IRQWATCH_A_EVENT nest into *ev, which owns its strings after
 * (free it with irqw_event_free()): -EBADMSG if the event is malformed, or
 * -ENOMEM; *ev is zeroed on error.
 */
int irqw_event_parse(struct nlattr *nest, struct irqw_event *ev);

/*
 * Parses an IRQWATCH_EV_IMBALANCE or IRQWATCH_STATS_IMBALANCE nest into a
 * zeroed *imb: -EBADMSG or -ENOMEM, after which imb->cpus may still have
 * to be freed.
 */
int irqw_imbalance_parse(struct nlattr *nest, struct irqw_imbalance *imb);

/* How many attributes of type there are in a run that must fill len exactly. */
int irqw_count_attrs(struct nlattr *head, int len, int type, size_t *n);

/* calloc() that is not NULL for n == 0, so that NULL means no memory. */
void *irqw_alloc_array(size_t n, size_t size);

/*
 * The IRQWATCH_A_READER nests among the len bytes of attributes at head,
 * into st->readers (freed by irqw_readers_free(), also after a failure).
 */
int irqw_readers_parse(struct nlattr *head, int len, struct irqw_stats *st);
void irqw_readers_free(struct irqw_stats *st);

/* A libnl error code as a negative errno. */
int irqw_nlerr_to_errno(int nlerr);

/* Whether tb has every attribute policy gives a type for. */
bool irqw_has_all(struct nlattr **tb, const struct nla_policy *policy,
		  int maxtype);

/*
 * A generic netlink socket with msg peek and extended ACKs enabled, and the
 * id of the "irqwatch" family (-EPROTONOSUPPORT: not registered).
 */
int irqw_connect(struct nl_sock **skp, int *family);

/* A request of command cmd to family, without attributes; NULL: no memory. */
struct nl_msg *irqw_request_new(int family, uint8_t cmd);

/*
 * Sends command cmd on a socket of its own, with the attributes put writes
 * (put_arg is its second argument; none if put is NULL), and hands the one
 * reply to parse; with parse NULL, no reply is needed and one is ignored,
 * the ACK is enough. The kernel's own errno is kept (libnl would fold EPERM
 * and EACCES together), and its extack goes to ext if that is not NULL.
 */
int irqw_request(uint8_t cmd, int (*put)(struct nl_msg *, const void *),
		 const void *put_arg, int (*parse)(struct nlmsghdr *, void *),
		 void *arg, struct irqw_extack *ext);

/*
 * A dump of command cmd (NLM_F_DUMP): every message of it goes to parse,
 * until NLMSG_DONE. Errors as for irqw_request(); -EOPNOTSUPP if the module
 * has no dump for cmd.
 */
int irqw_dump(uint8_t cmd, int (*parse)(struct nlmsghdr *, void *), void *arg,
	      struct irqw_extack *ext);

#endif /* IRQW_IPC_INT_H */
