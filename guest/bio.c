/*
 * The buffer cache: buffers hashed by block number, and a list of those no
 * one holds or pins, least recently used last, which are reused first.
 *
 * Buffers are made on demand, up to maxbuf (an eighth of RAM), so that boot
 * costs nothing and a small machine keeps its memory for processes. Their
 * headers come packed in pages of their own; their data pages are kalloc's
 * data pages, never page tables, since the monitor writes them from the
 * host (kvm_pvm's shadow MMU would not see that in a page table).
 *
 * Processes that take all memory must not leave the file system stuck
 * (issue 16: a write panicked the kernel). The log takes in at most half
 * the buffers the cache surely has (bcache_reserve), and the cache surely
 * has its first MINBUF, from pages set aside at boot (the reserve).
 *
 * A buffer's lock is a sleep lock kept in the buffer's busy and wanted bits
 * under bcache.lock, as early xv6 did, rather than a struct sleeplock: on
 * kvm_pvm a spinlock round trip costs ~50 emulated instructions, and this
 * way a step of the file system locks a whole run of buffers with one.
 *
 * Reads are clustered: a run of blocks that follow one another on disk is
 * read in one request, with read-ahead when the caller asks for it.
 * bcache.lock is held across the request, so no one sees those buffers
 * before they are valid. Large reads may bypass the cache (bread_direct):
 * per-chunk counts of cached blocks tell cheaply that none of a run is
 * cached, and then the disk holds its contents.
 */
#include "block.h"
#include "buf.h"
#include "defs.h"
#include "fs_format.h"
#include "kalloc.h"
#include "memlayout.h"
#include "proc.h"
#include "spinlock.h"

#define NBHASH       4096 /* hash buckets; a power of two */
#define NCHUNK       2048 /* counts of cached blocks, per chunk of the disk */
#define MINBUF       128
#define MAXBUF       16384 /* 64 MiB; fits a chunk's uint16_t count */
#define BUF_PER_PAGE (PGSIZE / sizeof(struct buf))
#define PAGE_BATCH   32 /* pages the cache takes from kalloc at a time */
/* MINBUF buffers and their headers; set aside, never touched, at boot */
#define RESERVE_PAGES (MINBUF + (MINBUF + BUF_PER_PAGE - 1) / BUF_PER_PAGE)

/* The big arrays stay out of the initialized struct, in the .bss, which
 * costs the kernel image nothing. */
static struct buf *hash[NBHASH];
static uint16_t chunks[NCHUNK];
static struct buf *run[BLOCK_MAX_SEGS]; /* a read request's buffers */

static struct {
	struct spinlock lock;
	struct buf lru;       /* list head: lru.next was released last */
	uint32_t chunk_shift; /* a chunk is 1 << chunk_shift blocks */
	uint32_t nbuf, maxbuf;
	struct run *spare; /* pages taken for buffers not made yet */
	uint32_t nspare;
	uint64_t reserve;  /* the reserve's next page, physical */
	uint32_t nreserve; /* pages left in it */
	struct buf *hdrs;  /* unused headers left in the last header page */
	uint32_t nhdrs;
} bcache = {
    .lock = SPINLOCK_INIT("bcache"),
    .lru = {.prev = &bcache.lru, .next = &bcache.lru},
};

/* Size the cache by the RAM and the chunks by the disk; set the reserve
 * aside. */
void binit(void)
{
	const struct vmm_boot_info *bi = p2v(VMM_BOOT_INFO);
	uint64_t n = bi->ram_size / PGSIZE / 8;

	bcache.maxbuf = n < MINBUF ? MINBUF : n > MAXBUF ? MAXBUF : n;
	bcache.reserve = kalloc_set_aside(RESERVE_PAGES);
	bcache.nreserve = RESERVE_PAGES;
	for (bcache.chunk_shift = 6; (block_size() - 1) >> bcache.chunk_shift >= NCHUNK;)
		bcache.chunk_shift++;
}

/* The most buffers the cache makes. */
uint32_t bcache_max(void)
{
	return bcache.maxbuf;
}

