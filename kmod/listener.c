// SPDX-License-Identifier: GPL-2.0
/*
 * Listeners: sockets that asked for events with IRQWATCH_CMD_SUBSCRIBE get
 * them by unicast (the taskstats/drop_monitor model) rather than through a
 * multicast group. Subscribing needs CAP_PERFMON or CAP_SYS_ADMIN (see
 * netlink.c), which the handler checks on every kernel; per-group multicast
 * permission flags exist only from 6.8 (6.1.y by back-port), so 5.10 would
 * have let anyone join a group. A listener goes away when it unsubscribes,
 * when its socket is released (netlink notifier), or when a send finds it
 * gone. A send that fails otherwise (receive buffer full) counts the events
 * it carried as that listener's drops; it is never retried.
 *
 * Port ids. netlink_release() frees the socket's port id (netlink_remove())
 * before it runs the URELEASE notifier, so between the two another socket
 * may bind the same port id, and a send by port id would reach it. A
 * listener therefore holds a reference on the socket that subscribed, and
 * nothing is sent to a listener whose socket is dead (SOCK_DEAD, set by
 * sock_orphan() right after netlink_remove()): such a listener is dropped
 * instead. A live netlink socket never changes its port id (netlink_bind()
 * refuses another one), so a held socket that is not dead still owns the
 * port id it subscribed with. What remains: genlmsg_unicast() can only look
 * the port id up again, so a send that checks a socket just before
 * netlink_release() runs netlink_remove() and sock_orphan() (two adjacent
 * statements, no sleep in between), and whose lookup comes after another
 * socket bound that port id, still reaches the new socket: a race of a few
 * instructions that the binder must win against a drain it cannot see. The
 * kernel exports no call that sends to a struct sock rather than a port id.
 *
 * Locking. irqw_list_lock, a spinlock held only for a few list operations
 * and counter updates, guards the list, its membership and the counters.
 * irqw_listeners_lock, a mutex, is the drain's: event.c holds it (through
 * irqw_listeners_get/put) while it formats and sends a whole batch; only the
 * drain takes it, so subscribe, unsubscribe and the URELEASE notifier never
 * wait behind a long format. A send works on a snapshot of the list, each
 * entry held by a reference, so a listener that is removed meanwhile stays
 * valid until the send is done with it, and is then freed.
 */

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <linux/irqwatch.h>

#include "irqwatch.h"

#define IRQW_MAX_LISTENERS	16

struct irqw_listener {
	struct list_head list;	/* on irqw_listeners while listed */
	refcount_t ref;		/* the list's, and each sender's */
	struct sock *sk;	/* the socket that subscribed, held */
	u32 portid;
	bool listed;
	bool owed;		/* a send failed: it has not seen the seq space */
	u64 events;
	u64 drops;
	u64 send_errors;
};

static LIST_HEAD(irqw_listeners);
static DEFINE_SPINLOCK(irqw_list_lock);		/* the list and the counters */
static DEFINE_MUTEX(irqw_listeners_lock);	/* the drain's */
static unsigned int irqw_nr_listeners;
static u64 irqw_unheard;

static void irqw_listener_put(struct irqw_listener *l)
{
	if (refcount_dec_and_test(&l->ref)) {
		sock_put(l->sk);
		kfree(l);
	}
}

/* Takes @l off the list; true if it was on it (put the list's reference). */
static bool irqw_listener_unlist(struct irqw_listener *l)
{
	lockdep_assert_held(&irqw_list_lock);
	if (!l->listed)
		return false;
	list_del(&l->list);
	l->listed = false;
	irqw_nr_listeners--;
	return true;
}

static bool irqw_listener_dead(const struct irqw_listener *l)
{
	return sock_flag(l->sk, SOCK_DEAD);
}

int irqw_listener_add(struct sk_buff *skb, u32 portid,
		      struct netlink_ext_ack *extack)
{
	struct sock *sk = NETLINK_CB(skb).sk;
	struct irqw_listener *l, *old, *tmp, *stale = NULL;
	int err = 0;

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	l->portid = portid;
	l->sk = sk;
	refcount_set(&l->ref, 1);

	spin_lock(&irqw_list_lock);
	list_for_each_entry_safe(old, tmp, &irqw_listeners, list) {
		if (old->sk == sk) {
			NL_SET_ERR_MSG(extack, "this socket is already subscribed");
			err = -EALREADY;
			goto out_unlock;
		}
		/* a released socket's port id, bound again: its URELEASE is due */
		if (old->portid == portid && irqw_listener_dead(old) && !stale &&
		    irqw_listener_unlist(old))
			stale = old;
	}
	if (irqw_nr_listeners >= IRQW_MAX_LISTENERS) {
		NL_SET_ERR_MSG(extack, "too many listeners");
		err = -ENOSPC;
		goto out_unlock;
	}
	sock_hold(sk);
	l->listed = true;
	list_add_tail(&l->list, &irqw_listeners);
	irqw_nr_listeners++;
	l = NULL;
out_unlock:
	spin_unlock(&irqw_list_lock);
	kfree(l);
	if (stale)
		irqw_listener_put(stale);
	return err;
}

