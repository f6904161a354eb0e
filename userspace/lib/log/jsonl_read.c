// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "family.h"
#include "jsonl.h"
#include "jsonl_read.h"
#include "jv.h"

#define NSEC_PER_SEC	1000000000ULL

static unsigned int digits(const char *s, size_t n)
{
	unsigned int v = 0;

	while (n--)
		v = v * 10 + (unsigned int)(*s++ - '0');
	return v;
}

/*
 * The time as record writes it, exactly "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" with
 * every field in its range: what strptime() and timegm() give, without
 * them (they were a tenth of the report's time); 0, or -EAGAIN for any
 * other string, which they then read.
 */
static int parse_time_strict(const char *s, uint64_t *real_ns)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
	static const unsigned char mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned int y, m, d, hh, mm, ss, leap;
	uint64_t days;
	size_t i;

	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return -EAGAIN;
	if (s[i])
		return -EAGAIN;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	hh = digits(s + 11, 2);
	mm = digits(s + 14, 2);
	ss = digits(s + 17, 2);
	leap = m == 2 && y % 4 == 0 && (y % 100 || y % 400 == 0);
	if (y < 1970 || m < 1 || m > 12 || d < 1 || hh > 23 || mm > 59 || ss > 59 ||
	    d > mdays[m - 1] + leap)
		return -EAGAIN;
	/* days since 1970-01-01 (Howard Hinnant's days_from_civil) */
	{
		unsigned int yy = y - (m <= 2), era = yy / 400, yoe = yy - era * 400;
		unsigned int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
		unsigned int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

		days = (uint64_t)era * 146097 + doe - 719468;
	}
	*real_ns = ((days * 86400 + hh * 3600 + mm * 60 + ss) * NSEC_PER_SEC) +
		   digits(s + 20, 6) * 1000ULL;
	return 0;
}

int irqw_parse_time(const char *s, uint64_t *real_ns)
{
	unsigned int usec;
	struct tm tm = { 0 };
	const char *end;
	time_t t;
	int n = 0;

	if (!parse_time_strict(s, real_ns))
		return 0;
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || sscanf(end, ".%6u%n", &usec, &n) != 1 || n != 7 ||
	    strcmp(end + n, "Z"))
		return -EINVAL;
	t = timegm(&tm);
	if (t < 0)
		return -EINVAL;
	*real_ns = (uint64_t)t * NSEC_PER_SEC + usec * 1000ULL;
	return 0;
}

#define member irqw_jv_member

/* A u64 member, as irqw_json_get_u64() reads one. */
static int get_u64(struct irqw_jv obj, const char *key, uint64_t *out)
{
	struct irqw_jv val = member(obj, key);

	if (!irqw_jv_is(val, json_type_int) || irqw_jv_int64(val) < 0)
		return -EBADMSG;
	errno = 0;
	*out = irqw_jv_uint64(val);
	return errno ? -EBADMSG : 0;
}

static const char *get_string(struct irqw_jv obj, const char *key)
{
	struct irqw_jv val = member(obj, key);

	return irqw_jv_is(val, json_type_string) ? irqw_jv_string(val) : NULL;
}

static int get_origin(struct irqw_jv obj, struct irqw_origin *o)
{
	struct irqw_jv boot = member(obj, "boot_id");
	struct irqw_jv load = member(obj, "load_id");

	memset(o, 0, sizeof(*o));
	if (irqw_jv_present(boot)) {
		if (!irqw_jv_is(boot, json_type_string) ||
		    !irqw_boot_id_valid(irqw_jv_string(boot)))
			return -EBADMSG;
		strcpy(o->boot_id, irqw_jv_string(boot));
	}
	if (irqw_jv_present(load)) {
		if (!irqw_jv_is(load, json_type_string) ||
		    irqw_load_id_parse(irqw_jv_string(load), &o->load_id))
			return -EBADMSG;
		o->has_load_id = true;
	}
	return 0;
}

int irqw_json_get_origin(struct json_object *obj, struct irqw_origin *o)
{
	return get_origin(irqw_jv_of(obj), o);
}