static struct buf **bucket(uint32_t blockno)
{
	return &hash[blockno & (NBHASH - 1)];
}

static struct buf *lookup(uint32_t blockno)
{
	struct buf *b;

	for (b = *bucket(blockno); b; b = b->hnext)
		if (b->blockno == blockno)
			return b;
	return 0;
}

static void hash_insert(struct buf *b)
{
	struct buf **head = bucket(b->blockno);

	if ((b->hnext = *head))
		b->hnext->hpprev = &b->hnext;
	*head = b;
	b->hpprev = head;
	chunks[b->blockno >> bcache.chunk_shift]++;
}

static void hash_remove(struct buf *b)
{
	if ((*b->hpprev = b->hnext))
		b->hnext->hpprev = b->hpprev;
	chunks[b->blockno >> bcache.chunk_shift]--;
}

static void lru_remove(struct buf *b)
{
	b->prev->next = b->next;
	b->next->prev = b->prev;
}

static void lru_push(struct buf *b)
{
	b->next = bcache.lru.next;
	b->prev = &bcache.lru;
	bcache.lru.next->prev = b;
	bcache.lru.next = b;
}

/* Take a reference to b, which is cached. */
static void hold(struct buf *b)
{
	if (b->refcnt++ == 0 && !b->logged)
		lru_remove(b);
}

/* Drop a reference; a buffer no one holds or pins can be reused. */
static void unref(struct buf *b)
{
	if (--b->refcnt == 0 && !b->logged)
		lru_push(b);
}

/* Take n pages for the cache into b, if it may grow: only while more than
 * maxbuf pages (an eighth of RAM) are free. The cache never gives a page
 * back, so it leaves the last of memory to processes. */
static int grab(struct pagebatch *b, uint32_t n)
{
	return kalloc_free() > bcache.maxbuf + n && kalloc_batch(b, n, 0, 0) == 0;
}

/* page() without a spare page: one of the reserve, or a batch's first, the
 * rest spare. A batch costs kalloc one lock round trip but a first touch of
 * each page (to link it), which a page only the disk and the copy engine
 * write would otherwise never get: so batches grow with the cache. */
static void *__attribute__((noinline)) unspared_page(void)
{
	struct pagebatch b;
	uint32_t n = bcache.nbuf / 4;

	if (bcache.nreserve) {
		bcache.nreserve--;
		bcache.reserve += PGSIZE;
		return p2v(bcache.reserve - PGSIZE);
	}
	if (n > PAGE_BATCH)
		n = PAGE_BATCH;
	if (n > bcache.maxbuf - bcache.nbuf)
		n = bcache.maxbuf - bcache.nbuf;
	if (n == 0)
		n = 1;
	if (!grab(&b, n))
		return 0;
	bcache.spare = b.pages;
	bcache.nspare = n - 1;
	return batch_take(&bcache.spare);
}

/* A page for the cache; 0 when it may not grow. The spare pages' path is
 * apart: a cache that grows takes it for most of its pages. */
static void *page(void)
{
	if (!bcache.spare)
		return unspared_page();
	bcache.nspare--;
	return batch_take(&bcache.spare);
}

/* Add the chain of k pages to the spare ones: the shorter is walked. */
static void add_spare(struct run *chain, uint32_t k)
{
	struct run *shorter = chain, *longer = bcache.spare, **end;

	if (k > bcache.nspare) {
		shorter = bcache.spare;
		longer = chain;
	}
	for (end = &shorter; *end; end = &(*end)->next)
		;
	*end = longer;
	bcache.spare = shorter;
	bcache.nspare += k;
}

/* The buffers the cache surely has: those made, and those the pages it
 * holds (spare and reserve) make with the headers left and a header page
 * for each BUF_PER_PAGE more. It never shrinks. bcache.lock held. */