int irqw_listener_del(struct sk_buff *skb, struct netlink_ext_ack *extack)
{
	struct sock *sk = NETLINK_CB(skb).sk;
	struct irqw_listener *l, *found = NULL;

	spin_lock(&irqw_list_lock);
	list_for_each_entry(l, &irqw_listeners, list) {
		if (l->sk == sk) {
			irqw_listener_unlist(l);
			found = l;
			break;
		}
	}
	spin_unlock(&irqw_list_lock);
	if (!found) {
		NL_SET_ERR_MSG(extack, "this socket is not subscribed");
		return -ENOENT;
	}
	irqw_listener_put(found);
	return 0;
}

/* Locks the listener list for a drain; true if anyone listens. */
bool irqw_listeners_get(void)
{
	mutex_lock(&irqw_listeners_lock);
	return READ_ONCE(irqw_nr_listeners);
}

void irqw_listeners_put(void)
{
	mutex_unlock(&irqw_listeners_lock);
}

void irqw_listeners_count_unheard(void)
{
	lockdep_assert_held(&irqw_listeners_lock);
	spin_lock(&irqw_list_lock);
	irqw_unheard++;
	spin_unlock(&irqw_list_lock);
}

/* An event that fits in no message is a drop for every listener. */
void irqw_listeners_count_drop(void)
{
	struct irqw_listener *l;

	lockdep_assert_held(&irqw_listeners_lock);
	spin_lock(&irqw_list_lock);
	list_for_each_entry(l, &irqw_listeners, list)
		l->drops++;
	spin_unlock(&irqw_list_lock);
}

/*
 * The listed listeners (with @owed_only, those owed the seq space), each
 * with a reference for the caller. A dead one is dropped, not returned.
 */
static unsigned int irqw_listeners_snapshot(struct irqw_listener **ls,
					    bool owed_only)
{
	struct irqw_listener *l, *tmp, *dead[IRQW_MAX_LISTENERS];
	unsigned int n = 0, nr_dead = 0, i;

	spin_lock(&irqw_list_lock);
	list_for_each_entry_safe(l, tmp, &irqw_listeners, list) {
		if (irqw_listener_dead(l)) {
			if (irqw_listener_unlist(l))
				dead[nr_dead++] = l;
			continue;
		}
		if (owed_only && !l->owed)
			continue;
		refcount_inc(&l->ref);
		ls[n++] = l;
	}
	spin_unlock(&irqw_list_lock);
	for (i = 0; i < nr_dead; i++)
		irqw_listener_put(dead[i]);
	return n;
}

/*
 * Sends @skb to @l unless its socket is dead; consumes @skb. Returns the
 * result, -ECONNREFUSED for a dead socket.
 */
static int irqw_listener_send(struct irqw_listener *l, struct sk_buff *skb)
{
	if (!skb)
		return -ENOMEM;
	if (irqw_listener_dead(l)) {
		nlmsg_free(skb);
		return -ECONNREFUSED;
	}
	return genlmsg_unicast(&init_net, skb, l->portid);
}

/* Drops @l, which a send found gone, and the caller's reference. */
static void irqw_listener_gone(struct irqw_listener *l)
{
	bool listed;

	spin_lock(&irqw_list_lock);
	listed = irqw_listener_unlist(l);
	spin_unlock(&irqw_list_lock);
	if (listed)
		irqw_listener_put(l);
	irqw_listener_put(l);
}

/* Sends @msg, carrying @nr events, to every listener; consumes @msg. */
void irqw_listeners_send(struct sk_buff *msg, unsigned int nr)
{
	struct irqw_listener *ls[IRQW_MAX_LISTENERS], *l;
	unsigned int n, i;
	struct sk_buff *skb;
	int err;

	lockdep_assert_held(&irqw_listeners_lock);
	n = irqw_listeners_snapshot(ls, false);
	for (i = 0; i < n; i++) {
		l = ls[i];
		if (i == n - 1) {
			skb = msg;
			msg = NULL;
		} else {
			skb = skb_clone(msg, GFP_KERNEL);
		}
		err = irqw_listener_send(l, skb);
		if (err == -ECONNREFUSED) {
			irqw_listener_gone(l);
			continue;
		}
		spin_lock(&irqw_list_lock);
		if (!err) {
			l->events += nr;
			l->owed = false;
		} else {
			l->drops += nr;
			l->send_errors++;
			l->owed = true;
		}
		spin_unlock(&irqw_list_lock);
		irqw_listener_put(l);
	}
	nlmsg_free(msg);	/* no listener left */
}

bool irqw_listeners_owed(void)
{
	struct irqw_listener *l;
	bool owed = false;

	lockdep_assert_held(&irqw_listeners_lock);
	spin_lock(&irqw_list_lock);
	list_for_each_entry(l, &irqw_listeners, list)
		owed |= l->owed;
	spin_unlock(&irqw_list_lock);
	return owed;
}

