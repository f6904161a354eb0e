// SPDX-License-Identifier: GPL-2.0
/*
 * burn: a CPU-bound workload for the overhead bench (VM only). Runs a
 * xorshift loop on the calling CPU for SECONDS of CLOCK_MONOTONIC and
 * prints the work done per second, in units of 2^16 iterations.
 *   burn SECONDS
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BLOCK (1u << 16)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	volatile uint64_t sink;
	uint64_t x = 88172645463325252ull, t0, end, t, units = 0;
	double secs;
	unsigned int i;

	secs = argc == 2 ? atof(argv[1]) : 0;
	if (secs <= 0 || secs > 3600) {
		fprintf(stderr, "usage: burn SECONDS\n");
		return 2;
	}
	t0 = now_ns();
	end = t0 + (uint64_t)(secs * 1e9);
	do {
		for (i = 0; i < BLOCK; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
		}
		sink = x;
		units++;
		t = now_ns();
	} while (t < end);
	(void)sink;
	printf("%.1f\n", units * 1e9 / (double)(t - t0));
	return 0;
}
