// SPDX-License-Identifier: GPL-2.0 OR MIT

#include <fnmatch.h>
#include <stdio.h>
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

bool irqw_is_plumbing(const char *frame)
{
	char func[IRQW_FRAME_MAX];
	size_t i;

	irqw_frame_func(frame, func, sizeof(func));
	for (i = 0; i < sizeof(plumbing) / sizeof(plumbing[0]); i++)
		if (!fnmatch(plumbing[i], func, 0))
			return true;
	return false;
}

static void append(char *key, const char *s)
{
	size_t len = strlen(key);

	snprintf(key + len, IRQW_FP_KEY_MAX - len, ";%s", s);
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
	size_t n, i, taken = 0;

	f = irqw_event_stack(ev, &n);
	*frames = f;
	*nr = n;
	snprintf(key, IRQW_FP_KEY_MAX, "%s", type_name);
	for (i = 0; i < n && taken < IRQW_FP_FRAMES; i++) {
		if (irqw_is_plumbing(f[i]))
			continue;
		append(key, irqw_frame_func(f[i], func, sizeof(func)));
		taken++;
	}
	if (!taken)
		append(key, n ? irqw_frame_func(f[0], func, sizeof(func)) : "?");
}
