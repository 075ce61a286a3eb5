/*
 * Block maps: which disk block holds each block of a file (direct,
 * single- and double-indirect, as fs_format.h says), allocating them as
 * files grow and freeing them all (itrunc). The inode's own pointers were
 * checked when it was read (inode.c); an indirect block's entries are
 * checked here as they are used, and all of them before any is freed.
 *
 * Per block, bmap would cost a lookup of the indirect block; so bmap keeps
 * the last ones it used pinned, and readi and writei walk a stretch of the
 * map (one indirect block's entries) without it.
 */
#include "buf.h"
#include "defs.h"
#include "fs.h"
#include "fsimpl.h"
#include "memlayout.h"

/* Holes read from this page: all zeros. */
uint8_t fs_zeros[BSIZE] __attribute__((aligned(PGSIZE)));

/*
 * The last indirect blocks bmap looked at, single [0] and double [1]:
 * pinned in the cache, so a lookup in them needs no bread. A block number
 * names its buffer for as long as the buffer is cached, so the entry stays
 * right whatever happens to the block. The pointer from indirect() is good
 * until its caller next sleeps, when another process may replace it (one
 * CPU: nothing else runs in between).
 */
static struct {
	uint32_t blockno;
	struct buf *b;
} last[2];

static uint32_t *indirect(uint32_t blockno, int level)
{
	struct buf *b;

	if (last[level].blockno != blockno || !last[level].b) {
		b = bread_pinned(blockno);
		if (last[level].b)
			bunpin(last[level].b);
		last[level].blockno = blockno;
		last[level].b = b;
	}
	return (uint32_t *)last[level].b->data;
}

/* A new indirect block, zero, or 0 if the disk is full. */
static uint32_t new_indirect(void)
{
	uint32_t bn = balloc();
	struct buf *b;

	if (!bn)
		return 0;
	b = bget(bn);
	pzero(b->pa, BSIZE);
	pflush(); /* before the CPU writes its entries */
	b->valid = 1;
	log_write(b);
	brelse(b);
	return bn;
}

/* Entry idx of inode inum's indirect block blockno holds bn, which is no
 * block of a file: say so. BMAP_BAD. */
uint32_t bad_entry(uint32_t inum, uint32_t blockno, uint64_t idx, uint32_t bn)
{
	fs_error("inode %u: indirect block %u, entry %llu: block pointer %u outside the data "
	         "area [%u, %u)",
	         inum, blockno, (unsigned long long)idx, bn, sb.datastart, sb.size);
	return BMAP_BAD;
}

/* Entry idx of ip's indirect block blockno at level, or BMAP_BAD; with
 * alloc, a zero entry gets a new block: a data block, *fresh set, or with
 * fresh 0 an indirect block. */
static uint32_t entry(struct inode *ip, uint32_t blockno, int level, uint32_t idx, int alloc,
                      int *fresh)
{
	uint32_t bn = indirect(blockno, level)[idx];

	if (!fs_block_ok(bn))
		return bad_entry(ip->inum, blockno, idx, bn);
	if (bn || !alloc)
		return bn;
	if (!(bn = fresh ? balloc() : new_indirect()))
		return 0;
	indirect(blockno, level)[idx] = bn; /* balloc may have slept */
	log_write(last[level].b);
	if (fresh)
		*fresh = 1;
	return bn;
}

/*
 * The disk block of ip's block fbn (ip locked): 0 for a hole, BMAP_BAD if
 * the map is damaged. With alloc, inside an operation, a hole gets a block
 * and *fresh is set; 0 then means the disk is full. ip->addrs may change:
 * the caller runs iupdate.
 */
uint32_t bmap(struct inode *ip, uint64_t fbn, int alloc, int *fresh)
{
	uint32_t bn, *top;

	if (fbn < FS_NDIRECT) {
		if ((bn = ip->addrs[fbn]) || !alloc)
			return bn;
		if ((bn = balloc())) {
			ip->addrs[fbn] = bn;
			*fresh = 1;
		}
		return bn;
	}
	fbn -= FS_NDIRECT;
	if (fbn < FS_NINDIRECT) {
		top = &ip->addrs[FS_NDIRECT];
	} else {
		fbn -= FS_NINDIRECT;
		if (fbn >= (uint64_t)FS_NINDIRECT * FS_NINDIRECT)
			return 0;
		top = &ip->addrs[FS_NDIRECT + 1];
	}
	if (!*top) {
		if (!alloc || !(*top = new_indirect()))
			return 0;
	}
	if (top == &ip->addrs[FS_NDIRECT])
		return entry(ip, *top, 0, fbn, alloc, fresh);
	bn = entry(ip, *top, 1, fbn / FS_NINDIRECT, alloc, 0);
	if (bn == 0 || bn == BMAP_BAD)
		return bn;
	return entry(ip, bn, 0, fbn % FS_NINDIRECT, alloc, fresh);
}

