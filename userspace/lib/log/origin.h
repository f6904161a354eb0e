/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Where the records of a log come from: the boot (the kernel's boot id) and
 * the module load (the SUBSCRIBE reply's load id). Seqs and drop counts
 * start again at every load, so the accounting of a restarted logger
 * continues a log only if both are the same.
 */
#ifndef IRQW_ORIGIN_H
#define IRQW_ORIGIN_H

#include <stdbool.h>
#include <stdint.h>

#define IRQW_BOOT_ID_PATH	"/proc/sys/kernel/random/boot_id"
#define IRQW_BOOT_ID_LEN	37	/* a UUID and its NUL */
#define IRQW_LOAD_ID_LEN	17	/* 16 hex digits and a NUL */

struct irqw_origin {
	char boot_id[IRQW_BOOT_ID_LEN];	/* "": not known */
	bool has_load_id;
	uint64_t load_id;
};

/*
 * Reads the boot id from path (NULL: IRQW_BOOT_ID_PATH) into boot_id: 0,
 * a negative errno, or -EINVAL if it is not a UUID.
 */
int irqw_boot_id_read(const char *path, char boot_id[IRQW_BOOT_ID_LEN]);

/* Whether s is a boot id as the kernel writes it (lower-case UUID). */
bool irqw_boot_id_valid(const char *s);

/* "load_id" in JSON: 16 lower-case hex digits (jq loses 64-bit numbers). */
void irqw_load_id_format(uint64_t id, char buf[IRQW_LOAD_ID_LEN]);
int irqw_load_id_parse(const char *s, uint64_t *id);

/* Whether a and b are both known and the same boot and module load. */
bool irqw_origin_same(const struct irqw_origin *a, const struct irqw_origin *b);

#endif /* IRQW_ORIGIN_H */
