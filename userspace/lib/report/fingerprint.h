/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A culprit's fingerprint: the event type and the first frames of the
 * first in-window sample's stack (else of the end stack) after the plumbing
 * (plumbing.def) is removed, as function names without offsets. Pure.
 */
#ifndef IRQW_FINGERPRINT_H
#define IRQW_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"

/* Frames of a fingerprint. */
#define IRQW_FP_FRAMES	3
/* Bytes of a fingerprint key, NUL included; longer keys are cut. */
#define IRQW_FP_KEY_MAX	512

/*
 * The function of a frame: "get_slabinfo+0x9c/0x110" -> "get_slabinfo",
 * "f+0x4a/0x80 [mod]" -> "f [mod]"; cut to size (> 0). Returns buf.
 */
char *irqw_frame_func(const char *frame, char *buf, size_t size);

/*
 * Whether the frame is plumbing (a pattern of plumbing.def matches it). The
 * answers are kept per function name and thread;
 * irqw_plumbing_cache_free() frees the calling thread's.
 */
bool irqw_is_plumbing(const char *frame);
void irqw_plumbing_cache_free(void);

/*
 * The stack a fingerprint (and a folded stack) is taken from: the first
 * in-window sample's if it has frames, else the end stack; NULL and *nr 0
 * for none.
 */
const char *const *irqw_event_stack(const struct irqw_event *ev, size_t *nr);

/*
 * The fingerprint of ev: "TYPE" then ";FUNC" for each of its first
 * IRQW_FP_FRAMES meaningful frames (a stack of plumbing only keeps its
 * innermost frame; no stack at all gives "TYPE;?"), into key
 * (IRQW_FP_KEY_MAX bytes). The stack used is returned through *frames and
 * *nr (the sample's or the end stack; NULL and 0 for none).
 */
void irqw_fingerprint(const struct irqw_event *ev, const char *type_name,
		      char *key, const char *const **frames, size_t *nr);

#endif /* IRQW_FINGERPRINT_H */
