/* The kernel's functions (symbols.c), each with its counters. */
#ifndef ICOUNT_SYMBOLS_H
#define ICOUNT_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

enum { CLASS_FIRMWARE, CLASS_KERNEL, CLASS_USER, CLASS_WAIT };

struct func {
	uint64_t start, end;
	char *name;
	uint64_t raw, restarts;
	int cls; /* CLASS_KERNEL or a wait class */
};

/* Sorted by start; other stands for a kernel address in none of them. */
extern struct func *funcs;
extern size_t nfuncs;
extern struct func other;

/* calloc, or the plugin's end with the reason (QEMU cannot go on). */
void *icount_alloc(size_t n, size_t size);
/* Reads nm -n -S output: 0, or -1 after saying why. */
int symbols_load(const char *path);
/* The function at a kernel address (other if none), or named name (NULL). */
struct func *symbols_at(uint64_t va);
struct func *symbols_named(const char *name);

#endif