/* Freeing coalesces consecutive blocks into runs, one bfree_run each. */
struct runs {
	uint32_t start, n;
};

static void free_block(struct runs *r, uint32_t bn)
{
	if (!bn)
		return;
	if (r->n && bn == r->start + r->n) {
		r->n++;
		return;
	}
	if (r->n)
		bfree_run(r->start, r->n);
	r->start = bn;
	r->n = 1;
}

/* Whether every entry of ip's indirect block bn, at a, is a hole or in
 * the data area, and not bn itself (itrunc holds bn locked while it reads
 * the blocks listed); the first that is not is said. A damaged index is
 * not freed: what it lists may be other files' blocks. */
static int index_ok(struct inode *ip, uint32_t bn, const uint32_t *a)
{
	for (uint32_t i = 0; i < FS_NINDIRECT; i++) {
		if (!fs_block_ok(a[i]) || a[i] == bn) {
			bad_entry(ip->inum, bn, i, a[i]);
			return 0;
		}
	}
	return 1;
}

/* Free ip's indirect block bn and the blocks it lists: itself first, as
 * it lies before them on disk when the file was written in order. */
static void free_indirect(struct inode *ip, struct runs *r, uint32_t bn)
{
	struct buf *b = bread(bn);
	const uint32_t *a = (const uint32_t *)b->data;

	if (index_ok(ip, bn, a)) {
		free_block(r, bn);
		for (uint32_t i = 0; i < FS_NINDIRECT; i++)
			free_block(r, a[i]);
	}
	brelse(b);
}

/* Free all of ip's blocks (ip locked, inside an operation). */
void itrunc(struct inode *ip)
{
	struct runs r = {0, 0};
	uint32_t dind = ip->addrs[FS_NDIRECT + 1];

	for (int i = 0; i < FS_NDIRECT; i++)
		free_block(&r, ip->addrs[i]);
	if (ip->addrs[FS_NDIRECT])
		free_indirect(ip, &r, ip->addrs[FS_NDIRECT]);
	if (dind) {
		struct buf *b = bread(dind);
		const uint32_t *a = (const uint32_t *)b->data;

		if (index_ok(ip, dind, a)) {
			free_block(&r, dind);
			for (uint32_t i = 0; i < FS_NINDIRECT; i++)
				if (a[i])
					free_indirect(ip, &r, a[i]);
		}
		brelse(b);
	}
	if (r.n)
		bfree_run(r.start, r.n);
	ip->size = 0;
	__builtin_memset(ip->addrs, 0, sizeof(ip->addrs));
	iupdate(ip);
}

/* Point s at the stretch holding file block fbn, letting the last one go;
 * past the largest file, holes. -1 if the map is damaged (said). With
 * alloc (inside an operation), missing indirect blocks are allocated on
 * the way: -1 also if the disk is full or fbn is past the largest file.
 * The entries of an indirect block in s->a are not checked: the caller
 * checks each it uses (fs_block_ok). */
int stretch(struct inode *ip, uint64_t fbn, int alloc, struct stretch *s)
{
	uint32_t ind = 0, *top;
	uint64_t i;

	if (s->pin)
		bunpin(s->pin);
	s->pin = 0;
	s->count = 0;
	if (fbn < FS_NDIRECT) {
		s->a = ip->addrs;
		s->first = 0;
		s->count = FS_NDIRECT;
		return 0;
	}
	if (fbn < FS_NDIRECT + FS_NINDIRECT) {
		s->first = FS_NDIRECT;
		top = &ip->addrs[FS_NDIRECT];
		i = 0;
	} else {
		i = (fbn - FS_NDIRECT - FS_NINDIRECT) / FS_NINDIRECT;
		s->first = FS_NDIRECT + FS_NINDIRECT + i * FS_NINDIRECT;
		top = &ip->addrs[FS_NDIRECT + 1];
	}
	if (i >= FS_NINDIRECT) {
		if (alloc)
			return -1;
	} else {
		if (!*top && alloc && !(*top = new_indirect()))
			return -1;
		ind =
		    top == &ip->addrs[FS_NDIRECT] || !*top ? *top : entry(ip, *top, 1, i, alloc, 0);
		if (ind == BMAP_BAD || (!ind && alloc))
			return -1;
	}
	s->count = FS_NINDIRECT;
	s->a = (uint32_t *)fs_zeros;
	if (ind) {
		s->pin = bread_pinned(ind);
		s->a = (uint32_t *)s->pin->data;
	}
	return 0;
}
