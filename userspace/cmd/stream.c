// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The loop waits in ppoll() with SIGINT, SIGTERM and SIGHUP blocked outside
 * it, so a signal either arrives before the wait (and ends it at once) or
 * during it; the handlers only set flags. The timeout is the next moment
 * something is due without any event: a gap's grace period, the end of
 * --duration, or the end of the wait for the shutdown message after the
 * family went away. nlctrl announces the removal before the module's last
 * drain sends its final events and the shutdown message, so the removal
 * only starts that wait, in case the shutdown message never comes.
 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stream.h"
#include "cli.h"
#include "units.h"

#define NSEC_PER_SEC	1000000000ULL
#define RCVBUF_MIN	4096
#define STOP		1	/* from the message callback: leave the loop */

enum stop_reason {
	RUNNING,
	STOP_DONE,		/* signal, --duration, --count: exit 0 */
	STOP_SHUTDOWN,		/* the module went away: exit 3 */
};

struct stream {
	const struct stream_opts *o;
	const struct stream_sink *sink;
	void *ctx;
	struct irqw_gaps gaps;
	struct irqw_drops drops;
	struct irqw_enrich *enrich;
	uint64_t events;
	bool removed;
	uint64_t removed_ns;
	enum stop_reason stop;
	bool failed;		/* a reason was printed: exit 1 */
	bool closed;		/* the output's reader went away (EPIPE) */
	uint64_t retry_ns;	/* when the sink wants a retry; 0: no wait */
	uint64_t tick_ns;	/* when the sink's tick is due */
};

static volatile sig_atomic_t got_stop, got_hup;

uint64_t stream_grace_ns = IRQW_GRACE_NS;
const char *stream_slab_root, *stream_cgroup_root;

void stream_opts_init(struct stream_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->rcvbuf = IRQW_RCVBUF_DEFAULT;
	o->enrich.slab_root = stream_slab_root;
	o->enrich.cgroup_root = stream_cgroup_root;
}

void stream_opts_free(struct stream_opts *o)
{
	if (o->has_user)
		irqw_user_free(&o->user);
	o->has_user = false;
}

int stream_parse_seconds(const char *s, uint64_t *ns)
{
	size_t len = strlen(s);
	uint64_t us;
	char *buf;
	int ret;

	if (len && s[len - 1] >= '0' && s[len - 1] <= '9') {
		buf = malloc(len + 2);
		if (!buf)
			return -ENOMEM;
		memcpy(buf, s, len);
		memcpy(buf + len, "s", 2);
		ret = irqw_parse_duration_us(buf, &us);
		free(buf);
	} else {
		ret = irqw_parse_duration_us(s, &us);
	}
	if (ret)
		return ret;
	if (!us || us > UINT64_MAX / 1000)
		return -ERANGE;
	*ns = us * 1000;
	return 0;
}

int stream_opt(int c, const char *val, const char *cmd, struct stream_opts *o)
{
	const char *name, *want;
	uint64_t n;
	int ret;

	switch (c) {
	case STREAM_OPT_NO_SLAB_INFO:
		o->enrich.no_slab_info = true;
		return 1;
	case STREAM_OPT_USER:
		stream_opts_free(o);
		ret = irqw_user_lookup(val, &o->user);
		if (ret == -ENOENT)
			fprintf(stderr, PROG_NAME ": unknown user '%s'\n", val);
		else if (ret)
			fprintf(stderr, PROG_NAME ": user '%s': %s\n", val,
				strerror(-ret));
		o->has_user = !ret;
		return ret ? -1 : 1;
	case STREAM_OPT_DURATION:
		name = "--duration";
		want = "seconds, such as 60 or 1.5, or with a unit: 500ms";
		ret = stream_parse_seconds(val, &o->duration_ns);
		break;
	case STREAM_OPT_COUNT:
		name = "--count";
		want = "a whole number above 0";
		ret = irqw_parse_uint(val, &n);
		if (!ret && !n)
			ret = -ERANGE;
		if (!ret)
			o->count = n;
		break;
	case STREAM_OPT_RCVBUF:
		name = "--rcvbuf";
		want = "a size such as 8M, from 4K to 1G";
		ret = irqw_parse_size(val, &n);
		if (!ret && (n < RCVBUF_MIN || n > IRQW_RCVBUF_MAX))
			ret = -ERANGE;
		if (!ret)
			o->rcvbuf = (size_t)n;
		break;
	default:
		return 0;
	}
	if (ret)
		fprintf(stderr, PROG_NAME ": %s: bad %s '%s': %s\n", cmd, name,
			val, want);
	return ret ? -1 : 1;
}

