/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What "irqwatch record" and "irqwatch monitor" share: the options that
 * subscribe and drop privileges, and the receive loop with its accounting
 * of lost events and its signals. A sink says where events go.
 */
#ifndef IRQW_STREAM_H
#define IRQW_STREAM_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "enrich.h"
#include "ipc.h"
#include "privs.h"

/* How long after the family's removal the shutdown message may still come. */
#define IRQW_LINGER_NS	(1000ULL * 1000000ULL)	/* 1 s */
/* On stop: the socket is read until quiet this long, for this long at most. */
#define IRQW_QUIET_MS	100
#define IRQW_FLUSH_MAX_NS	(10000ULL * 1000000ULL)	/* 10 s */
/* How often a sink with lines waiting tries to write them without news. */
#define IRQW_RETRY_NS	(500ULL * 1000000ULL)	/* 0.5 s */

/* The grace period of missing seqs (IRQW_GRACE_NS); tests shorten it. */
extern uint64_t stream_grace_ns;
/* Where the host's slab and cgroup files are; NULL: the real ones (tests). */
extern const char *stream_slab_root, *stream_cgroup_root;
/* record: the boot id's file (NULL: the kernel's) and the bound of lines
 * waiting to be written (0: IRQW_PENDING_MAX); tests change them */
extern const char *record_boot_id_path;
extern size_t record_pending_max;

struct stream_opts {
	size_t rcvbuf;
	bool has_user;
	struct irqw_user user;	/* --user */
	uint64_t duration_ns;	/* 0: until stopped */
	uint64_t count;		/* events; 0: no limit */
	struct irqw_enrich_opts enrich;	/* --no-slab-info; tests: roots */
};

/*
 * Every callback returns 0, or a negative errno after it printed why; the
 * stream then ends with exit status 1.
 */
struct stream_sink {
	/*
	 * Runs once privileges are dropped: opens the output. If it writes
	 * to a log whose last event is of this boot and module load (base's
	 * load id), *resume is set and *resume_seq is that event's seq.
	 */
	int (*start)(void *ctx, const struct irqw_baseline *base, bool *resume,
		     uint64_t *resume_seq);
	/* x: what the host adds to the event (enrich.h) */
	int (*event)(void *ctx, const struct irqw_event *ev,
		     const struct irqw_extra *x);
	int (*lost)(void *ctx, const struct irqw_lost *lost, uint64_t mono_ns,
		    uint64_t real_ns);
	int (*reopen)(void *ctx);	/* SIGHUP */
	/*
	 * Optional, called as the loop goes round: 0 if nothing waits to be
	 * written, 1 if something does (it is called again IRQW_RETRY_NS
	 * later at the latest), or a negative errno as above.
	 */
	int (*retry)(void *ctx);
	/*
	 * Optional, for what is done at intervals: called as the loop goes
	 * round once *next_ns (CLOCK_MONOTONIC, 0 at the start) is due, with
	 * the time now; sets *next_ns to when it is due again. 0 or a
	 * negative errno as above.
	 */
	int (*tick)(void *ctx, uint64_t now_ns, uint64_t *next_ns);
};

/*
 * A callback that returns -EPIPE says the output's reader went away: the
 * stream ends at once, with exit status 0 and nothing more written.
 */

void stream_opts_init(struct stream_opts *o);
void stream_opts_free(struct stream_opts *o);

/* getopt_long() values of the options of stream_opts */
enum {
	STREAM_OPT_DURATION = 0x100,
	STREAM_OPT_COUNT,
	STREAM_OPT_USER,
	STREAM_OPT_RCVBUF,
	STREAM_OPT_NO_SLAB_INFO,
};

#define STREAM_LONG_OPTS						\
	{ "duration", required_argument, NULL, STREAM_OPT_DURATION },	\
	{ "count", required_argument, NULL, STREAM_OPT_COUNT },	\
	{ "user", required_argument, NULL, STREAM_OPT_USER },		\
	{ "rcvbuf", required_argument, NULL, STREAM_OPT_RCVBUF },	\
	{ "no-slab-info", no_argument, NULL, STREAM_OPT_NO_SLAB_INFO }

/*
 * Takes option c of STREAM_LONG_OPTS with its value val for subcommand
 * cmd: 1, or -1 after printing why the value is bad; 0 if c is not one.
 */
int stream_opt(int c, const char *val, const char *cmd, struct stream_opts *o);

/* Seconds ("60", "1.5") or a duration with a unit ("500ms") as ns > 0. */
int stream_parse_seconds(const char *s, uint64_t *ns);

/*
 * Subscribes, drops privileges, starts the sink and hands it events, with
 * what the host adds to them, and lost records until SIGINT or SIGTERM,
 * --duration or --count (exit status 0), an error (1), or the module's
 * removal (IRQW_EXIT_MODULE_GONE, 3). Pending gaps are reported as
 * lost in every case.
 */
int stream_run(const struct stream_opts *o, const struct stream_sink *sink,
	       void *ctx);

#endif /* IRQW_STREAM_H */