static uint32_t sure(void)
{
	uint32_t p = bcache.nspare + bcache.nreserve, h = bcache.nhdrs;

	if (p <= h)
		return bcache.nbuf + p;
	p -= h;
	return bcache.nbuf + h + p - (p + BUF_PER_PAGE) / (BUF_PER_PAGE + 1);
}

/* The pages that make k buffers more than are made, with the headers
 * left. */
static uint32_t pages_for(uint32_t k)
{
	uint32_t h = bcache.nhdrs;

	return k <= h ? k : k + (k - h + BUF_PER_PAGE - 1) / BUF_PER_PAGE;
}

/*
 * Make sure the cache can have n buffers (at most maxbuf): the pages that
 * it lacks for them are taken now, if it may grow (grab), and kept spare.
 * The buffers it surely has then, which may be fewer than n. Never sleeps.
 */
uint32_t bcache_reserve(uint32_t n)
{
	struct pagebatch b;
	uint32_t have, k;

	acquire(&bcache.lock);
	if (n > bcache.maxbuf)
		n = bcache.maxbuf;
	if ((have = sure()) < n) {
		k = pages_for(n - bcache.nbuf) - bcache.nspare - bcache.nreserve;
		if (grab(&b, k)) {
			add_spare(b.pages, k);
			have = sure();
		}
	}
	release(&bcache.lock);
	return have;
}

/* A new buffer, or 0 when the cache may not grow now. It tries again at
 * the next: memory comes back when processes exit. */
static struct buf *newbuf(void)
{
	struct buf *b;
	uint8_t *data;

	if (bcache.nhdrs == 0) {
		if (!(bcache.hdrs = page()))
			return 0;
		bcache.nhdrs = BUF_PER_PAGE;
	}
	if (!(data = page()))
		return 0;
	b = bcache.hdrs++;
	bcache.nhdrs--;
	bcache.nbuf++;
	*b = (struct buf){.pa = direct_v2p(data), .data = data};
	return b;
}

/* A buffer for blockno, which is not cached: referenced, locked, not
 * valid; 0 if every buffer is held or pinned. */
static struct buf *take(uint32_t blockno)
{
	struct buf *b = 0;

	if (blockno >= block_size())
		panic("bio: block %u is past the end of the disk", blockno);
	if (bcache.nbuf < bcache.maxbuf)
		b = newbuf();
	if (!b) {
		b = bcache.lru.prev;
		if (b == &bcache.lru)
			return 0;
		lru_remove(b);
		hash_remove(b);
	}
	b->blockno = blockno;
	b->refcnt = 1;
	b->busy = 1;
	b->valid = 0;
	hash_insert(b);
	return b;
}

/* Lock b, which the caller references. */
static void lock(struct buf *b)
{
	while (b->busy) {
		b->wanted = 1;
		sleep(b, &bcache.lock);
	}
	b->busy = 1;
}

/* Every buffer is locked or logged: wait a tick. The log leaves half of
 * them to the rest, let go soon; no workload we know gets here, so a poll,
 * which costs a release nothing. No tick comes before sleep switches away
 * (bcache.lock held). */
static void wait_a_tick(void)
{
	acquire(&tickslock);
	clock_wake_at(ticks + 1);
	release(&tickslock);
	sleep(&ticks, &bcache.lock);
}

/* The buffer for blockno, referenced and locked. */
static struct buf *get(uint32_t blockno)
{
	struct buf *b;

	while (!(b = lookup(blockno))) {
		if ((b = take(blockno)))
			return b;
		wait_a_tick();
	}
	hold(b);
	lock(b);
	return b;
}

/*
 * Fill b, locked and not valid, from the disk, with up to keep - 1 + ahead
 * blocks after it that are not cached, in one request. The first keep of
 * them (fewer if the request stops short) go to bufs locked, b first: how
 * many; the rest are released.
 */