static uint64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_stop = 1;
}

/* Runs the handlers of the signals pending while blocked. */
static void take_signals(const sigset_t *wait)
{
	sigset_t blocked;

	sigprocmask(SIG_SETMASK, wait, &blocked);
	sigprocmask(SIG_SETMASK, &blocked, NULL);
}

/* Blocks the signals and installs their handlers; *wait is ppoll()'s mask. */
static int setup_signals(sigset_t *old, sigset_t *wait)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&set, sigs[i]);
	if (sigprocmask(SIG_BLOCK, &set, old))
		return -errno;
	*wait = *old;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigdelset(wait, sigs[i]);
		if (sigaction(sigs[i], &sa, NULL))
			return -errno;
	}
	return 0;
}

/* What a sink's callback returned: 0, STOP (-EPIPE), or its error. */
static int sink_result(struct stream *s, int ret)
{
	if (ret == -EPIPE) {
		s->closed = true;
		s->stop = STOP_DONE;
		return STOP;
	}
	if (ret)
		s->failed = true;
	return ret;
}

static int on_lost(const struct irqw_lost *lost, void *arg)
{
	struct stream *s = arg;

	if (s->closed)
		return STOP;
	return sink_result(s, s->sink->lost(s->ctx, lost,
					    clock_ns(CLOCK_MONOTONIC),
					    clock_ns(CLOCK_REALTIME)));
}

static int on_message(const struct irqw_event_msg *m, void *arg)
{
	uint64_t now = clock_ns(CLOCK_MONOTONIC);
	struct stream *s = arg;
	struct irqw_extra x;
	size_t i;
	int ret;

	if (s->closed)
		return STOP;
	if (m->malformed) {
		fprintf(stderr,
			PROG_NAME ": skipped a malformed message from the module\n");
		return 0;
	}
	if (m->family_removed) {
		if (!s->removed)
			s->removed_ns = now;
		s->removed = true;
		return 0;
	}
	if (m->has_ring_drops) {
		ret = irqw_drops_update(&s->drops, m->ring_drops, on_lost, s);
		if (ret)
			return ret;
	}
	if (m->nr_malformed)
		fprintf(stderr, PROG_NAME ": skipped %zu malformed event%s\n",
			m->nr_malformed, m->nr_malformed == 1 ? "" : "s");
	for (i = 0; i < m->nr_events; i++) {
		ret = irqw_gaps_seen(&s->gaps, m->events[i].seq, now, on_lost, s);
		if (ret == -ENOMEM && !s->failed) {
			fprintf(stderr, PROG_NAME ": %s\n", strerror(ENOMEM));
			s->failed = true;
		}
		if (ret < 0)
			return ret;
		if (s->closed)
			return STOP;
		irqw_enrich_event(s->enrich, &m->events[i], &x);
		ret = sink_result(s, s->sink->event(s->ctx, &m->events[i], &x));
		if (ret)
			return ret;
		if (s->o->count && ++s->events >= s->o->count) {
			s->stop = STOP_DONE;
			return STOP;
		}
	}
	if (m->has_next_seq) {
		ret = irqw_gaps_upto(&s->gaps, m->next_seq, now, on_lost, s);
		if (ret == -ENOMEM && !s->failed) {
			fprintf(stderr, PROG_NAME ": %s\n", strerror(ENOMEM));
			s->failed = true;
		}
		if (ret < 0)
			return ret;
	}
	if (s->closed)
		return STOP;
	if (m->shutdown) {
		s->stop = STOP_SHUTDOWN;
		return STOP;
	}
	return 0;
}