/*
 * Sends @msg, which carries no events, to the listeners that are owed the
 * seq space; consumes @msg. True if one of them is still owed.
 */
bool irqw_listeners_resync(struct sk_buff *msg)
{
	struct irqw_listener *ls[IRQW_MAX_LISTENERS], *l;
	unsigned int n, i;
	bool owed = false;
	int err;

	lockdep_assert_held(&irqw_listeners_lock);
	n = irqw_listeners_snapshot(ls, true);
	for (i = 0; i < n; i++) {
		l = ls[i];
		err = irqw_listener_send(l, skb_clone(msg, GFP_KERNEL));
		if (err == -ECONNREFUSED) {
			irqw_listener_gone(l);
			continue;
		}
		if (!err) {
			spin_lock(&irqw_list_lock);
			l->owed = false;
			spin_unlock(&irqw_list_lock);
		} else {
			owed = true;
		}
		irqw_listener_put(l);
	}
	nlmsg_free(msg);
	return owed;
}

size_t irqw_listeners_stats_size(void)
{
	size_t one = nla_total_size(0) + nla_total_size(sizeof(u32)) +
		     3 * nla_total_size_64bit(sizeof(u64));

	return 2 * nla_total_size(sizeof(u32)) +		/* LISTENERS, SIZE */
	       3 * nla_total_size_64bit(sizeof(u64)) +		/* SEQ, DROPS, UNHEARD */
	       IRQW_MAX_LISTENERS * one;
}

/* IRQWATCH_STATS_LISTENERS, _UNHEARD and one _LISTENER nest per listener. */
int irqw_listeners_put_stats(struct sk_buff *msg)
{
	struct irqw_listener *l;
	struct nlattr *nest;
	int err = -EMSGSIZE;

	spin_lock(&irqw_list_lock);
	if (nla_put_u32(msg, IRQWATCH_STATS_LISTENERS, irqw_nr_listeners) ||
	    nla_put_u64_64bit(msg, IRQWATCH_STATS_UNHEARD, irqw_unheard,
			      IRQWATCH_STATS_PAD))
		goto out;
	list_for_each_entry(l, &irqw_listeners, list) {
		nest = nla_nest_start(msg, IRQWATCH_STATS_LISTENER);
		if (!nest ||
		    nla_put_u32(msg, IRQWATCH_LISTENER_PORTID, l->portid) ||
		    nla_put_u64_64bit(msg, IRQWATCH_LISTENER_EVENTS, l->events,
				      IRQWATCH_LISTENER_PAD) ||
		    nla_put_u64_64bit(msg, IRQWATCH_LISTENER_DROPS, l->drops,
				      IRQWATCH_LISTENER_PAD) ||
		    nla_put_u64_64bit(msg, IRQWATCH_LISTENER_SEND_ERRORS,
				      l->send_errors, IRQWATCH_LISTENER_PAD))
			goto out;
		nla_nest_end(msg, nest);
	}
	err = 0;
out:
	spin_unlock(&irqw_list_lock);
	return err;
}

/*
 * A released socket: drop its listener. The socket is already dead (orphaned
 * before the notifier runs), which tells it from a socket that bound the
 * same port id meanwhile.
 */
static int irqw_listeners_notify(struct notifier_block *nb, unsigned long event,
				 void *ptr)
{
	struct irqw_listener *l, *tmp, *gone[IRQW_MAX_LISTENERS];
	struct netlink_notify *n = ptr;
	unsigned int nr = 0, i;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net))
		return NOTIFY_DONE;
	spin_lock(&irqw_list_lock);
	list_for_each_entry_safe(l, tmp, &irqw_listeners, list)
		if (l->portid == n->portid && irqw_listener_dead(l) &&
		    irqw_listener_unlist(l))
			gone[nr++] = l;
	spin_unlock(&irqw_list_lock);
	for (i = 0; i < nr; i++)
		irqw_listener_put(gone[i]);
	return NOTIFY_DONE;
}

static struct notifier_block irqw_listeners_nb = {
	.notifier_call = irqw_listeners_notify,
};

int __init irqw_listeners_init(void)
{
	return netlink_register_notifier(&irqw_listeners_nb);
}

/* After the last drain: no sender can hold a reference any more. */
void irqw_listeners_exit(void)
{
	struct irqw_listener *l, *tmp;
	LIST_HEAD(gone);

	netlink_unregister_notifier(&irqw_listeners_nb);
	spin_lock(&irqw_list_lock);
	list_for_each_entry_safe(l, tmp, &irqw_listeners, list) {
		irqw_listener_unlist(l);
		list_add(&l->list, &gone);
	}
	spin_unlock(&irqw_list_lock);
	list_for_each_entry_safe(l, tmp, &gone, list)
		irqw_listener_put(l);
}
