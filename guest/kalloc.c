/*
 * Physical page allocator.
 *
 * Guest RAM starts out zero, and on kvm_pvm every kernel instruction costs
 * about a microsecond, so the allocator never walks RAM: pages come from a
 * bump pointer over never-used RAM (fresh pages, zero), and freed pages go
 * on free lists, linked through their first word. Jobs that need many pages
 * take them in batches (kalloc.h). Where a firmware ran before the kernel
 * (QEMU's SeaBIOS: VMM_BOOT_F_RAM_DIRTY), the fresh RAM is zeroed a chunk
 * at a time, when the pages before it run out.
 *
 * Page tables have a pool of their own. kvm_pvm's shadow MMU does not see
 * the monitor's writes to guest RAM, so a page that is or was a page table
 * must only ever be written by the guest: never by the copy engine, hence
 * never as a data page again. Page tables are freed empty (vm.c clears the
 * entries as it frees what they map), so a recycled one is zero but for
 * the free list's link, which batch_take clears. When the pool and the
 * fresh RAM run out, a free data page becomes a table for good.
 */
#include "defs.h"
#include "kalloc.h"
#include "memlayout.h"
#include "spinlock.h"

static struct {
	struct spinlock lock;
	uint64_t fresh;         /* physical address of the next never-used page */
	uint64_t end;           /* end of the fresh RAM, which is zero */
	uint64_t ram_end;       /* end of RAM; past end while some is still dirty */
	struct run *pages;      /* freed data pages: dirty */
	struct run *tables;     /* freed page-table pages: zero */
	size_t npages, ntables; /* their numbers */
} kmem = {.lock = SPINLOCK_INIT("kmem")};

#define ZERO_CHUNK (2ull << 20)

/* The RAM [start, end) is free, and zero unless dirty. */
void kinit(uint64_t start, uint64_t end, int dirty)
{
	kmem.fresh = start;
	kmem.end = dirty ? start : end;
	kmem.ram_end = end;
}

/*
 * Set the last n pages of RAM aside for one user of its own, the buffer
 * cache's reserve (bio.c), before anything allocates: their physical
 * address. No one else ever takes them, and nothing touches them here: the
 * reserve costs the boot nothing.
 */
uint64_t kalloc_set_aside(size_t n)
{
	uint64_t pa;

	acquire(&kmem.lock);
	if (n > (kmem.ram_end - kmem.fresh) / PGSIZE)
		panic("kalloc: no room for a reserve of %lu pages", (unsigned long)n);
	pa = kmem.ram_end -= n * PGSIZE;
	if (kmem.end > pa)
		kmem.end = pa;
	release(&kmem.lock);
	return pa;
}

/* Make at least n more pages fresh by zeroing dirty RAM: 0, or -1 if there
 * is not that much. kmem.lock held. */
static int __attribute__((noinline, cold)) zero_more(size_t n)
{
	uint64_t to = (kmem.end + n * PGSIZE + ZERO_CHUNK - 1) & ~(ZERO_CHUNK - 1);

	if (n > (kmem.ram_end - kmem.end) / PGSIZE)
		return -1;
	to = to < kmem.ram_end ? to : kmem.ram_end;
	memset(p2v(kmem.end), 0, to - kmem.end);
	kmem.end = to;
	return 0;
}

/* Move n fresh pages to the chain *to; kmem.lock held, and the caller
 * checked there are enough. The chain comes out in ascending physical
 * order: a process's new memory is then physically contiguous too, and a
 * large read into it is a few long block-device segments, not one a page. */
static void take_fresh(size_t n, struct run **to)
{
	uint64_t pa = kmem.fresh + n * PGSIZE;

	kmem.fresh = pa;
	while (n-- > 0) {
		pa -= PGSIZE;
		batch_put(to, p2v(pa));
	}
}

/* Move n pages to the chain *to: the first ones of the free list *list
 * (*count long), cut off in one piece, then fresh ones if it runs out.
 * kmem.lock held. */
static void take(struct run **list, size_t *count, size_t n, struct run **to)
{
	struct run **end = list, *rest;
	size_t k;

	for (k = 0; k < n && *end; k++)
		end = &(*end)->next;
	if (k > 0) {
		rest = *end;
		*end = *to;
		*to = *list;
		*list = rest;
		*count -= k;
	}
	take_fresh(n - k, to);
}

/* Whether npages data pages and ntables page tables are free: the tables
 * the pool lacks come from the data pages' supply (take_tables). */
