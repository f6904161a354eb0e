/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the stall detector's files: stall.c and stall_readers.c. */
#ifndef IRQWATCH_STALL_H
#define IRQWATCH_STALL_H

#include <linux/types.h>

#define IRQW_NR_PRESETS		4

/* The slab preset's functions; a reader's preset indexes it. */
extern const char *const irqw_preset_syms[IRQW_NR_PRESETS];

int irqw_readers_init(void);
void irqw_readers_exit(void);
bool irqw_reader_add(u8 preset, const void *cache, u64 now, u64 ns, bool over);
u64 irqw_stall_readers_evicted(void);

#endif /* IRQWATCH_STALL_H */
