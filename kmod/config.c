// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters and their validation. The parameters are read-only in
 * sysfs: runtime changes go through netlink so that every change is checked
 * as a whole (thresholds depend on the period) and reported with extack.
 */

#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/netlink.h>
#include <linux/sched/isolation.h>
#include <linux/string.h>
#include <linux/irqwatch.h>

#include "irqwatch.h"

struct irqw_config irqw_cfg = {
	.period_us = 1000,
	.irqoff_threshold_us = 10000,
	.softirq_threshold_us = 10000,
	.stall_threshold_us = 1000,
	.ring_kb = 64,
	.storm_interval_ms = 1000,
	.softirq_storm_pct = 50,
	.hardirq_storm_rate = 40000,
	.hardirq_storm_pct = 20,
	.imbalance_pct = 20,
};

/* Serializes changes of irqw_cfg and readers that need a consistent view. */
DEFINE_MUTEX(irqw_cfg_lock);

/*
 * Set when "cpus" was given at load; otherwise the housekeeping CPUs are
 * watched: not those that nohz_full= or isolcpus= keep free of timers.
 */
static bool irqw_cpus_given;
static bool irqw_detectors_given;	/* else every detector that exists */

static const char * const irqw_detector_names[__IRQWATCH_DET_MAX] = {
	[IRQWATCH_DET_IRQOFF] = "irqoff",
	[IRQWATCH_DET_SOFTIRQ] = "softirq",
	[IRQWATCH_DET_STORM] = "storm",
	[IRQWATCH_DET_STALL] = "stall",
};

/* Parses @val for the parameter @name, a u32 in [min, max]. */
static int irqw_param_parse_u32(const char *name, const char *val, u64 min,
				u64 max, u32 *out)
{
	u32 v;

	if (kstrtou32(val, 0, &v)) {
		pr_err("%s: \"%s\" is not an unsigned number\n", name, val);
		return -EINVAL;
	}
	if (v < min || v > max) {
		pr_err("%s: %u is out of range [%llu, %llu]\n", name, v, min, max);
		return -ERANGE;
	}
	*out = v;
	return 0;
}

static int irqw_param_set_u32(const char *val, const struct kernel_param *kp)
{
	const struct irqw_u32_param *p = kp->arg;
	u32 v;
	int err;

	err = irqw_param_parse_u32(kp->name, val, p->min, p->max, &v);
	if (!err)
		WRITE_ONCE(*p->val, v);
	return err;
}

static int irqw_param_get_u32(char *buf, const struct kernel_param *kp)
{
	const struct irqw_u32_param *p = kp->arg;

	return sysfs_emit(buf, "%u\n", READ_ONCE(*p->val));
}

const struct kernel_param_ops irqw_u32_ops = {
	.set = irqw_param_set_u32,
	.get = irqw_param_get_u32,
};

/* A detector's value: kp->arg is its struct irqw_cfg_u32. */
static int irqw_cfg_u32_set(const char *val, const struct kernel_param *kp)
{
	const struct irqw_cfg_u32 *f = kp->arg;

	return irqw_param_parse_u32(kp->name, val, f->range.min, f->range.max,
				    irqw_cfg_field(&irqw_cfg, f));
}

static int irqw_cfg_u32_get(char *buf, const struct kernel_param *kp)
{
	const struct irqw_cfg_u32 *f = kp->arg;

	return sysfs_emit(buf, "%u\n", READ_ONCE(*irqw_cfg_field(&irqw_cfg, f)));
}

const struct kernel_param_ops irqw_cfg_u32_ops = {
	.set = irqw_cfg_u32_set,
	.get = irqw_cfg_u32_get,
};

#define IRQW_U32_PARAM(name, lo, hi, desc)				\
	static struct irqw_u32_param irqw_param_##name = {		\
		.val = &irqw_cfg.name, .min = lo, .max = hi,		\
	};								\
	module_param_cb(name, &irqw_u32_ops, &irqw_param_##name, 0444); \
	MODULE_PARM_DESC(name, desc)

IRQW_U32_PARAM(period_us, IRQWATCH_PERIOD_US_MIN, IRQWATCH_PERIOD_US_MAX,
	       "detector tick period in microseconds (100..100000, default 1000)");

static int irqw_param_set_ring_kb(const char *val, const struct kernel_param *kp)
{
	u32 v;

	if (kstrtou32(val, 0, &v) || v < IRQWATCH_RING_KB_MIN ||
	    v > IRQWATCH_RING_KB_MAX || !is_power_of_2(v)) {
		pr_err("ring_kb: \"%s\" is not a power of two in [%u, %u]\n", val,
		       IRQWATCH_RING_KB_MIN, IRQWATCH_RING_KB_MAX);
		return -EINVAL;
	}
	irqw_cfg.ring_kb = v;
	return 0;
}

static const struct kernel_param_ops irqw_ring_kb_ops = {
	.set = irqw_param_set_ring_kb,
	.get = param_get_uint,
};
module_param_cb(ring_kb, &irqw_ring_kb_ops, &irqw_cfg.ring_kb, 0444);
MODULE_PARM_DESC(ring_kb, "KiB of event ring per CPU, a power of two (8..4096, default 64)");

/* Parses a comma list of detector names; "" and "none" mean no detector. */
static int irqw_detectors_parse(const char *val, u32 *out)
{
	char buf[64], built[64], *s, *tok;
	u32 set = 0;
	int i;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		return -E2BIG;
	s = strim(buf);
	if (!strcmp(s, "none")) {
		*out = 0;
		return 0;
	}
	while ((tok = strsep(&s, ",")) != NULL) {
		tok = strim(tok);
		if (!*tok)
			continue;
		i = match_string(irqw_detector_names, __IRQWATCH_DET_MAX, tok);
		if (i < 0 || !(BIT(i) & irqw_detectors_built())) {
			irqw_detectors_format(irqw_detectors_built(), built,
					      sizeof(built));
			if (i < 0) {
				pr_err("detectors: unknown detector \"%s\" (available: %s)\n",
				       tok, built);
				return -EINVAL;
			}
			pr_err("detectors: \"%s\" is not available in this version (available: %s)\n",
			       tok, built);
			return -EOPNOTSUPP;
		}
		set |= BIT(i);
	}
	*out = set;
	return 0;
}

int irqw_detectors_format(u32 detectors, char *buf, size_t len)
{
	int i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < __IRQWATCH_DET_MAX; i++) {
		if (!(detectors & BIT(i)))
			continue;
		n += scnprintf(buf + n, len - n, "%s%s", n ? "," : "",
			       irqw_detector_names[i]);
	}
	if (!n)
		n = scnprintf(buf, len, "none");
	return n;
}

