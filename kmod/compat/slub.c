// SPDX-License-Identifier: GPL-2.0
/*
 * The name of a SLUB cache, for the slab preset of the stall probes. Up to
 * 6.7, <linux/slub_def.h> describes struct kmem_cache with the target's own
 * configuration, so its "name" is where the kernel has it. From 5.17 on the
 * header's inline helpers use struct slab and slab_address() of the private
 * mm/slab.h: this file alone includes the header, and gives those helpers,
 * which it never calls, just enough to compile. Newer kernels keep struct
 * kmem_cache in mm/slab.h, and caches go unnamed there.
 */
#include <linux/mm.h>
#include <linux/slab.h>

#include "compat.h"

#if defined(IRQW_HAVE_SLUB_DEF) && defined(CONFIG_SLUB)
#ifdef IRQW_SLUB_DEF_WANTS_SLAB
struct slab {
	unsigned int objects;
};
#define slab_address(slab) ((void *)(slab))
#endif
#include <linux/slub_def.h>

const char *irqw_cache_name(const void *cache)
{
	return cache ? ((const struct kmem_cache *)cache)->name : NULL;
}
#else
const char *irqw_cache_name(const void *cache)
{
	return NULL;
}
#endif
