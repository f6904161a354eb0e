// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * prom-replay OUT FILE...: the Prometheus metrics that "irqwatch record
 * --prom OUT" would write for the records of the JSON-lines logs FILE
 * (plain), through the same library calls: each line's object counted by
 * irqw_prom_record(), the file replaced by irqw_prom_write(). For
 * tests/prom/node-exporter.sh, which has no module to record from. The
 * kernel label is "test"; prints what it counted on stderr.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "version.h"
#include "prom.h"

static int replay(struct irqw_prom *p, const char *path, unsigned long *n)
{
	struct json_object *obj;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;
	int ret = 0;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	while ((len = getline(&line, &cap, f)) >= 0) {
		obj = json_tokener_parse(line);
		ret = obj ? irqw_prom_record(p, obj) : -EBADMSG;
		json_object_put(obj);
		if (ret == -ENOMEM)
			break;
		n[ret == 0 ? 0 : ret == -ENOENT ? 1 : 2]++;
		ret = 0;
	}
	free(line);
	fclose(f);
	return ret;
}

int main(int argc, char *argv[])
{
	unsigned long n[3] = { 0 };
	struct irqw_prom *p;
	int i, ret = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: prom-replay OUT.prom FILE.jsonl...\n");
		return 2;
	}
	p = irqw_prom_new(IRQWATCH_VERSION, "test");
	if (!p)
		return 1;
	for (i = 2; i < argc && !ret; i++) {
		ret = replay(p, argv[i], n);
		if (ret)
			fprintf(stderr, "prom-replay: %s: %s\n", argv[i], strerror(-ret));
	}
	if (!ret) {
		ret = irqw_prom_write(p, argv[1]);
		if (ret)
			fprintf(stderr, "prom-replay: %s: %s\n", argv[1], strerror(-ret));
	}
	irqw_prom_free(p);
	fprintf(stderr, "prom-replay: %lu records counted, %lu skipped, %lu malformed\n",
		n[0], n[1], n[2]);
	return ret ? 1 : 0;
}
