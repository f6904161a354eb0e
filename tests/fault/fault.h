/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the fault injector's files: fault.c, storm.c, noise.c. */
#ifndef IRQWATCH_FAULT_H
#define IRQWATCH_FAULT_H

#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/types.h>

#define FAULT_MAX_MS		10000

/*
 * Faults on one CPU: "CPU MS"
 */

struct fault_req {
	int (*body)(unsigned int ms);
	unsigned int cpu;
	unsigned int ms;
};

struct fault_cpu {
	int (*body)(unsigned int ms);
	struct mutex *lock;		/* serializes faults sharing state */
};

int fault_on_cpu(struct fault_req *req);
int fault_parse_cpu_ms(const char __user *ubuf, size_t count,
		       struct fault_req *req);
ssize_t fault_cpu_write(struct file *file, const char __user *ubuf,
			size_t count, loff_t *ppos);

/* A file that runs a fault when written and shows its last run when read. */
#define FAULT_SHOW_FOPS(_name, _write)					\
static int _name##_open(struct inode *inode, struct file *file)		\
{									\
	return single_open(file, _name##_show, inode->i_private);	\
}									\
									\
const struct file_operations _name##_fops = {			\
	.owner = THIS_MODULE,						\
	.open = _name##_open,						\
	.read = seq_read,						\
	.write = _write,						\
	.llseek = seq_lseek,						\
	.release = single_release,					\
}

/* The debugfs files' operations (the table in fault.c). */
extern const struct file_operations softirq_storm_fops;
extern const struct file_operations hardirq_storm_fops;
extern const struct file_operations slab_fill_fops;
extern const struct file_operations calls_fops;
extern const struct file_operations noise_fops;

/* storm.c */
extern const struct fault_cpu fault_softirq_storm;
int fault_storm_init(void);
void fault_storm_exit(void);

/* noise.c */
void noise_init(void);
void noise_cancel(void);

#endif /* IRQWATCH_FAULT_H */
