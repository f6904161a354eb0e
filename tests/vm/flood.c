// SPDX-License-Identifier: GPL-2.0
/*
 * flood: a UDP packet flood over loopback for the storm tests and bench
 * (VM only). Pinned to CPU, it sends 64-byte datagrams to a socket of its
 * own on 127.0.0.1 for SECONDS, in batches of sendmmsg(), and reads them
 * back; each packet goes through the CPU's backlog NAPI in NET_RX softirq.
 * Prints "flood packets=N seconds=S pps=P".
 *   flood SECONDS CPU
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH	64
#define SIZE	64

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static char buf[BATCH][SIZE];
	struct sockaddr_in addr = { .sin_family = AF_INET };
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	socklen_t len = sizeof(addr);
	uint64_t t0, end, sent = 0;
	cpu_set_t set;
	int rx, tx, i, n;
	double secs;

	if (argc != 3 || (secs = atof(argv[1])) <= 0) {
		fprintf(stderr, "usage: flood SECONDS CPU\n");
		return 2;
	}
	CPU_ZERO(&set);
	CPU_SET(atoi(argv[2]), &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("flood: sched_setaffinity");
		return 1;
	}
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	rx = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	if (rx < 0 || tx < 0 || bind(rx, (struct sockaddr *)&addr, sizeof(addr)) ||
	    getsockname(rx, (struct sockaddr *)&addr, &len) ||
	    connect(tx, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("flood: socket");
		return 1;
	}
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = SIZE;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = now_ns();
	end = t0 + (uint64_t)(secs * 1e9);
	while (now_ns() < end) {
		n = sendmmsg(tx, msgs, BATCH, 0);
		if (n < 0 && errno != ENOBUFS && errno != EAGAIN) {
			perror("flood: sendmmsg");
			return 1;
		}
		if (n > 0)
			sent += n;
		/* drain what arrived, so the socket does not drop them */
		while (recvmmsg(rx, msgs, BATCH, MSG_DONTWAIT, NULL) > 0)
			;
	}
	secs = (now_ns() - t0) / 1e9;
	printf("flood packets=%llu seconds=%.3f pps=%.0f\n",
	       (unsigned long long)sent, secs, sent / secs);
	return 0;
}