static uint32_t fill(struct buf *b, uint32_t keep, uint32_t ahead, struct buf **bufs)
{
	struct vmm_blk_seg *seg = block_begin();
	uint32_t n, max = keep + ahead, i;
	struct buf *c = b;

	if (max > BLOCK_MAX_SEGS)
		max = BLOCK_MAX_SEGS;
	for (n = 0;;) {
		run[n] = c;
		seg[n].addr = c->pa;
		seg[n].len = FS_BLOCK_SIZE;
		if (++n == max || lookup(b->blockno + n) || !(c = take(b->blockno + n)))
			break;
	}
	block_submit(VMM_BLK_OP_READ, b->blockno, n);
	if (keep > n)
		keep = n;
	for (i = 0; i < n; i++) {
		c = run[i];
		c->valid = 1;
		if (i < keep) {
			bufs[i] = c;
		} else {
			c->busy = 0;
			unref(c);
		}
	}
	return keep;
}

/* Lock the buffers of blocks blockno + 1, ... into bufs[1 ..] while they
 * are cached, valid and not locked, up to n in all with b, the first, which
 * the caller holds: how many. */
static uint32_t collect(struct buf *b, uint32_t n, struct buf **bufs)
{
	uint32_t k;

	bufs[0] = b;
	for (k = 1; k < n; k++) {
		if (!(b = lookup(bufs[0]->blockno + k)) || !b->valid || b->busy)
			break;
		hold(b);
		b->busy = 1;
		bufs[k] = b;
	}
	return k;
}

/*
 * Lock the buffers of blocks blockno, blockno + 1, ..., at most n of them,
 * into bufs, valid: how many, at least 1. The first one is waited for and,
 * if it is not cached, read with the rest of the n that are not and ahead
 * blocks more (read-ahead) in one request. The run stops short at a block
 * that is locked, or at one that is cached when the first was not.
 */
uint32_t bread_run(uint32_t blockno, uint32_t n, uint32_t ahead, struct buf **bufs)
{
	struct buf *b;
	uint32_t k;

	acquire(&bcache.lock);
	b = get(blockno);
	k = b->valid ? collect(b, n, bufs) : fill(b, n, ahead, bufs);
	release(&bcache.lock);
	return k;
}

/* As bread_run if blockno is cached; else 0, and nothing read. */
uint32_t bread_cached_run(uint32_t blockno, uint32_t n, struct buf **bufs)
{
	struct buf *b;
	uint32_t k = 0;

	acquire(&bcache.lock);
	if ((b = lookup(blockno))) {
		hold(b);
		lock(b);
		k = b->valid ? collect(b, n, bufs) : fill(b, 1, 0, bufs);
	}
	release(&bcache.lock);
	return k;
}

/* The buffer for blockno, locked and valid. */
struct buf *bread(uint32_t blockno)
{
	struct buf *b;

	acquire(&bcache.lock);
	b = get(blockno);
	if (!b->valid)
		fill(b, 1, 0, &b);
	release(&bcache.lock);
	return b;
}

/*
 * Read the blocks from blockno on, up to n (at most BREAD_DIRECT_MAX),
 * straight into the current process's memory at uva, which is
 * VMM_BLK_SECTOR-aligned, as many as are not cached (a cached one may be
 * newer than the disk): how many; 0 if the first is cached, or if a page
 * of the range is not the process's or not writable (nothing is read
 * then). Big reads so cost neither buffers nor copies.
 */
