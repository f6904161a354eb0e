// SPDX-License-Identifier: GPL-2.0 OR MIT
/* irqwatch stats: the module's counters (IRQWATCH_CMD_GET_STATS). */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "fmt.h"
#include "ipc.h"
#include "stats.h"
#include "stats_fmt.h"
#include "cli.h"


/* Tenths of a percent of the ring the high-water mark reached. */
static uint64_t hwm_permille(const struct irqw_stats *st,
			     const struct irqw_cpu_stats *c)
{
	return st->ring_size ? (uint64_t)c->ring_hwm * 1000 / st->ring_size : 0;
}

static uint64_t per_call(const struct irqw_cpu_stats *c)
{
	return c->handler_calls ? c->handler_ns / c->handler_calls : 0;
}

static void drops_text(FILE *f, const struct irqw_cpu_stats *c)
{
	char type[IRQW_TYPE_LEN];
	size_t i;

	if (!c->nr_drops) {
		fputs("none", f);
		return;
	}
	for (i = 0; i < c->nr_drops; i++)
		fprintf(f, "%s%s:%" PRIu64, i ? "," : "",
			irqw_event_type_name(c->drops[i].type, type),
			c->drops[i].count);
}

static int print_text(FILE *f, const struct irqw_stats *st, uint64_t now_ns)
{
	const struct irqw_cpu_stats *c;
	const struct irqw_listener_stats *l;
	uint64_t pm;
	size_t i;

	fprintf(f, "listeners %" PRIu32 "\n", st->listeners);
	fprintf(f, "next_seq %" PRIu64 "\n", st->next_seq);
	fprintf(f, "ring_drops %" PRIu64 "\n", st->ring_drops);
	fprintf(f, "unheard %" PRIu64 "\n", st->unheard);
	fprintf(f, "ring_size %" PRIu32 " bytes\n", st->ring_size);
	if (st->has_drain)
		fprintf(f, "drained %" PRIu64 " events %" PRIu64 " ns %" PRIu64
			" ns/event\n", st->drained, st->drain_ns,
			st->drained ? st->drain_ns / st->drained : 0);
	for (i = 0; i < st->nr_listeners; i++) {
		l = &st->listener[i];
		fprintf(f, "listener %" PRIu32 " events %" PRIu64 " drops %" PRIu64
			" send_errors %" PRIu64 "\n", l->portid, l->events,
			l->drops, l->send_errors);
	}
	if (irqw_storms_text(f, st, now_ns))
		return -EIO;
	for (i = 0; i < st->nr_cpus; i++) {
		c = &st->cpus[i];
		pm = hwm_permille(st, c);
		fprintf(f, "cpu%" PRIu32 " events %" PRIu64 " drops ", c->id,
			c->events);
		drops_text(f, c);
		fprintf(f, " ring_hwm %" PRIu32 " bytes %" PRIu64 ".%" PRIu64 "%%"
			" handler %" PRIu64 " ns %" PRIu64 " calls %" PRIu64
			" ns/call\n", c->ring_hwm, pm / 10, pm % 10, c->handler_ns,
			c->handler_calls, per_call(c));
		irqw_irqoff_text(f, c);
		irqw_softirqoff_text(f, c);
		irqw_softirq_text(f, c);
	}
	return irqw_readers_text(f, st, now_ns);
}

static int listeners_json(struct json_object *root, const struct irqw_stats *st)
{
	struct json_object *arr = json_object_new_array(), *l;
	size_t i;

	if (irqw_json_put(root, "listener", arr))
		return -ENOMEM;
	for (i = 0; i < st->nr_listeners; i++) {
		l = json_object_new_object();
		if (irqw_json_append(arr, l) ||
		    irqw_json_put_u64(l, "portid", st->listener[i].portid) ||
		    irqw_json_put_u64(l, "events", st->listener[i].events) ||
		    irqw_json_put_u64(l, "drops", st->listener[i].drops) ||
		    irqw_json_put_u64(l, "send_errors", st->listener[i].send_errors))
			return -ENOMEM;
	}
	return 0;
}