static int available(size_t npages, size_t ntables)
{
	size_t have = (kmem.end - kmem.fresh) / PGSIZE + kmem.npages;
	size_t need = npages + (ntables > kmem.ntables ? ntables - kmem.ntables : 0);

	return need <= have || zero_more(need - have) == 0;
}

/*
 * Move n page tables to the chain *to: from the pool, then fresh RAM, then
 * freed data pages, zeroed here by the CPU. kmem.lock held, and available()
 * said there are enough. A page on the free list has no copy-engine work
 * queued, and once a table it stays one (it goes back to the pool), so no
 * engine write ever reaches it as a table. Without the last step, once the
 * fresh RAM was used up (a process took all memory once) the tables could
 * never outnumber the pool: fork failed with most of memory free (found by
 * usertests).
 */
static void take_tables(size_t n, struct run **to)
{
	size_t k = n < kmem.ntables ? n : kmem.ntables, f = (kmem.end - kmem.fresh) / PGSIZE;
	struct run *r;

	take(&kmem.tables, &kmem.ntables, k, to);
	n -= k;
	f = n < f ? n : f;
	take_fresh(f, to);
	for (n -= f; n > 0; n--) {
		r = kmem.pages;
		kmem.pages = r->next;
		kmem.npages--;
		memset(r, 0, PGSIZE);
		batch_put(to, r);
	}
}

/*
 * Fill b with npages data pages and ntables page-table pages, or take
 * nothing and return -1 if memory is short. With zero, the data pages are
 * for batch_zeroed: fresh ones first, which are zero, and then recycled
 * ones, on the dirty list.
 */
int kalloc_batch(struct pagebatch *b, size_t npages, size_t ntables, int zero)
{
	size_t nfresh;

	*b = (struct pagebatch){0, 0, 0};
	acquire(&kmem.lock);
	if (!available(npages, ntables)) {
		release(&kmem.lock);
		return -1;
	}
	take_tables(ntables, &b->tables);
	if (zero) {
		nfresh = (kmem.end - kmem.fresh) / PGSIZE;
		nfresh = npages < nfresh ? npages : nfresh;
		take_fresh(nfresh, &b->pages);
		take(&kmem.pages, &kmem.npages, npages - nfresh, &b->dirty);
	} else {
		take(&kmem.pages, &kmem.npages, npages, &b->pages);
	}
	release(&kmem.lock);
	return 0;
}

/* How many pages the allocator could hand out now, data pages and page
 * tables together: a bound a job can check its size against before it
 * counts exactly what it needs (kalloc_batch decides). */
size_t kalloc_free(void)
{
	size_t n;

	acquire(&kmem.lock);
	n = (kmem.ram_end - kmem.fresh) / PGSIZE + kmem.npages + kmem.ntables; /* dirty RAM too */
	release(&kmem.lock);
	return n;
}

/*
 * The next zero page of a batch from kalloc_batch(zero). A recycled one is
 * zeroed through pzero, which may queue the work: pflush before the CPU
 * touches it. (Its link is read first: a queued fill must never run over a
 * link still to be followed.)
 */
void *batch_zeroed(struct pagebatch *b)
{
	void *page;

	if (b->pages)
		return batch_take(&b->pages);
	page = batch_take(&b->dirty);
	pzero(direct_v2p(page), PGSIZE);
	return page;
}

/* Splice the chain *from onto the free list *to (*count long); empties
 * *from. */
static void give(struct run **from, struct run **to, size_t *count)
{
	struct run *r = *from;
	size_t n = 1;

	if (!r)
		return;
	for (; r->next; r = r->next)
		n++;
	r->next = *to;
	*to = *from;
	*count += n;
	*from = 0;
}

/* Give back the pages in b, which it empties. */
void kfree_batch(struct pagebatch *b)
{
	if (!b->pages && !b->dirty && !b->tables)
		return;
	acquire(&kmem.lock);
	give(&b->pages, &kmem.pages, &kmem.npages);
	give(&b->dirty, &kmem.pages, &kmem.npages);
	give(&b->tables, &kmem.tables, &kmem.ntables);
	release(&kmem.lock);
}

/* A data page with any contents, for a caller that overwrites all of it;
 * 0 when memory is exhausted. */
void *kalloc(void)
{
	struct run *r;

	acquire(&kmem.lock);
	if ((r = kmem.pages)) {
		kmem.pages = r->next;
		kmem.npages--;
	} else if (kmem.fresh < kmem.end || zero_more(1) == 0) {
		r = p2v(kmem.fresh);
		kmem.fresh += PGSIZE;
	}
	release(&kmem.lock);
	return r;
}
