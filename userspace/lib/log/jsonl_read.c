// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "family.h"
#include "jsonl.h"
#include "jsonl_read.h"

#define NSEC_PER_SEC	1000000000ULL

int irqw_parse_time(const char *s, uint64_t *real_ns)
{
	unsigned int usec;
	struct tm tm = { 0 };
	const char *end;
	time_t t;
	int n = 0;

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

static struct json_object *member(struct json_object *obj, const char *key)
{
	struct json_object *val;

	return json_object_object_get_ex(obj, key, &val) ? val : NULL;
}

static int get_u64(struct json_object *obj, const char *key, uint64_t *out)
{
	return irqw_json_get_u64(member(obj, key), out);
}

static const char *get_string(struct json_object *obj, const char *key)
{
	struct json_object *val = member(obj, key);

	return val && json_object_is_type(val, json_type_string) ?
	       json_object_get_string(val) : NULL;
}

int irqw_json_get_origin(struct json_object *obj, struct irqw_origin *o)
{
	struct json_object *boot = member(obj, "boot_id");
	struct json_object *load = member(obj, "load_id");

	memset(o, 0, sizeof(*o));
	if (boot) {
		if (!json_object_is_type(boot, json_type_string) ||
		    !irqw_boot_id_valid(json_object_get_string(boot)))
			return -EBADMSG;
		strcpy(o->boot_id, json_object_get_string(boot));
	}
	if (load) {
		if (!json_object_is_type(load, json_type_string) ||
		    irqw_load_id_parse(json_object_get_string(load), &o->load_id))
			return -EBADMSG;
		o->has_load_id = true;
	}
	return 0;
}

/* The lost record's members after the head. */
static int parse_lost(struct json_object *obj, struct irqw_record *rec)
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
static int parse_event(struct json_object *obj, const struct irqw_family *fam,
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

int irqw_record_parse(const char *line, struct irqw_record *rec)
{
	const struct irqw_family *fam = NULL;
	struct json_object *obj, *v;
	const char *type, *host, *time;
	int ret = -EBADMSG;

	memset(rec, 0, sizeof(*rec));
	obj = json_tokener_parse(line);
	if (!obj || !json_object_is_type(obj, json_type_object))
		goto cleanup;
	v = member(obj, "v");
	if (!v || !json_object_is_type(v, json_type_int))
		goto cleanup;
	if (json_object_get_int64(v) != IRQW_JSON_VERSION) {
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
	if (irqw_json_get_origin(obj, &rec->origin))
		goto cleanup;
	rec->host = strdup(host);
	if (!rec->host) {
		ret = -ENOMEM;
		goto cleanup;
	}
	ret = fam ? parse_event(obj, fam, rec) : parse_lost(obj, rec);

cleanup:
	json_object_put(obj);
	if (ret)
		irqw_record_free(rec);
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
