// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "origin.h"

bool irqw_boot_id_valid(const char *s)
{
	size_t i;

	for (i = 0; i < IRQW_BOOT_ID_LEN - 1; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
			     (s[i] >= 'a' && s[i] <= 'f'))) {
			return false;
		}
	}
	return s[i] == '\0';
}

int irqw_boot_id_read(const char *path, char boot_id[IRQW_BOOT_ID_LEN])
{
	char buf[IRQW_BOOT_ID_LEN + 1];
	ssize_t n;
	int fd;

	fd = open(path ? path : IRQW_BOOT_ID_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (!irqw_boot_id_valid(buf))
		return -EINVAL;
	memcpy(boot_id, buf, IRQW_BOOT_ID_LEN);
	return 0;
}

void irqw_load_id_format(uint64_t id, char buf[IRQW_LOAD_ID_LEN])
{
	snprintf(buf, IRQW_LOAD_ID_LEN, "%016" PRIx64, id);
}

int irqw_load_id_parse(const char *s, uint64_t *id)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < IRQW_LOAD_ID_LEN - 1; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			v = v << 4 | (uint64_t)(s[i] - '0');
		else if (s[i] >= 'a' && s[i] <= 'f')
			v = v << 4 | (uint64_t)(s[i] - 'a' + 10);
		else
			return -EINVAL;
	}
	if (s[i])
		return -EINVAL;
	*id = v;
	return 0;
}

bool irqw_origin_same(const struct irqw_origin *a, const struct irqw_origin *b)
{
	return a->boot_id[0] && a->has_load_id && b->has_load_id &&
	       !strcmp(a->boot_id, b->boot_id) && a->load_id == b->load_id;
}