static int cpu_json(struct json_object *cpu, const struct irqw_stats *st,
		    const struct irqw_cpu_stats *c)
{
	char type[IRQW_TYPE_LEN], pct[32];
	struct json_object *drops;
	uint64_t pm = hwm_permille(st, c);
	size_t i;

	snprintf(pct, sizeof(pct), "%" PRIu64 ".%" PRIu64, pm / 10, pm % 10);
	drops = json_object_new_object();
	if (irqw_json_put_u64(cpu, "cpu", c->id) || irqw_json_put_u64(cpu, "events", c->events) ||
	    irqw_json_put(cpu, "drops", drops))
		return -ENOMEM;
	for (i = 0; i < c->nr_drops; i++)
		if (irqw_json_put_u64(drops, irqw_event_type_name(c->drops[i].type, type),
			    c->drops[i].count))
			return -ENOMEM;
	if (irqw_json_put_u64(cpu, "ring_hwm", c->ring_hwm) ||
	    irqw_json_put(cpu, "ring_hwm_pct",
		json_object_new_double_s((double)pm / 10, pct)) ||
	    irqw_json_put_ns(cpu, "handler_ns", c->handler_ns) ||
	    irqw_json_put_u64(cpu, "handler_calls", c->handler_calls) ||
	    irqw_json_put_u64(cpu, "handler_ns_per_call", per_call(c)))
		return -ENOMEM;
	if (irqw_irqoff_json(cpu, c) || irqw_softirqoff_json(cpu, c))
		return -ENOMEM;
	return irqw_softirq_json(cpu, c);
}

static int print_json(FILE *f, const struct irqw_stats *st)
{
	struct json_object *root, *cpus, *cpu;
	int ret = -ENOMEM;
	size_t i;

	root = cli_json_root();
	if (!root)
		return -ENOMEM;
	cpus = json_object_new_array();
	if (irqw_json_put_u64(root, "listeners", st->listeners) ||
	    irqw_json_put_u64(root, "next_seq", st->next_seq) ||
	    irqw_json_put_u64(root, "ring_drops", st->ring_drops) ||
	    irqw_json_put_u64(root, "unheard", st->unheard) ||
	    irqw_json_put_u64(root, "ring_size", st->ring_size) ||
	    (st->has_drain &&
	     (irqw_json_put_u64(root, "drained", st->drained) ||
	      irqw_json_put_ns(root, "drain_ns", st->drain_ns))) ||
	    listeners_json(root, st) || irqw_storms_json(root, st) ||
	    irqw_json_put(root, "cpus", cpus))
		goto cleanup;
	for (i = 0; i < st->nr_cpus; i++) {
		cpu = json_object_new_object();
		if (irqw_json_append(cpus, cpu) || cpu_json(cpu, st, &st->cpus[i]))
			goto cleanup;
	}
	if (irqw_readers_json(root, st))
		goto cleanup;
	ret = cli_print_json(f, root);
cleanup:
	json_object_put(root);
	return ret;
}

int stats_print(FILE *f, const struct irqw_stats *st, uint64_t now_ns,
		bool json)
{
	return json ? print_json(f, st) : print_text(f, st, now_ns);
}

static const char stats_summary[] = "Show the module's event and drop counters";
static const char stats_usage[] =
	"Usage: " PROG_NAME " stats [-j|--json] [-p|--pretty]\n"
	"Shows the event path's counters: listeners, rings, drops, the\n"
	"drain's cost, the tracepoints, storms and imbalance check, per CPU\n"
	"(softirq and hardirq time, per vector runs and their wait and run\n"
	"histograms), and the slab readers.\n";

static int stats_main(int argc, char *argv[])
{
	struct irqw_stats st;
	int ret;

	ret = cli_parse(&cmd_stats, argc, argv, false);
	if (ret >= 0)
		return ret;

	ret = irqw_get_stats(&st);
	if (ret)
		return cli_error("%s", irqw_strerror(ret));
	ret = stats_print(stdout, &st, irqw_mono_ns(), cli_json);
	irqw_stats_free(&st);
	return ret ? cli_error("%s", strerror(-ret)) : IRQW_EXIT_OK;
}

const struct cmd cmd_stats = { "stats", stats_main, stats_summary, stats_usage };
