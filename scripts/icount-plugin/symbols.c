/*
 * The kernel's functions, from its symbol table (nm -n -S output), for
 * the plugin's profile and for the functions it watches by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symbols.h"

struct func *funcs;
size_t nfuncs;
struct func other = {.name = "(no-symbol)", .cls = CLASS_KERNEL};

void *icount_alloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p && n) {
		perror("icount plugin");
		exit(1);
	}
	return p;
}

static int by_start(const void *a, const void *b)
{
	const struct func *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* One line of nm -n -S: "ADDR [SIZE] TYPE NAME"; code symbols only. */
static void add_symbol(const char *line, size_t *cap)
{
	char a[32], b[32], c[256], d[256];
	int n = sscanf(line, "%31s %31s %255s %255s", a, b, c, d);
	const char *type = n == 4 ? c : b, *name = n == 4 ? d : c;

	if (n < 3 || strlen(type) != 1 || !strchr("tTwW", type[0]))
		return;
	if (nfuncs == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		struct func *more = icount_alloc(*cap, sizeof *funcs);
		if (nfuncs)
			memcpy(more, funcs, nfuncs * sizeof *funcs);
		free(funcs);
		funcs = more;
	}
	struct func *f = &funcs[nfuncs++];
	*f = (struct func){.start = strtoull(a, NULL, 16), .cls = CLASS_KERNEL};
	f->end = n == 4 ? f->start + strtoull(b, NULL, 16) : f->start;
	f->name = strdup(name);
}

/* A symbol without a size (an assembly label) runs to the next one. */
static void close_ranges(void)
{
	qsort(funcs, nfuncs, sizeof *funcs, by_start);
	for (size_t i = 0; i < nfuncs; i++)
		if (funcs[i].end == funcs[i].start)
			funcs[i].end = i + 1 < nfuncs ? funcs[i + 1].start : funcs[i].start + 1;
}

struct func *symbols_named(const char *name)
{
	for (size_t i = 0; i < nfuncs; i++)
		if (strcmp(funcs[i].name, name) == 0)
			return &funcs[i];
	return NULL;
}

struct func *symbols_at(uint64_t va)
{
	size_t lo = 0, hi = nfuncs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (funcs[mid].start <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* funcs[lo - 1] is the last to start at or below va; with aliases of
	 * one address, the first of them. */
	while (lo > 1 && funcs[lo - 2].start == funcs[lo - 1].start)
		lo--;
	return lo > 0 && va < funcs[lo - 1].end ? &funcs[lo - 1] : &other;
}

int symbols_load(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[600];
	size_t cap = 0;

	if (!f) {
		fprintf(stderr, "icount plugin: cannot open %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof line, f))
		add_symbol(line, &cap);
	fclose(f);
	close_ranges();
	return 0;
}
