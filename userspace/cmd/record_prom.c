// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "version.h"
#include "fmt.h"
#include "prom.h"
#include "record_prom.h"
#include "stream.h"
#include "cli.h"

void record_prom_init(struct record_prom *p)
{
	memset(p, 0, sizeof(*p));
	p->interval_ns = IRQW_PROM_INTERVAL_NS;
}

int record_prom_opt(struct record_prom *p, int c, const char *val)
{
	uint64_t ns;

	switch (c) {
	case RECORD_OPT_PROM:
		p->path = val;
		return 1;
	case RECORD_OPT_PROM_INTERVAL:
		if (stream_parse_seconds(val, &ns) ||
		    ns < RECORD_PROM_INTERVAL_MIN_NS ||
		    ns > RECORD_PROM_INTERVAL_MAX_NS) {
			fprintf(stderr, PROG_NAME ": record: bad --prom-interval "
				"'%s': seconds from 1 to 3600, or with a unit: "
				"15s, 1min\n", val);
			return -1;
		}
		p->interval_ns = ns;
		p->has_interval = true;
		return 1;
	default:
		return 0;
	}
}

int record_prom_check(const struct record_prom *p)
{
	int ret;

	if (!p->path) {
		if (!p->has_interval)
			return 0;
		fprintf(stderr, PROG_NAME ": record: --prom-interval needs --prom FILE\n");
		return -1;
	}
	ret = irqw_prom_check_path(p->path);
	if (!ret)
		return 0;
	fprintf(stderr, PROG_NAME ": --prom %s: %s\n", p->path,
		ret == -EISDIR ? "a directory, not a file" :
		ret == -ENOTDIR ? "its directory is not a directory" :
		ret == -ENOENT ? "no such directory" : strerror(-ret));
	return -2;
}

static int write_metrics(struct record_prom *p)
{
	int ret = irqw_prom_write(p->m, p->path);
	char every[IRQW_DURATION_LEN];

	if (ret) {
		p->failed++;
		if (p->told != -ret)
			fprintf(stderr, PROG_NAME ": --prom %s: cannot write the "
				"metrics: %s; the log goes on, and the metrics are "
				"tried again every %s\n", p->path, strerror(-ret),
				irqw_format_duration(p->interval_ns, every));
		p->told = -ret;
	} else if (p->told) {
		fprintf(stderr, PROG_NAME ": --prom %s: metrics written again "
			"after %" PRIu64 " failed write%s\n", p->path, p->failed,
			p->failed == 1 ? "" : "s");
		p->told = 0;
		p->failed = 0;
	}
	return ret;
}

int record_prom_start(struct record_prom *p)
{
	struct utsname u;
	int ret;

	if (!p->path)
		return 0;
	if (uname(&u))
		strcpy(u.release, "unknown");
	p->m = irqw_prom_new(IRQWATCH_VERSION, u.release);
	if (!p->m) {
		fprintf(stderr, PROG_NAME ": %s\n", strerror(ENOMEM));
		return -ENOMEM;
	}
	ret = irqw_prom_write(p->m, p->path);
	if (ret) {
		fprintf(stderr, PROG_NAME ": --prom %s: cannot write the metrics: "
			"%s\n", p->path, strerror(-ret));
		irqw_prom_free(p->m);
		p->m = NULL;	/* nothing more to write at exit */
	}
	return ret;
}

int record_prom_count(struct record_prom *p, struct json_object *rec)
{
	int ret;

	if (!p->m)
		return 0;
	ret = irqw_prom_record(p->m, rec);
	return ret == -ENOMEM ? ret : 0;
}

int record_prom_tick(struct record_prom *p, uint64_t now_ns, uint64_t *next_ns)
{
	if (!p->m) {
		*next_ns = UINT64_MAX;
		return 0;
	}
	if (*next_ns)
		write_metrics(p);
	*next_ns = now_ns + p->interval_ns;
	return 0;
}

void record_prom_finish(struct record_prom *p)
{
	if (p->m)
		write_metrics(p);
	irqw_prom_free(p->m);
	p->m = NULL;
}
