/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * genlog (tests/bench/genlog.c): a deterministic multi-host "irqwatch
 * record" log for the report bench. genlog_stacks.c has its kernel
 * function names and the culprits' stacks built from them.
 */
#ifndef GENLOG_H
#define GENLOG_H

#include <stddef.h>
#include <stdint.h>

/* The PRNG: xorshift64*, seeded through splitmix64. */
struct rng {
	uint64_t s;
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* uniform in [0, n) */
uint32_t rng_below(struct rng *r, uint32_t n);
/* uniform in [0, 1) */
double rng_unit(struct rng *r);
/* exp(mu + sigma * N(0, 1)), at least 1 */
uint64_t rng_lognormal(struct rng *r, double mu, double sigma);
/* 0..n-1, rank k with weight 1 / (k + 1): a few culprits do most harm */
uint32_t rng_zipf(struct rng *r, uint32_t n);

#define GEN_FRAMES_MAX	32

/* A stack: frames innermost first, strings that live as long as the table. */
struct gen_stack {
	size_t nr;
	const char *frames[GEN_FRAMES_MAX];
};

/* What the culprits' stacks are made of. */
enum gen_kind {
	GEN_SYSCALL,	/* a task in a system call */
	GEN_WORKER,	/* a kworker */
	GEN_SOFTIRQ,	/* softirq on the way out of an interrupt */
	GEN_IDLE,	/* the idle task */
	GEN_KINDS
};

struct gen_culprit {
	enum gen_kind kind;
	struct gen_stack end;		/* where interrupts came back on */
	struct gen_stack in;		/* in the window (an NMI's sample) */
	const char *comm;		/* the task it usually runs in */
};

/*
 * Builds n culprits (a few hundred) from the function names, with r; 0 or
 * -ENOMEM. Frees them with gen_stacks_free().
 */
int gen_stacks_init(struct rng *r, size_t n);
const struct gen_culprit *gen_culprit(size_t i);
void gen_stacks_free(void);

/* A softirq_latency stack: softirq_exit's tracepoint, then who served it. */
void gen_latency_stack(struct rng *r, struct gen_stack *s);

/* A stall probe's caller stack (the reader of /proc/slabinfo, ...). */
void gen_stall_stack(struct rng *r, const char *probe, struct gen_stack *s);

/* A task name of a busy server: "postgres", "kworker/3:1H", ... */
const char *gen_comm(struct rng *r, uint32_t cpu);

#endif /* GENLOG_H */