/* The lost record's members after the head. */
static int parse_lost(struct irqw_jv obj, struct irqw_record *rec)
{
	const char *reason = get_string(obj, "reason");

	if (!reason || get_u64(obj, "count", &rec->lost.count))
		return -EBADMSG;
	if (!strcmp(reason, irqw_lost_reason_name(IRQW_LOST_SEQ_GAP))) {
		rec->lost.reason = IRQW_LOST_SEQ_GAP;
		if (get_u64(obj, "first_seq", &rec->lost.first_seq) ||
		    get_u64(obj, "last_seq", &rec->lost.last_seq))
			return -EBADMSG;
	} else if (!strcmp(reason, irqw_lost_reason_name(IRQW_LOST_RING_FULL))) {
		rec->lost.reason = IRQW_LOST_RING_FULL;
	} else if (!strcmp(reason, irqw_lost_reason_name(IRQW_LOST_WRITE_ERROR))) {
		rec->lost.reason = IRQW_LOST_WRITE_ERROR;
	} else {
		return -ENOENT;	/* a reason of a newer tool */
	}
	rec->kind = IRQW_RECORD_LOST;
	return 0;
}

/* An event's members after v, type, host and time. */
static int parse_event(struct irqw_jv obj, const struct irqw_family *fam,
		       struct irqw_record *rec)
{
	struct irqw_event *ev = &rec->ev;
	const char *cgroup;
	uint64_t cpu;
	int ret;

	if (get_u64(obj, "seq", &ev->seq) || !ev->seq ||
	    get_u64(obj, "cpu", &cpu) || cpu > UINT32_MAX)
		return -EBADMSG;
	ev->type = fam->type;
	ev->cpu = (uint32_t)cpu;
	ev->mono_ns = rec->mono_ns;
	ev->real_ns = rec->real_ns;
	ret = irqw_family_get(fam, obj, ev, &rec->x);
	/* the strings point into obj: copy them before it goes */
	cgroup = rec->x.cgroup;
	rec->x.cgroup = NULL;
	if (ret)
		return ret;
	if (cgroup) {
		rec->x.cgroup = strdup(cgroup);
		if (!rec->x.cgroup)
			return -ENOMEM;
	}
	ret = irqw_event_own(ev);
	if (ret)
		return ret;
	rec->kind = IRQW_RECORD_EVENT;
	return 0;
}

int irqw_record_from_jv(struct irqw_jv obj, struct irqw_record *rec)
{
	const struct irqw_family *fam = NULL;
	const char *type, *host, *time;
	struct irqw_jv v;
	int ret = -EBADMSG;

	memset(rec, 0, sizeof(*rec));
	if (!irqw_jv_is(obj, json_type_object))
		goto cleanup;
	v = member(obj, "v");
	if (!irqw_jv_is(v, json_type_int))
		goto cleanup;
	if (irqw_jv_int64(v) != IRQW_JSON_VERSION) {
		ret = -ENOENT;
		goto cleanup;
	}
	type = get_string(obj, "type");
	host = get_string(obj, "host");
	time = get_string(obj, "time");
	if (!type || !host || !time || irqw_parse_time(time, &rec->real_ns) ||
	    get_u64(obj, "mono_ns", &rec->mono_ns))
		goto cleanup;
	if (strcmp(type, "lost")) {
		fam = irqw_family_by_name(type);
		if (!fam) {
			ret = -ENOENT;
			goto cleanup;
		}
	}
	if (get_origin(obj, &rec->origin))
		goto cleanup;
	rec->host = strdup(host);
	if (!rec->host) {
		ret = -ENOMEM;
		goto cleanup;
	}
	ret = fam ? parse_event(obj, fam, rec) : parse_lost(obj, rec);

cleanup:
	if (ret)
		irqw_record_free(rec);
	return ret;
}

int irqw_record_parse_json(const char *line, struct irqw_record *rec)
{
	struct json_object *obj = json_tokener_parse(line);
	int ret = irqw_record_from_jv(irqw_jv_of(obj), rec);

	json_object_put(obj);
	return ret;
}

void irqw_record_free(struct irqw_record *rec)
{
	free(rec->host);
	free((char *)rec->x.cgroup);
	irqw_event_free(&rec->ev);
	memset(rec, 0, sizeof(*rec));
}

int irqw_jsonl_next(FILE *f, struct irqw_record *rec,
		    struct irqw_reader_stats *st)
{
	size_t cap = 0;
	char *line = NULL;
	ssize_t len;
	int ret;

	for (;;) {
		errno = 0;
		len = getline(&line, &cap, f);
		if (len < 0) {
			ret = errno ? -errno : 0;
			break;
		}
		st->lines++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len)
			continue;
		ret = irqw_record_parse(line, rec);
		if (!ret) {
			st->records++;
			ret = 1;
			break;
		}
		if (ret == -ENOENT) {
			st->skipped++;
		} else if (ret == -EBADMSG) {
			st->malformed++;
			if (!st->first_malformed)
				st->first_malformed = st->lines;
		} else {
			break;
		}
	}
	free(line);
	return ret;
}
