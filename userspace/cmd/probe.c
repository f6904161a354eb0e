// SPDX-License-Identifier: GPL-2.0 OR MIT
/* irqwatch probe add|del|list (IRQWATCH_CMD_PROBE_*). */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include <linux/irqwatch.h>

#include "fmt.h"
#include "ipc.h"
#include "probe.h"
#include "cli.h"
#include "table.h"

#define ERR_LEN		512	/* one line of reason */
#define STR_(x)		#x
#define STR(x)		STR_(x)
#define STATE_LEN	160	/* "missing (text of an errno)", "disabled (reason)" */


const char *probe_strerror(enum probe_op op, int err,
			   const struct irqw_extack *ext)
{
	/* the genl capability check gives no message; the module's do */
	if (ext && ext->msg[0] && err != -EPROTONOSUPPORT)
		return ext->msg;
	switch (-err) {
	case ENOENT:
		return op == PROBE_ADD ?
		       "no such function, or one that cannot be probed (inlined, or static and renamed)" :
		       "no such user probe";
	case EINVAL:
		if (op == PROBE_ADD)
			return "cannot be probed (in the kprobe blacklist, or not at a function entry)";
		break;
	case EPERM:
		/* the capability check's errno too, which has no extack */
		if (op == PROBE_DEL)
			return "permission denied (CAP_PERFMON or CAP_SYS_ADMIN required), or a probe of the slab preset, which cannot be deleted";
		break;
	case EEXIST:
		return "already probed";
	case EBUSY:
		if (op == PROBE_ADD)
			return "still being removed: try again shortly";
		break;
	case EALREADY:
		if (op == PROBE_DEL)
			return "the probe is already being removed";
		break;
	case ENOSPC:
		return "too many user probes (at most "
		       STR(IRQWATCH_USER_PROBES_MAX) ")";
	}
	return irqw_strerror(err);
}

static void state_text(const struct irqw_probe *p, char *buf, size_t size)
{
	char buf_name[IRQW_NAME_LEN];
	const char *name = irqw_probe_state_name(p->state, buf_name);

	char reason[IRQW_REASON_MAX];

	if (p->state == IRQWATCH_PROBE_STATE_MISSING && p->error) {
		snprintf(buf, size, "%s (%s)", name, strerror((int)p->error));
	} else if (p->reason) {
		irqw_clean_string(reason, sizeof(reason), p->reason, true);
		snprintf(buf, size, "%s (%s)", name, reason);
	} else
		snprintf(buf, size, "%s", name);
}

static int probe_row(struct irqw_table *t, const struct irqw_probe *p)
{
	char symbol[IRQW_FRAME_MAX], kind[IRQW_NAME_LEN], state[STATE_LEN];
	char threshold[IRQW_DURATION_LEN], avg[IRQW_DURATION_LEN];
	char max[IRQW_DURATION_LEN];

	irqw_clean_string(symbol, sizeof(symbol), p->symbol, true);
	state_text(p, state, sizeof(state));
	if (p->threshold_us)
		irqw_format_duration((uint64_t)p->threshold_us * 1000, threshold);
	else
		strcpy(threshold, "global");
	if (p->calls)
		irqw_format_duration(p->total_ns / p->calls, avg);
	else
		strcpy(avg, "-");
	if (irqw_table_cell(t, "%s", symbol) ||
	    irqw_table_cell(t, "%s", irqw_probe_kind_name(p->kind, kind)) ||
	    irqw_table_cell(t, "%s", state) ||
	    irqw_table_cell(t, "%s", threshold) ||
	    irqw_table_cell(t, "%" PRIu64, p->calls) ||
	    irqw_table_cell(t, "%" PRIu64, p->stalls) ||
	    irqw_table_cell(t, "%s", avg) ||
	    irqw_table_cell(t, "%s", p->calls ?
			    irqw_format_duration(p->max_ns, max) : "-") ||
	    irqw_table_cell(t, "%" PRIu32, p->inflight) ||
	    irqw_table_cell(t, "%" PRIu64, p->missed))
		return -ENOMEM;
	return 0;
}

static int print_text(FILE *f, const struct irqw_probes *l)
{
	static const char *const head[] = {
		"SYMBOL", "KIND", "STATE", "THRESHOLD", "CALLS", "STALLS",
		"AVG", "MAX", "INFLIGHT", "MISSED",
	};
	struct irqw_table t;
	size_t i;
	int ret = 0;

	irqw_table_init(&t, 10, head, "lllrrrrrrr");
	for (i = 0; i < l->nr && !ret; i++)
		ret = probe_row(&t, &l->probes[i]);
	if (!ret)
		ret = irqw_table_print(f, &t, "");
	irqw_table_free(&t);
	return ret;
}

