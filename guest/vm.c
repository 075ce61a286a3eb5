/*
 * User address spaces, on either architecture's paging: PT_LEVELS levels
 * of PT_ENTRIES entries (mmu.h): 4 levels of 512 on x86-64, 2 of 1024 on
 * i386. The top-level table is the root (a PML4, a page directory).
 *
 * A process's root maps its memory [0, sz) through tables of its own, and
 * shares the kernel's mappings above USERTOP: kernel_map_share
 * (memlayout.h) copies the kernel root's entries for them (on x86-64 two,
 * which point at the monitor's boot tables). Only tables that map part of
 * [0, sz) exist, and the walks below visit only the entries for [0, sz),
 * never a whole table: on kvm_pvm each entry costs emulated instructions.
 *
 * Each job counts the pages and tables it needs first and takes them from
 * the allocator in one batch (kalloc.h), so it either gets all it needs or
 * fails before changing anything. Leaf entries are made with the accessed
 * and dirty bits set, so the CPU never has to write them back.
 */
#include "defs.h"
#include "kalloc.h"
#include "memlayout.h"
#include "proc.h"
#include "x86.h"

#define PTE_TABLE (PTE_P | PTE_W | PTE_U | PTE_A) /* permissions are the leaves' */
#define PTE_LEAF  (PTE_P | PTE_U | PTE_A | PTE_D)
#define TOP       (PT_LEVELS - 1)

/* The pages and page tables a job needs. */
struct need {
	size_t pages, tables;
};

/* uvm_pa's last leaf table, so that a copy through a large buffer walks
 * each leaf table once. unmap and uvm_free forget it: they free tables. One
 * CPU: per-CPU with more. */
static struct {
	pagetable_t pt;
	uint64_t base; /* the first address the leaf table maps */
	const pte_t *leaf;
} last_leaf;

/* The first and last entries of a table at level that maps from base and
 * covers part of [lo, hi). */
static uint64_t first_entry(int level, uint64_t base, uint64_t lo)
{
	return lo > base ? (lo - base) >> PX_SHIFT(level) : 0;
}

static uint64_t last_entry(int level, uint64_t base, uint64_t hi)
{
	uint64_t i = (hi - 1 - base) >> PX_SHIFT(level);

	return i < PT_ENTRIES - 1 ? i : PT_ENTRIES - 1;
}

/* The kernel address of the table or page entry e points at. */
static void *kaddr_of(pte_t e)
{
	return p2v(PTE_ADDR(e));
}

/* A root from b with nothing mapped below USERTOP. */
static pagetable_t new_root(struct pagebatch *b)
{
	pte_t *pt = batch_take(&b->tables);

	kernel_map_share(pt);
	return pt;
}

/* A new address space with nothing mapped below USERTOP, or 0. */
pagetable_t uvm_create(void)
{
	struct pagebatch b;

	return kalloc_batch(&b, 0, 1, 0) < 0 ? 0 : new_root(&b);
}

/* The entry at level (0 maps a page, 1 a leaf table, ...) for user address
 * va in pt: making missing tables from b, or 0 if one is missing and b is
 * 0. */
static pte_t *entry(pagetable_t pt, uint64_t va, int level, struct pagebatch *b)
{
	pte_t *t = pt;

	for (int l = TOP; l > level; l--) {
		pte_t *e = &t[PX(l, va)];

		if (*e & PTE_P) {
			t = kaddr_of(*e);
		} else {
			if (!b)
				return 0;
			t = batch_take(&b->tables);
			*e = direct_v2p(t) | PTE_TABLE;
		}
	}
	return &t[PX(level, va)];
}

/* The entry at level for user address va in pt, as entry(pt, va, level, 0)
 * finds it; or 0 if a table above is missing, with *next the first
 * address past the span that table would map. So a walk over a sparse
 * range steps over what is not there at once: one step per 2 MiB over an
 * exec's failed image of 256 GiB took seconds (found by usertests). */
static pte_t *entry_or_next(pagetable_t pt, uint64_t va, int level, uint64_t *next)
{
	pte_t *t = pt;

	for (int l = TOP; l > level; l--) {
		pte_t e = t[PX(l, va)];

		if (!(e & PTE_P)) {
			*next = (va | ((1ull << PX_SHIFT(l)) - 1)) + 1;
			return 0;
		}
		t = kaddr_of(e);
	}
	*next = va + (1ull << PX_SHIFT(level));
	return &t[PX(level, va)];
}

