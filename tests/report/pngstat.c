// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * pngstat FILE: prints "WIDTH HEIGHT COLOURS PERMILLE" for an 8-bit RGB or
 * RGBA, non-interlaced PNG (what Chromium's --screenshot writes): its size,
 * how many distinct colours it has (counted up to 65536) and how many
 * pixels in a thousand differ from the most common colour (the
 * background). tests/report/browser.sh tells a blank page by them. Exit
 * status 1 for a file it cannot read. Needs zlib only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define SET_BITS	17	/* an open-addressing set of 2^17 colours */
#define SET_MAX		65536

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int die(const char *file, const char *why)
{
	fprintf(stderr, "pngstat: %s: %s\n", file, why);
	return 1;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *n;
	size_t cap = 0, got;

	if (!f)
		return NULL;
	*len = 0;
	do {
		if (*len == cap) {
			cap = cap ? 2 * cap : 1 << 20;
			n = realloc(buf, cap);
			if (!n) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = n;
		}
		got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
	} while (got);
	fclose(f);
	return buf;
}

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	if (pa <= pb && pa <= pc)
		return a;
	return pb <= pc ? b : c;
}

/* Undoes the filter of each row in place; 0, or -1 for an unknown filter. */
static int unfilter(unsigned char *raw, uint32_t w, uint32_t h, unsigned int bpp)
{
	size_t stride = (size_t)w * bpp, x;
	unsigned char *row, *prev = NULL;
	uint32_t y;
	int a, b, c;

	for (y = 0; y < h; y++) {
		row = raw + y * (stride + 1) + 1;
		for (x = 0; x < stride; x++) {
			a = x >= bpp ? row[x - bpp] : 0;
			b = prev ? prev[x] : 0;
			c = prev && x >= bpp ? prev[x - bpp] : 0;
			switch (row[-1]) {
			case 0:
				break;
			case 1:
				row[x] += a;
				break;
			case 2:
				row[x] += b;
				break;
			case 3:
				row[x] += (a + b) / 2;
				break;
			case 4:
				row[x] += paeth(a, b, c);
				break;
			default:
				return -1;
			}
		}
		prev = row;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	unsigned char *png, *idat = NULL, *raw, *px;
	uint32_t w = 0, h = 0, len, *set, c;
	size_t size, pos = 8, nidat = 0, x, i, colours = 0;
	uint64_t *hits, n, top_n = 0, other;
	unsigned int bpp = 0;
	uLongf rawlen;

	if (argc != 2) {
		fprintf(stderr, "usage: pngstat FILE.png\n");
		return 2;
	}
	png = slurp(argv[1], &size);
	if (!png)
		return die(argv[1], "cannot read");
	if (size < 8 || memcmp(png, sig, 8))
		return die(argv[1], "not a PNG");
	while (pos + 12 <= size) {
		len = be32(png + pos);
		if (len > size - pos - 12)
			return die(argv[1], "truncated chunk");
		if (!memcmp(png + pos + 4, "IHDR", 4) && len >= 13) {
			w = be32(png + pos + 8);
			h = be32(png + pos + 12);
			if (png[pos + 16] != 8 || png[pos + 20] != 0 ||
			    (png[pos + 17] != 2 && png[pos + 17] != 6))
				return die(argv[1], "not 8-bit RGB(A), non-interlaced");
			bpp = png[pos + 17] == 6 ? 4 : 3;
		} else if (!memcmp(png + pos + 4, "IDAT", 4)) {
			idat = realloc(idat, nidat + len);
			if (!idat)
				return die(argv[1], "out of memory");
			memcpy(idat + nidat, png + pos + 8, len);
			nidat += len;
		}
		pos += 12 + len;
	}
	if (!bpp || !w || !h || w > 1 << 15 || h > 1 << 15)
		return die(argv[1], "no usable IHDR");
	rawlen = (uLongf)h * ((uLongf)w * bpp + 1);
	raw = malloc(rawlen);
	if (!raw || uncompress(raw, &rawlen, idat, nidat) != Z_OK ||
	    rawlen != (uLongf)h * ((uLongf)w * bpp + 1))
		return die(argv[1], "bad image data");
	if (unfilter(raw, w, h, bpp))
		return die(argv[1], "unknown filter");
	set = calloc((size_t)1 << SET_BITS, sizeof(*set));
	hits = calloc((size_t)1 << SET_BITS, sizeof(*hits));
	if (!set || !hits)
		return die(argv[1], "out of memory");
	for (i = 0; i < h; i++)
		for (x = 0; x < w; x++) {
			px = raw + i * ((size_t)w * bpp + 1) + 1 + x * bpp;
			/* +1: 0 marks a free entry */
			c = ((uint32_t)px[0] << 16 | (uint32_t)px[1] << 8 | px[2]) + 1;
			n = (c * 2654435761u) >> (32 - SET_BITS);
			while (set[n] && set[n] != c)
				n = (n + 1) & ((1u << SET_BITS) - 1);
			if (!set[n]) {
				if (colours == SET_MAX)
					continue;
				set[n] = c;
				colours++;
			}
			if (++hits[n] > top_n)
				top_n = hits[n];
		}
	other = (uint64_t)w * h - top_n;
	printf("%u %u %zu %llu\n", w, h, colours,
	       (unsigned long long)(other * 1000 / ((uint64_t)w * h)));
	free(set);
	free(hits);
	free(raw);
	free(idat);
	free(png);
	return 0;
}