/* The wait until the next thing due, NULL for none; *ts is its storage. */
static struct timespec *next_timeout(const struct stream *s, uint64_t now,
				     uint64_t end, struct timespec *ts)
{
	uint64_t when = UINT64_MAX, t;

	if (irqw_gaps_deadline(&s->gaps, &t) && t < when)
		when = t;
	if (end && end < when)
		when = end;
	if (s->removed && s->removed_ns + IRQW_LINGER_NS < when)
		when = s->removed_ns + IRQW_LINGER_NS;
	if (s->retry_ns && s->retry_ns < when)
		when = s->retry_ns;
	if (s->sink->tick && s->tick_ns < when)
		when = s->tick_ns;
	if (when == UINT64_MAX)
		return NULL;
	t = when > now ? when - now : 0;
	ts->tv_sec = (time_t)(t / NSEC_PER_SEC);
	ts->tv_nsec = (long)(t % NSEC_PER_SEC);
	return ts;
}

/* Checks what is due at now; 0, STOP, or a negative errno. */
static int due(struct stream *s, uint64_t now, uint64_t end)
{
	int ret;

	if (got_stop) {
		s->stop = STOP_DONE;
		return STOP;
	}
	if (got_hup) {
		got_hup = 0;
		ret = sink_result(s, s->sink->reopen(s->ctx));
		if (ret)
			return ret;
	}
	if (s->sink->retry && now >= s->retry_ns) {
		ret = s->sink->retry(s->ctx);
		if (ret < 0)
			return sink_result(s, ret);
		s->retry_ns = ret ? now + IRQW_RETRY_NS : 0;
	}
	if (s->sink->tick && now >= s->tick_ns) {
		ret = s->sink->tick(s->ctx, now, &s->tick_ns);
		if (ret)
			return sink_result(s, ret);
	}
	ret = irqw_gaps_expire(&s->gaps, now, false, on_lost, s);
	if (ret)
		return ret;
	if (s->removed && now - s->removed_ns >= IRQW_LINGER_NS) {
		s->stop = STOP_SHUTDOWN;
		return STOP;
	}
	if (end && now >= end) {
		s->stop = STOP_DONE;
		return STOP;
	}
	return 0;
}

/*
 * Before stopping for a signal or --duration: takes what the module has
 * sent or is about to send (its drain runs every 10 ms) until the socket
 * stays quiet for IRQW_QUIET_MS, IRQW_FLUSH_MAX_NS at most, so that events
 * produced before the stop are logged rather than left behind unaccounted.
 * A reader that is still behind after that says so: what it leaves unread
 * is in no record.
 */
static int flush_socket(struct stream *s, struct irqw_sub *sub)
{
	struct pollfd pfd = { .fd = irqw_sub_fd(sub), .events = POLLIN };
	uint64_t start = clock_ns(CLOCK_MONOTONIC);
	int ret;

	while (clock_ns(CLOCK_MONOTONIC) - start < IRQW_FLUSH_MAX_NS) {
		ret = poll(&pfd, 1, IRQW_QUIET_MS);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0)
			return 0;
		ret = irqw_sub_receive(sub, on_message, s);
		if (ret == -ENOBUFS)
			continue;
		if (ret)
			return ret;
	}
	if (poll(&pfd, 1, 0) > 0)
		fprintf(stderr, PROG_NAME ": stopped after %llu s of reading with events "
			"still unread: they are in no record\n",
			IRQW_FLUSH_MAX_NS / 1000000000ULL);
	return 0;
}

