// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <linux/irqwatch.h>

#include "family.h"
#include "fmt.h"
#include "jsonl.h"

/* v, type, host, time, mono_ns: how every record starts (seq comes second). */
static int put_head(struct json_object *obj, const uint64_t *seq,
		    const char *type, const char *host, uint64_t mono_ns,
		    uint64_t real_ns)
{
	char time[IRQW_TIME_LEN];
	int ret;

	ret = irqw_format_time(real_ns, time, sizeof(time));
	if (ret)
		return ret;
	if (irqw_json_put(obj, "v", json_object_new_int(IRQW_JSON_VERSION)) ||
	    (seq && irqw_json_put_u64(obj, "seq", *seq)) ||
	    irqw_json_put(obj, "type", json_object_new_string(type)) ||
	    irqw_json_put_string(obj, "host", host) ||
	    irqw_json_put(obj, "time", json_object_new_string(time)) ||
	    irqw_json_put_u64(obj, "mono_ns", mono_ns))
		return -ENOMEM;
	return 0;
}

/* boot_id and load_id, where known; they come last. */
static int put_origin(struct json_object *obj, const struct irqw_origin *o)
{
	char id[IRQW_LOAD_ID_LEN];

	if (!o)
		return 0;
	if (o->boot_id[0] && irqw_json_put_string(obj, "boot_id", o->boot_id))
		return -ENOMEM;
	irqw_load_id_format(o->load_id, id);
	if (o->has_load_id && irqw_json_put_string(obj, "load_id", id))
		return -ENOMEM;
	return 0;
}

int irqw_json_line(struct json_object *obj, char **line)
{
	const char *text;

	text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
						   JSON_C_TO_STRING_NOSLASHESCAPE);
	*line = text ? strdup(text) : NULL;
	json_object_put(obj);
	return *line ? 0 : -ENOMEM;
}

int irqw_json_event_obj(const struct irqw_event *ev,
			const struct irqw_extra *x, const char *host,
			const struct irqw_origin *origin,
			struct json_object **out)
{
	const struct irqw_family *fam = irqw_family_of(ev->type);
	char typebuf[IRQW_TYPE_LEN];
	struct json_object *obj;
	int ret;

	obj = json_object_new_object();
	if (!obj)
		return -ENOMEM;
	ret = put_head(obj, &ev->seq, fam->name ? fam->name :
		       irqw_event_type_name(ev->type, typebuf),
		       host, ev->mono_ns, ev->real_ns);
	if (ret)
		goto cleanup;
	ret = -ENOMEM;
	if (irqw_json_put(obj, "cpu", json_object_new_int64(ev->cpu)))
		goto cleanup;
	ret = irqw_family_put(fam, obj, ev, x);
	if (!ret)
		ret = put_origin(obj, origin);
	if (ret)
		goto cleanup;
	*out = obj;
	return 0;

cleanup:
	json_object_put(obj);
	return ret;
}

int irqw_json_event(const struct irqw_event *ev, const struct irqw_extra *x,
		    const char *host, const struct irqw_origin *origin,
		    char **line)
{
	struct json_object *obj;
	int ret;

	ret = irqw_json_event_obj(ev, x, host, origin, &obj);
	return ret ? ret : irqw_json_line(obj, line);
}

int irqw_json_lost_obj(const struct irqw_lost *lost, const char *host,
		       const struct irqw_origin *origin, uint64_t mono_ns,
		       uint64_t real_ns, struct json_object **out)
{
	struct json_object *obj;
	int ret;

	obj = json_object_new_object();
	if (!obj)
		return -ENOMEM;
	ret = put_head(obj, NULL, "lost", host, mono_ns, real_ns);
	if (ret)
		goto cleanup;
	ret = -ENOMEM;
	if (irqw_json_put_u64(obj, "count", lost->count) ||
	    irqw_json_put(obj, "reason", json_object_new_string(
			irqw_lost_reason_name(lost->reason))))
		goto cleanup;
	if (lost->reason == IRQW_LOST_SEQ_GAP &&
	    (irqw_json_put_u64(obj, "first_seq", lost->first_seq) ||
	     irqw_json_put_u64(obj, "last_seq", lost->last_seq)))
		goto cleanup;
	ret = put_origin(obj, origin);
	if (ret)
		goto cleanup;
	*out = obj;
	return 0;

cleanup:
	json_object_put(obj);
	return ret;
}

int irqw_json_lost(const struct irqw_lost *lost, const char *host,
		   const struct irqw_origin *origin, uint64_t mono_ns,
		   uint64_t real_ns, char **line)
{
	struct json_object *obj;
	int ret;

	ret = irqw_json_lost_obj(lost, host, origin, mono_ns, real_ns, &obj);
	return ret ? ret : irqw_json_line(obj, line);
}