/*
 * Count the pages and tables that mapping all of [lo, hi) would add to pt,
 * giving up with -1 once that passes max: first the missing pages, leaf
 * table by leaf table (all of a missing table's at once), then the missing
 * tables level by level. So a range far bigger than memory (sbrk or an ELF
 * segment of 256 GiB) fails in a few steps instead of one per page: that
 * took minutes of emulated instructions (found by usertests). The pages
 * already mapped are memory too, so once the missing pages fit in max the
 * range is a bounded number of leaf tables.
 */
static int count_missing(pagetable_t pt, uint64_t lo, uint64_t hi, struct need *n, size_t max)
{
	uint64_t span = 1ull << PX_SHIFT(1);

	for (uint64_t base = lo & ~(span - 1); base < hi; base += span) {
		const pte_t *t = entry(pt, base, 0, 0);
		uint64_t first = first_entry(0, base, lo), last = last_entry(0, base, hi);

		if (!t)
			n->pages += last - first + 1;
		for (uint64_t i = first; t && i <= last; i++)
			n->pages += !(t[i] & PTE_P);
		if (n->pages > max)
			return -1;
	}
	for (int level = 1; level <= TOP; level++) {
		span = 1ull << PX_SHIFT(level);
		for (uint64_t va = lo & ~(span - 1); va < hi; va += span) {
			const pte_t *e = entry(pt, va, level, 0);

			n->tables += !e || !(*e & PTE_P);
		}
	}
	return n->pages + n->tables > max ? -1 : 0;
}

static pte_t leaf_flags(int perm)
{
	return PTE_LEAF | (perm & UVM_WRITE ? PTE_W : 0) | (perm & UVM_EXEC ? 0 : PTE_NX);
}

/*
 * Map zeroed pages over [va, end), rounded out to whole pages, with the
 * permissions perm (UVM_*). A page already mapped there (two ELF segments
 * may share one) keeps its contents and gains perm. 0, or -1 with nothing
 * changed when memory is short.
 */
int uvm_alloc(pagetable_t pt, uint64_t va, uint64_t end, int perm)
{
	pte_t flags = leaf_flags(perm), *e = 0;
	struct need n = {0, 0};
	struct pagebatch b;

	va = PGROUNDDOWN(va);
	if (va >= end)
		return 0;
	if (count_missing(pt, va, end, &n, kalloc_free()) < 0 ||
	    kalloc_batch(&b, n.pages, n.tables, 1) < 0)
		return -1;
	for (; va < end; va += PGSIZE, e++) {
		if (!e || PX(0, va) == 0)
			e = entry(pt, va, 0, &b);
		if (*e & PTE_P)
			*e = (*e | (flags & PTE_W)) & (flags | ~PTE_NX);
		else
			*e = direct_v2p(batch_zeroed(&b)) | flags;
	}
	pflush(); /* the zeroing of recycled pages */
	return 0;
}

/* Copy n bytes from src (a kernel address) to user address va in pt, where
 * pages are mapped: through pcopy, so the caller flushes. One walk per leaf
 * table, not per page. */
void uvm_load(pagetable_t pt, uint64_t va, const char *src, size_t n)
{
	const pte_t *e = 0;
	size_t len;

	for (; n > 0; va += len, src += len, n -= len) {
		e = e && PX(0, va) != 0 ? e + 1 : entry(pt, va, 0, 0);
		len = PGSIZE - (va & (PGSIZE - 1));
		if (len > n)
			len = n;
		pcopy(PTE_ADDR(*e) + (va & (PGSIZE - 1)), v2p(src), len);
	}
}

/* Unmap [lo, hi) in leaf table t, which maps from base, putting the pages
 * in freed. */
static void unmap_leaves(pte_t *t, uint64_t base, uint64_t lo, uint64_t hi, struct pagebatch *freed)
{
	uint64_t last = last_entry(0, base, hi);

	for (uint64_t i = first_entry(0, base, lo); i <= last; i++) {
		if (t[i] & PTE_P) {
			batch_put(&freed->pages, kaddr_of(t[i]));
			t[i] = 0;
		}
	}
}