static int loop(struct stream *s, struct irqw_sub *sub, const sigset_t *wait)
{
	struct pollfd pfd = { .fd = irqw_sub_fd(sub), .events = POLLIN };
	uint64_t now = clock_ns(CLOCK_MONOTONIC), end = 0;
	struct timespec ts;
	int ret;

	if (s->o->duration_ns)
		end = now + s->o->duration_ns;
	for (;;) {
		now = clock_ns(CLOCK_MONOTONIC);
		ret = due(s, now, end);
		if (ret == STOP && s->stop == STOP_DONE && !s->closed) {
			ret = flush_socket(s, sub);
			return ret ? ret : STOP;
		}
		if (ret)
			return ret;
		ret = ppoll(&pfd, 1, next_timeout(s, now, end, &ts), wait);
		if (ret < 0 && errno != EINTR) {
			ret = -errno;
			fprintf(stderr, PROG_NAME ": poll: %s\n", strerror(-ret));
			s->failed = true;
			return ret;
		}
		if (ret <= 0)
			continue;
		/*
		 * ppoll() that finds the socket ready keeps a pending signal
		 * blocked: take it now, and act on it before reading more, or
		 * a busy socket would put it off indefinitely.
		 */
		take_signals(wait);
		if (got_stop || got_hup)
			continue;
		ret = irqw_sub_receive(sub, on_message, s);
		if (ret == -ENOBUFS) {
			fprintf(stderr, PROG_NAME ": receive buffer overflowed: "
				"events were lost (see --rcvbuf)\n");
			continue;
		}
		if (ret < 0 && !s->failed) {
			fprintf(stderr, PROG_NAME ": receive: %s\n", strerror(-ret));
			s->failed = true;
		}
		if (ret)
			return ret;
	}
}

/* Starts accounting from the subscription's baselines and the log's end. */
static void start_accounting(struct stream *s, const struct irqw_baseline *b,
			     bool resume, uint64_t resume_seq)
{
	uint64_t now = clock_ns(CLOCK_MONOTONIC), base = b->next_seq;

	/*
	 * Seqs after the log's last one were missed while nobody recorded;
	 * a module whose next seq is not beyond it was reloaded since.
	 */
	if (resume && resume_seq < b->next_seq)
		base = resume_seq + 1;
	irqw_gaps_init(&s->gaps, base, b->next_seq, stream_grace_ns, now);
	irqw_drops_init(&s->drops, b->ring_drops);
}

int stream_run(const struct stream_opts *o, const struct stream_sink *sink,
	       void *ctx)
{
	struct stream s = { .o = o, .sink = sink, .ctx = ctx };
	struct irqw_sub *sub = NULL;
	struct irqw_baseline base;
	struct irqw_extack ext;
	uint64_t resume_seq = 0;
	sigset_t old, wait;
	bool resume = false;
	const char *step;
	int ret, status = 1;

	ret = setup_signals(&old, &wait);
	if (ret) {
		fprintf(stderr, PROG_NAME ": signals: %s\n", strerror(-ret));
		return 1;
	}
	ret = irqw_subscribe(o->rcvbuf, &sub, &base, &ext);
	if (ret) {
		fprintf(stderr, PROG_NAME ": %s\n", irqw_strerror_ext(ret, &ext));
		goto cleanup;
	}
	if (irqw_sub_rcvbuf(sub) < o->rcvbuf)
		fprintf(stderr, PROG_NAME ": receive buffer is %zu bytes, not %zu "
			"(net.core.rmem_max; CAP_NET_ADMIN lifts it)\n",
			irqw_sub_rcvbuf(sub), o->rcvbuf);
	ret = irqw_drop_privileges(o->has_user ? &o->user : NULL, &step);
	if (ret) {
		fprintf(stderr, PROG_NAME ": cannot %s: %s\n", step, strerror(-ret));
		goto cleanup;
	}
	if (sink->start(ctx, &base, &resume, &resume_seq))
		goto cleanup;
	s.enrich = irqw_enrich_new(&o->enrich);
	if (!s.enrich) {
		fprintf(stderr, PROG_NAME ": %s\n", strerror(ENOMEM));
		goto cleanup;
	}
	start_accounting(&s, &base, resume, resume_seq);

	loop(&s, sub, &wait);
	/* what is still missing now will not come */
	if (s.failed || (!s.closed &&
			 irqw_gaps_expire(&s.gaps, 0, true, on_lost, &s) &&
			 !s.closed))
		goto cleanup;
	if (s.stop == STOP_SHUTDOWN) {
		fprintf(stderr, PROG_NAME ": module unloaded\n");
		status = IRQW_EXIT_MODULE_GONE;
	} else {
		status = IRQW_EXIT_OK;
	}

cleanup:
	irqw_enrich_free(s.enrich);
	irqw_gaps_free(&s.gaps);
	irqw_sub_close(sub);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return status;
}