static int probe_json(struct json_object *obj, const struct irqw_probe *p)
{
	char symbol[IRQW_FRAME_MAX], kind[IRQW_NAME_LEN], state[IRQW_NAME_LEN];
	char reason[IRQW_REASON_MAX];

	irqw_clean_string(symbol, sizeof(symbol), p->symbol, false);
	if (p->reason)
		irqw_clean_string(reason, sizeof(reason), p->reason, false);
	if (irqw_json_put(obj, "symbol", json_object_new_string(symbol)) ||
	    irqw_json_put(obj, "kind", json_object_new_string(
			irqw_probe_kind_name(p->kind, kind))) ||
	    irqw_json_put(obj, "state", json_object_new_string(
			irqw_probe_state_name(p->state, state))) ||
	    (p->error &&
	     (irqw_json_put_u64(obj, "error", p->error) ||
	      irqw_json_put(obj, "error_text",
		  json_object_new_string(strerror((int)p->error))))) ||
	    (p->reason &&
	     irqw_json_put(obj, "reason", json_object_new_string(reason))) ||
	    irqw_json_put_u64(obj, "threshold_us", p->threshold_us) ||
	    irqw_json_put_u64(obj, "calls", p->calls) ||
	    irqw_json_put_u64(obj, "stalls", p->stalls) ||
	    irqw_json_put_ns(obj, "total_ns", p->total_ns) ||
	    irqw_json_put_ns(obj, "avg_ns", p->calls ? p->total_ns / p->calls : 0) ||
	    irqw_json_put_ns(obj, "max_ns", p->max_ns) ||
	    irqw_json_put_u64(obj, "missed", p->missed) ||
	    irqw_json_put_u64(obj, "inflight", p->inflight) ||
	    irqw_json_put_u64(obj, "abandoned", p->abandoned))
		return -ENOMEM;
	return 0;
}

static int print_json(FILE *f, const struct irqw_probes *l)
{
	struct json_object *root = cli_json_root(), *arr, *obj;
	int ret = -ENOMEM;
	size_t i;

	if (!root)
		return -ENOMEM;
	arr = json_object_new_array();
	if (irqw_json_put(root, "probes", arr))
		goto cleanup;
	for (i = 0; i < l->nr; i++) {
		obj = json_object_new_object();
		if (!obj || json_object_array_add(arr, obj)) {
			json_object_put(obj);
			goto cleanup;
		}
		if (probe_json(obj, &l->probes[i]))
			goto cleanup;
	}
	ret = cli_print_json(f, root);
cleanup:
	json_object_put(root);
	return ret;
}

int probe_print(FILE *f, const struct irqw_probes *l, bool json)
{
	return json ? print_json(f, l) : print_text(f, l);
}

static int run(const struct probe_args *a, struct irqw_extack *ext)
{
	struct irqw_probes l = { 0 };
	struct irqw_probe p;
	int ret;

	switch (a->op) {
	case PROBE_ADD:
		ret = irqw_probe_add(a->symbol, a->threshold_us, &p, ext);
		if (ret)
			return ret;
		l.nr = 1;
		l.probes = &p;
		ret = probe_print(stdout, &l, a->json);
		irqw_probe_free(&p);
		break;
	case PROBE_DEL:
		ret = irqw_probe_del(a->symbol, ext);
		break;
	default:
		ret = irqw_probe_list(&l, ext);
		if (ret)
			return ret;
		ret = probe_print(stdout, &l, a->json);
		irqw_probes_free(&l);
		break;
	}
	/* an error in printing is not the module's */
	if (ret)
		memset(ext, 0, sizeof(*ext));
	return ret;
}

static const char probe_summary[] = "Add, delete or list stall probes";
static const char probe_usage[] =
	"Usage: " PROG_NAME " probe add SYMBOL [--threshold DURATION] [-j|--json]\n"
	"       " PROG_NAME " probe del SYMBOL\n"
	"       " PROG_NAME " probe list [-j|--json] [-p|--pretty]\n"
	"DURATION: such as 500us, 2ms or 1s (a bare number is us); without\n"
	"  it the probe follows stall_threshold\n";

int probe_main(int argc, char *argv[])
{
	static const char *const verbs[] = {
		[PROBE_ADD] = "add", [PROBE_DEL] = "del", [PROBE_LIST] = "list",
	};
	struct irqw_extack ext = { 0 };
	struct probe_args a;
	char err[ERR_LEN];
	bool usage;
	int ret;

	if (probe_args_parse(argc, argv, &a, &usage, err, sizeof(err)))
		return cli_usage_error(&cmd_probe, usage, "%s", err);
	if (a.op == PROBE_HELP) {
		fputs(cmd_probe.usage, stdout);
		return IRQW_EXIT_OK;
	}
	/* -j and -p before the subcommand count too */
	a.json |= cli_json;
	cli_pretty |= a.pretty;
	ret = run(&a, &ext);
	if (!ret)
		return IRQW_EXIT_OK;
	if (a.symbol)
		return cli_error("probe %s %s: %s", verbs[a.op], a.symbol,
				 probe_strerror(a.op, ret, &ext));
	return cli_error("probe %s: %s", verbs[a.op],
			 probe_strerror(a.op, ret, &ext));
}

const struct cmd cmd_probe = { "probe", probe_main, probe_summary, probe_usage };