static int irqw_param_set_detectors(const char *val, const struct kernel_param *kp)
{
	int err = irqw_detectors_parse(val, &irqw_cfg.detectors);

	if (!err)
		irqw_detectors_given = true;
	return err;
}

static int irqw_param_get_detectors(char *buf, const struct kernel_param *kp)
{
	char names[64];

	irqw_detectors_format(READ_ONCE(irqw_cfg.detectors), names, sizeof(names));
	return sysfs_emit(buf, "%s\n", names);
}

static const struct kernel_param_ops irqw_detectors_ops = {
	.set = irqw_param_set_detectors,
	.get = irqw_param_get_detectors,
};
module_param_cb(detectors, &irqw_detectors_ops, NULL, 0444);
MODULE_PARM_DESC(detectors, "comma list of detectors, or none (default: all that this version has; status lists them)");

/*
 * Parses a cpulist of existing CPUs into @out; on failure *why says what is
 * wrong with it.
 */
int irqw_cpus_parse(const char *s, struct cpumask *out, const char **why)
{
	cpumask_var_t mask;
	int err;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	/* bitmap_parselist() fails with -ERANGE beyond nr_cpumask_bits */
	err = cpulist_parse(s, mask);
	if (err == -ERANGE || (!err && !cpumask_subset(mask, cpu_possible_mask))) {
		*why = "names a CPU that does not exist";
		err = -EINVAL;
	} else if (err) {
		*why = "is not a CPU list (example: 0-3,8)";
	} else if (cpumask_empty(mask)) {
		*why = "is an empty CPU list";
		err = -EINVAL;
	} else {
		cpumask_copy(out, mask);
	}
	free_cpumask_var(mask);
	return err;
}

static int irqw_param_set_cpus(const char *val, const struct kernel_param *kp)
{
	const char *why;
	int err;

	err = irqw_cpus_parse(val, &irqw_cfg.cpus, &why);
	if (err == -EINVAL)
		pr_err("cpus: \"%s\" %s; possible CPUs: %*pbl\n", val, why,
		       cpumask_pr_args(cpu_possible_mask));
	else if (!err)
		irqw_cpus_given = true;
	return err;
}

static int irqw_param_get_cpus(char *buf, const struct kernel_param *kp)
{
	int n;

	mutex_lock(&irqw_cfg_lock);
	n = sysfs_emit(buf, "%*pbl\n", cpumask_pr_args(&irqw_cfg.cpus));
	mutex_unlock(&irqw_cfg_lock);
	return n;
}

static const struct kernel_param_ops irqw_cpus_ops = {
	.set = irqw_param_set_cpus,
	.get = irqw_param_get_cpus,
};
module_param_cb(cpus, &irqw_cpus_ops, NULL, 0444);
MODULE_PARM_DESC(cpus, "CPUs to watch, as a cpulist (default: the housekeeping CPUs, not nohz_full or isolated ones)");

/* Checks the rules that tie parameters together. */
int irqw_config_check(const struct irqw_config *cfg, struct netlink_ext_ack *extack)
{
	const struct irqw_detector *d;
	unsigned int i;
	int err;

	if (cfg->detectors & ~irqw_detectors_built()) {
		NL_SET_ERR_MSG(extack,
			       "a detector that this version does not have (status lists those it has)");
		return -EOPNOTSUPP;
	}
	irqw_for_each_detector(d, i) {
		err = d->check ? d->check(cfg, extack) : 0;
		if (err)
			return err;
	}
	return 0;
}

/* Puts @new in force; it must have passed irqw_config_check(). */
void irqw_config_commit(const struct irqw_config *new)
{
	lockdep_assert_held(&irqw_cfg_lock);
	irqw_cfg = *new;
}

int __init irqw_config_init(void)
{
	if (!irqw_detectors_given)
		irqw_cfg.detectors = irqw_detectors_built();
	if (!irqw_cpus_given) {
		cpumask_and(&irqw_cfg.cpus, cpu_possible_mask,
			    housekeeping_cpumask(HK_TYPE_TIMER));
		cpumask_and(&irqw_cfg.cpus, &irqw_cfg.cpus,
			    housekeeping_cpumask(HK_TYPE_DOMAIN));
		if (cpumask_empty(&irqw_cfg.cpus))
			cpumask_copy(&irqw_cfg.cpus, cpu_possible_mask);
	}
	return irqw_config_check(&irqw_cfg, NULL);
}
