/*
 * Batches of pages: a job (a fork, a sbrk, freeing an address space) counts
 * the pages it needs or frees and moves them to or from the allocator under
 * one lock. On kvm_pvm a lock round trip costs ~40 emulated instructions,
 * more than the rest of a page's bookkeeping.
 */
#ifndef KALLOC_H
#define KALLOC_H

#include <stddef.h>
#include <stdint.h>

struct run {
	struct run *next;
};

/* Pages linked through their first word. Page tables are zero but for the
 * links; so are data pages from kalloc_batch(zero), except those left to
 * zero on the dirty list (batch_zeroed). */
struct pagebatch {
	struct run *pages;
	struct run *dirty;
	struct run *tables;
};

int kalloc_batch(struct pagebatch *b, size_t npages, size_t ntables, int zero);
uint64_t kalloc_set_aside(size_t n);
size_t kalloc_free(void);
void kfree_batch(struct pagebatch *b);
void *batch_zeroed(struct pagebatch *b);

/* Take the next page off a batch's list, which the caller counted on. The
 * link is cleared: a zeroed page or table is then all zero again. */
static inline void *batch_take(struct run **list)
{
	struct run *r = *list;

	*list = r->next;
	r->next = 0;
	return r;
}

static inline void batch_put(struct run **list, void *page)
{
	struct run *r = page;

	r->next = *list;
	*list = r;
}

#endif