/*
 * Unmap [lo, hi), putting the pages in freed, and the tables that map
 * nothing under lo: nothing is mapped at or above hi, so they are empty
 * once their entries in [lo, hi) are gone. Level by level from the leaf
 * tables up, so a table is empty before the one above is looked at; the
 * entries are cleared as they go, so freed tables are zero.
 */
static void unmap(pagetable_t pt, uint64_t lo, uint64_t hi, struct pagebatch *freed)
{
	last_leaf.pt = 0;
	for (int level = 1; level <= TOP; level++) {
		uint64_t span = 1ull << PX_SHIFT(level);

		for (uint64_t va = lo & ~(span - 1), next; va < hi; va = next) {
			pte_t *e = entry_or_next(pt, va, level, &next);

			if (!e || !(*e & PTE_P))
				continue;
			if (level == 1)
				unmap_leaves(kaddr_of(*e), va, lo, hi, freed);
			if (va >= lo) {
				batch_put(&freed->tables, kaddr_of(*e));
				*e = 0;
			}
		}
	}
}

/* Shrink user memory from oldsz to newsz. The caller flushes the TLB. */
void uvm_dealloc(pagetable_t pt, uint64_t newsz, uint64_t oldsz)
{
	struct pagebatch freed = {0, 0, 0};

	unmap(pt, PGROUNDUP(newsz), oldsz, &freed);
	kfree_batch(&freed);
}

/* Take apart an address space of sz bytes: its pages and all its tables go
 * to freed, for the caller to give back with kfree_batch. */
void uvm_free(pagetable_t pt, uint64_t sz, struct pagebatch *freed)
{
	unmap(pt, 0, sz, freed); /* forgets last_leaf */
	kernel_map_unshare(pt);
	batch_put(&freed->tables, pt);
}

/* The most tables below a root that can map [0, sz): at each level, one per
 * span of an entry above that [0, sz) touches. */
static size_t max_tables(uint64_t sz)
{
	size_t n = 0;

	for (int level = 1; level <= TOP; level++)
		n += (sz + (1ull << PX_SHIFT(level)) - 1) >> PX_SHIFT(level);
	return n;
}

/* Copy the pages that leaf table from maps below hi (from base) into the
 * empty table to: new pages from b, the same contents and flags. */
static void copy_leaves(const pte_t *from, pte_t *to, uint64_t base, uint64_t hi,
                        struct pagebatch *b)
{
	uint64_t last = last_entry(0, base, hi);

	for (uint64_t i = 0; i <= last; i++) {
		pte_t e = from[i];
		uint64_t pa;

		if (!(e & PTE_P))
			continue;
		pa = direct_v2p(batch_take(&b->pages));
		to[i] = pa | PTE_FLAGS(e);
		pcopy(pa, PTE_ADDR(e), PGSIZE);
	}
}

/* Copy the pages mapped below sz in from into to, an empty address space,
 * with tables and pages from b: leaf table by leaf table. */
static void copy(pagetable_t from, pagetable_t to, uint64_t sz, struct pagebatch *b)
{
	for (uint64_t va = 0, next; va < sz; va = next) {
		const pte_t *e = entry_or_next(from, va, 1, &next);

		if (e && (*e & PTE_P))
			copy_leaves(kaddr_of(*e), entry(to, va, 0, b), va, sz, b);
	}
}

/*
 * A new address space with a copy of the sz bytes of user memory of from,
 * or 0 when memory is short. The pages and tables come in one batch of as
 * many as [0, sz) could need: counting those mapped would cost more than
 * giving back the few left over (page 0, the stack's guard page). All
 * page contents go to the copy engine as one batch.
 */
pagetable_t uvm_clone(pagetable_t from, uint64_t sz)
{
	struct pagebatch b;
	pagetable_t pt;

	if (kalloc_batch(&b, PGROUNDUP(sz) / PGSIZE, 1 + max_tables(sz), 0) < 0)
		return 0;
	pt = new_root(&b);
	copy(from, pt, sz, &b);
	kfree_batch(&b);
	pflush();
	return pt;
}

/* The kernel address of user address va in pt, or 0 if it is not mapped. */
void *uvm_kaddr(pagetable_t pt, uint64_t va)
{
	pte_t *e;

	if (va >= USERTOP || !(e = entry(pt, va, 0, 0)) ||
	    (*e & (PTE_P | PTE_U)) != (PTE_P | PTE_U))
		return 0;
	return (char *)kaddr_of(*e) + (va & (PGSIZE - 1));
}

