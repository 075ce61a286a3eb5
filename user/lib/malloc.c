/*
 * The memory allocator: a free list over memory from sbrk.
 *
 * Every block, free or in use, starts with a header giving its size in
 * units of one header (16 bytes, so every block and every pointer handed out
 * is 16-byte aligned). Free blocks are kept in a list sorted by address, so
 * free() can merge a block with the free blocks right before and after it:
 * memory freed in any order comes back as large blocks instead of staying
 * cut into small ones. malloc takes the first block that is big enough and
 * cuts what it needs from that block's end, which leaves the free block's
 * place in the list unchanged. The heap is never given back to the kernel.
 */
#include "uarch.h"
#include "user.h"

union header {
	struct {
		union header *next; /* the next free block, at a higher address */
		size_t units;       /* the block's size, this header included */
	} h;
	_Alignas(16) char align[16];
};

#define UNIT      sizeof(union header)
#define MIN_GROW  (4096 / UNIT)      /* units asked of sbrk at least: a page */
#define MAX_BYTES ((size_t)HEAP_MAX) /* more than any heap: refused, no overflow */

static union header *freelist; /* the lowest free block, or 0 */

/* Puts block b, not in the list, into the list; merges it with its
 * neighbours when they touch it. */
static void insert(union header *b)
{
	union header *prev = 0, *next = freelist;

	while (next && next < b) {
		prev = next;
		next = next->h.next;
	}
	if (next && b + b->h.units == next) {
		b->h.units += next->h.units;
		b->h.next = next->h.next;
	} else {
		b->h.next = next;
	}
	if (prev && prev + prev->h.units == b) {
		prev->h.units += b->h.units;
		prev->h.next = b->h.next;
	} else if (prev) {
		prev->h.next = b;
	} else {
		freelist = b;
	}
}

/* Adds at least units units from the kernel to the free list; 0 if the
 * kernel has no more. The break is aligned first, in case something else
 * moved it by an odd amount. */
static int grow(size_t units)
{
	char *p = sbrk(0);
	size_t pad = -(uintptr_t)p & (UNIT - 1);
	union header *b;

	if (units < MIN_GROW)
		units = MIN_GROW;
	if (p == (char *)-1 || sbrk(pad + units * UNIT) == (char *)-1)
		return 0;
	b = (union header *)(p + pad);
	b->h.units = units;
	insert(b);
	return 1;
}

/* Takes units units from the first free block big enough; 0 if none is. */
static void *take(size_t units)
{
	union header *prev = 0, *b;

	for (b = freelist; b; prev = b, b = b->h.next) {
		if (b->h.units < units)
			continue;
		if (b->h.units == units) {
			if (prev)
				prev->h.next = b->h.next;
			else
				freelist = b->h.next;
		} else {
			b->h.units -= units;
			b += b->h.units;
			b->h.units = units;
		}
		return b + 1;
	}
	return 0;
}

void *malloc(size_t n)
{
	size_t units;
	void *p;

	if (n == 0 || n > MAX_BYTES)
		return 0;
	units = (n + UNIT - 1) / UNIT + 1;
	if ((p = take(units)))
		return p;
	if (!grow(units))
		return 0;
	return take(units);
}

void free(void *p)
{
	if (p)
		insert((union header *)p - 1);
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > MAX_BYTES / size)
		return 0;
	if ((p = malloc(n * size)))
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *p, size_t n)
{
	union header *b = (union header *)p - 1;
	size_t have;
	void *q;

	if (!p)
		return malloc(n);
	have = (b->h.units - 1) * UNIT;
	if (n <= have)
		return p;
	if (!(q = malloc(n)))
		return 0;
	memcpy(q, p, have);
	free(p);
	return q;
}
