/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The size of a slab cache as /sys/kernel/slab tells it, for the stall
 * events of the slab preset: only counters the kernel keeps, total_objects
 * and partial (slabs on the partial lists). Not "objects": reading it walks
 * the cache's partial slabs with interrupts off, the very stall the event
 * reports. Read once per event at most, and never for the tool's own reads.
 */
#ifndef IRQW_SLABINFO_H
#define IRQW_SLABINFO_H

#include <stdbool.h>
#include <stdint.h>

#define IRQW_SLAB_ROOT	"/sys/kernel/slab"

/*
 * Whether name can stand for a directory under the root: not empty, shorter
 * than IRQWATCH_CACHE_LEN_MAX, without '/' and without "..".
 */
bool irqw_slab_name_ok(const char *name);

/*
 * The first number of root/name/objects and of root/name/partial. Opens
 * without blocking and reads regular files only. 0; -EINVAL for a name
 * irqw_slab_name_ok() refuses or a file that is not regular; -EBADMSG if a
 * file does not start with a number; or the errno of open() or read().
 */
int irqw_slab_read(const char *root, const char *name, uint64_t *objects,
		   uint64_t *partial);

#endif /* IRQW_SLABINFO_H */