/* The physical address of user address va in pt, or 0 if it is not
 * mapped, or with write not writable (physical page 0 is never a user
 * page). */
uint64_t uvm_pa(pagetable_t pt, uint64_t va, int write)
{
	pte_t need = PTE_P | PTE_U | (write ? PTE_W : 0), e;
	uint64_t base = va & ~((1ull << PX_SHIFT(1)) - 1);

	if (last_leaf.pt != pt || last_leaf.base != base) {
		const pte_t *t;

		if (va >= USERTOP || !(t = entry(pt, va, 1, 0)) || !(*t & PTE_P))
			return 0;
		last_leaf.pt = pt;
		last_leaf.base = base;
		last_leaf.leaf = kaddr_of(*t);
	}
	e = last_leaf.leaf[PX(0, va)];
	if ((e & need) != need)
		return 0;
	return PTE_ADDR(e) | (va & (PGSIZE - 1));
}

/* Append [pa, pa + n) to the runs in seg[] (i of them, the last one open
 * as *run, *runlen): 0, or -1 when it needs a run past max. */
static int extend_runs(struct vmm_blk_seg *seg, uint32_t *i, uint32_t max, uint64_t *run,
                       uint64_t *runlen, uint64_t pa, uint64_t n)
{
	if (*runlen && pa == *run + *runlen) {
		*runlen += n;
		return 0;
	}
	if (*runlen) {
		if (*i == max)
			return -1;
		seg[*i].addr = *run;
		seg[(*i)++].len = *runlen;
	}
	*run = pa;
	*runlen = n;
	return 0;
}

/*
 * The physical memory under user range [va, va + len) of pt, as runs of
 * contiguous memory in seg[] (addr, len), at most max of them: how many; 0
 * if a page is missing, or with write not writable, or max runs are too
 * few. One walk per leaf table, and a tight loop over its entries: a 1 MiB
 * read maps 256 pages, and on kvm_pvm every instruction here costs ~1 us.
 */
uint32_t uvm_extents(pagetable_t pt, uint64_t va, uint64_t len, int write, struct vmm_blk_seg *seg,
                     uint32_t max)
{
	pte_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
	uint64_t end = va + len, off, n, run = 0, runlen = 0;
	const pte_t *e, *stop;
	uint32_t i = 0;

	if (end < va || end > USERTOP)
		return 0;
	while (va < end) {
		if (!(e = entry(pt, va, 0, 0)))
			return 0;
		off = va & (PGSIZE - 1);
		if (off || end - va < PGSIZE) {
			/* A part of a page: the first or the last. */
			n = PGSIZE - off < end - va ? PGSIZE - off : end - va;
			if ((*e & need) != need ||
			    extend_runs(seg, &i, max, &run, &runlen, PTE_ADDR(*e) | off, n) < 0)
				return 0;
			va += n;
			continue;
		}
		/* Whole pages, as many as this leaf table maps. */
		n = (end - va) >> PGSHIFT;
		if (n > PT_ENTRIES - PX(0, va))
			n = PT_ENTRIES - PX(0, va);
		va += n << PGSHIFT;
		for (stop = e + n; e < stop; e++)
			if ((*e & need) != need ||
			    extend_runs(seg, &i, max, &run, &runlen, PTE_ADDR(*e), PGSIZE) < 0)
				return 0;
	}
	if (runlen) {
		if (i == max)
			return 0;
		seg[i].addr = run;
		seg[i++].len = runlen;
	}
	return i;
}

/* Run on p's address space, with traps from user mode on its kernel stack. */
void uvm_switch(struct proc *p)
{
	tss_set_kstack((uintptr_t)p->kstack + KSTACKSIZE);
	lcr3(direct_v2p(p->pagetable));
}

/* Drop stale translations after unmapping from pt, the current address
 * space: one CR3 load, cheaper than invlpg page by page. */
void uvm_flush(pagetable_t pt)
{
	lcr3(direct_v2p(pt));
}

/* Run on the kernel's page table alone. */
void kvm_switch(void)
{
	lcr3(KERNEL_ROOT);
}