uint32_t bread_direct(uint32_t blockno, uint32_t n, uint64_t uva)
{
	struct proc *p = myproc();
	struct vmm_blk_seg *seg;
	uint64_t cend;
	uint32_t k, c, i;

	if ((uint64_t)n * FS_BLOCK_SIZE > p->sz || uva > p->sz - (uint64_t)n * FS_BLOCK_SIZE)
		return 0;
	if ((uint64_t)blockno + n > block_size())
		panic("bio: blocks %u..%u are past the end of the disk", blockno, blockno + n - 1);
	acquire(&bcache.lock);
	for (k = 0; k < n; k = cend) {
		c = (blockno + k) >> bcache.chunk_shift;
		cend = ((uint64_t)(c + 1) << bcache.chunk_shift) - blockno;
		if (cend > n)
			cend = n;
		if (chunks[c] == 0)
			continue;
		while (k < cend && !lookup(blockno + k))
			k++;
		if (k < cend) {
			n = k;
			break;
		}
	}
	if (n > 0) {
		seg = block_begin();
		i = uvm_extents(p->pagetable, uva, (uint64_t)n * FS_BLOCK_SIZE, 1, seg,
		                BLOCK_MAX_SEGS);
		if (!i && n > BREAD_DIRECT_SURE) {
			/* Pages too scattered for one request: fewer blocks. */
			n = BREAD_DIRECT_SURE;
			i = uvm_extents(p->pagetable, uva, (uint64_t)n * FS_BLOCK_SIZE, 1, seg,
			                BLOCK_MAX_SEGS);
		}
		if (i) {
			block_submit(VMM_BLK_OP_READ, blockno, i);
		} else {
			block_cancel();
			n = 0;
		}
	}
	release(&bcache.lock);
	return n;
}

/* The buffer for blockno, locked, without reading it: for a caller that
 * writes all of it (valid says whether it holds the block already). */
struct buf *bget(uint32_t blockno)
{
	struct buf *b;

	acquire(&bcache.lock);
	b = get(blockno);
	release(&bcache.lock);
	return b;
}

/* bget for the n blocks blocknos[], into bufs: how many, at least 1. The
 * first is waited for; the run stops short at a block that is locked. */
uint32_t bget_list(const uint32_t *blocknos, uint32_t n, struct buf **bufs)
{
	struct buf *b;
	uint32_t k;

	acquire(&bcache.lock);
	bufs[0] = get(blocknos[0]);
	for (k = 1; k < n; k++) {
		if ((b = lookup(blocknos[k]))) {
			if (b->busy)
				break;
			hold(b);
			b->busy = 1;
		} else if (!(b = take(blocknos[k]))) {
			break;
		}
		bufs[k] = b;
	}
	release(&bcache.lock);
	return k;
}

/* Unlock b and drop it; bcache.lock held. */
static void put(struct buf *b)
{
	b->busy = 0;
	if (b->wanted) {
		b->wanted = 0;
		wakeup(b);
	}
	unref(b);
}

/* Unlock and drop a buffer from bread or bget. */
void brelse(struct buf *b)
{
	acquire(&bcache.lock);
	put(b);
	release(&bcache.lock);
}

void brelse_run(struct buf *const *bufs, uint32_t n)
{
	acquire(&bcache.lock);
	for (uint32_t i = 0; i < n; i++)
		put(bufs[i]);
	release(&bcache.lock);
}

/* Drop a pin of bread_pinned. */
void bunpin(struct buf *b)
{
	acquire(&bcache.lock);
	unref(b);
	release(&bcache.lock);
}

/* A pinned buffer for blockno, valid, not locked: bread, bpin, brelse. */
struct buf *bread_pinned(uint32_t blockno)
{
	struct buf *b;

	acquire(&bcache.lock);
	b = get(blockno);
	if (!b->valid)
		fill(b, 1, 0, &b);
	b->refcnt++;
	put(b);
	release(&bcache.lock);
	return b;
}

/* The n buffers are installed: the log lets them go (log.c). */
void bunpin_logged(struct buf *const *bufs, uint32_t n)
{
	acquire(&bcache.lock);
	for (uint32_t i = 0; i < n; i++) {
		struct buf *b = bufs[i];

		b->logged = 0;
		if (b->refcnt == 0)
			lru_push(b);
	}
	release(&bcache.lock);
}

/* Write the n buffers bufs[] to the disk from block blockno on, in one
 * request (n at most BLOCK_MAX_SEGS). */
void bwrite_run(uint32_t blockno, struct buf *const *bufs, uint32_t n)
{
	struct vmm_blk_seg *seg = block_begin();

	for (uint32_t i = 0; i < n; i++) {
		seg[i].addr = bufs[i]->pa;
		seg[i].len = FS_BLOCK_SIZE;
	}
	block_submit(VMM_BLK_OP_WRITE, blockno, n);
}
