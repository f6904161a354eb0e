// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"

static const char *const plumbing[] = {
#define PLUMBING(pattern) pattern,
#include "plumbing.def"
#undef PLUMBING
};

char *irqw_frame_func(const char *frame, char *buf, size_t size)
{
	size_t len = strcspn(frame, "+ ");
	const char *mod = strstr(frame, " [");

	if (len >= size)
		len = size - 1;
	memcpy(buf, frame, len);
	buf[len] = '\0';
	if (mod && len + strlen(mod) < size)
		strcat(buf, mod);
	return buf;
}

static bool match(const char *func)
{
	size_t i;

	for (i = 0; i < sizeof(plumbing) / sizeof(plumbing[0]); i++)
		if (!fnmatch(plumbing[i], func, 0))
			return true;
	return false;
}

/*
 * The answers for the function names met, per thread: a log has a few
 * thousand, and the fnmatch() of every pattern for every frame was most of
 * the report's time. Open addressing, names up to CACHE_NAME_MAX - 1 bytes (longer
 * ones are matched each time); full, it starts over.
 */
#define CACHE_SLOTS	8192
#define CACHE_NAME_MAX	64

struct cache_slot {
	uint64_t hash;		/* 0: empty */
	bool plumbing;
	char name[CACHE_NAME_MAX];
};

static _Thread_local struct plumbing_cache {
	size_t used;
	struct cache_slot slot[CACHE_SLOTS];
} *cache;

static uint64_t name_hash(const char *s, size_t *len)
{
	uint64_t h = 1469598103934665603ULL;
	const char *p = s;

	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	*len = (size_t)(p - s);
	return h | 1;
}

bool irqw_is_plumbing(const char *frame)
{
	char func[IRQW_FRAME_MAX];
	struct cache_slot *sl;
	uint64_t h;
	size_t len, i;

	irqw_frame_func(frame, func, sizeof(func));
	h = name_hash(func, &len);
	if (len >= CACHE_NAME_MAX || (!cache && !(cache = calloc(1, sizeof(*cache)))))
		return match(func);
	for (i = h % CACHE_SLOTS;; i = (i + 1) % CACHE_SLOTS) {
		sl = &cache->slot[i];
		if (!sl->hash)
			break;
		if (sl->hash == h && !strcmp(sl->name, func))
			return sl->plumbing;
	}
	if (cache->used >= CACHE_SLOTS * 3 / 4) {
		memset(cache, 0, sizeof(*cache));
		sl = &cache->slot[h % CACHE_SLOTS];
	}
	cache->used++;
	sl->hash = h;
	memcpy(sl->name, func, len + 1);
	sl->plumbing = match(func);
	return sl->plumbing;
}

void irqw_plumbing_cache_free(void)
{
	free(cache);
	cache = NULL;
}

/* ";s" after key, cut to IRQW_FP_KEY_MAX bytes as snprintf() would. */
static void append(char *key, const char *s)
{
	size_t len = strlen(key), n = strlen(s);

	if (len + 1 >= IRQW_FP_KEY_MAX)
		return;
	key[len++] = ';';
	if (n > IRQW_FP_KEY_MAX - 1 - len)
		n = IRQW_FP_KEY_MAX - 1 - len;
	memcpy(key + len, s, n);
	key[len + n] = '\0';
}

const char *const *irqw_event_stack(const struct irqw_event *ev, size_t *nr)
{
	if (ev->nr_samples && ev->samples[0].nr_frames) {
		*nr = ev->samples[0].nr_frames;
		return ev->samples[0].frames;
	}
	*nr = ev->nr_frames;
	return ev->nr_frames ? ev->frames : NULL;
}

void irqw_fingerprint(const struct irqw_event *ev, const char *type_name,
		      char *key, const char *const **frames, size_t *nr)
{
	char func[IRQW_FRAME_MAX];
	const char *const *f;
	size_t n, i, len, taken = 0;

	f = irqw_event_stack(ev, &n);
	*frames = f;
	*nr = n;
	len = strlen(type_name);
	if (len > IRQW_FP_KEY_MAX - 1)
		len = IRQW_FP_KEY_MAX - 1;
	memcpy(key, type_name, len);
	key[len] = '\0';
	for (i = 0; i < n && taken < IRQW_FP_FRAMES; i++) {
		if (irqw_is_plumbing(f[i]))
			continue;
		append(key, irqw_frame_func(f[i], func, sizeof(func)));
		taken++;
	}
	if (!taken)
		append(key, n ? irqw_frame_func(f[0], func, sizeof(func)) : "?");
}
