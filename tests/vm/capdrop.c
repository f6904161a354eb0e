// SPDX-License-Identifier: GPL-2.0
/*
 * capdrop: runs a command as the same user with every capability but KEEP
 * gone from the bounding, permitted, effective, inheritable and ambient
 * sets (VM tests only: root that a container granted CAP_NET_ADMIN alone).
 * As uid 0, execve() gives the command the bounding set, so it starts with
 * exactly KEEP.
 *   capdrop KEEP CMD [ARG...]   KEEP: a comma list of net_admin, perfmon,
 *                               sys_admin, setpcap, or "none"
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif

static const struct {
	const char *name;
	int cap;
} names[] = {
	{ "net_admin", CAP_NET_ADMIN },
	{ "perfmon", CAP_PERFMON },
	{ "sys_admin", CAP_SYS_ADMIN },
	{ "setpcap", CAP_SETPCAP },
};

static int parse_keep(char *s, uint64_t *keep)
{
	char *tok, *save;
	size_t i;

	*keep = 0;
	if (!strcmp(s, "none"))
		return 0;
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return -1;
		*keep |= 1ull << names[i].cap;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	uint64_t keep;
	int cap;

	if (argc < 3 || parse_keep(argv[1], &keep)) {
		fprintf(stderr, "usage: capdrop KEEP CMD [ARG...]\n");
		return 2;
	}
	for (cap = 0; cap < 64; cap++) {
		if (keep & (1ull << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)) {
			if (errno == EINVAL)
				break;	/* past the last capability */
			perror("capdrop: PR_CAPBSET_DROP");
			return 1;
		}
	}
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	memset(data, 0, sizeof(data));
	data[0].effective = data[0].permitted = data[0].inheritable =
		(uint32_t)keep;
	data[1].effective = data[1].permitted = data[1].inheritable =
		(uint32_t)(keep >> 32);
	if (syscall(SYS_capset, &hdr, data)) {
		perror("capdrop: capset");
		return 1;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "capdrop: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
