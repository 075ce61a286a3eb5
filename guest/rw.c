/*
 * File contents: readi and writei. Contents move between buffer pages (or
 * the disk) and memory through the copy engine (pcopy, copyout_phys,
 * copyin_phys), never the CPU; readi and writei pflush once at their end.
 * Both work a step at a time, a step being a run of the file's blocks in
 * one stretch of its block map (bmap.c), so that a block costs no lookup
 * of its own and a run's buffers are locked and released together.
 */
#include "buf.h"
#include "defs.h"
#include "fs.h"
#include "fsimpl.h"
#include "memlayout.h"
#include "param.h"
#include "proc.h"

#define BATCH      32 /* buffers a step holds */
#define RA_BLOCKS  64 /* blocks a sequential reader reads in one request */
#define DIRECT_MIN 8  /* blocks of a run that readi reads past the cache */

/* Per inode slot: where the last readi of inum stopped, for read-ahead. */
static struct {
	uint32_t inum;
	uint32_t next; /* the block after the last one read */
} ra[NINODE];

/* The next bytes of a transfer at off, of which left remain, that lie in
 * one block. */
static uint64_t piece(uint64_t off, uint64_t left)
{
	uint64_t m = BSIZE - (off & (BSIZE - 1));

	return m < left ? m : left;
}

static int copy_out(int user, uint64_t dst, uint64_t pa, uint64_t n)
{
	if (user)
		return copyout_phys(dst, pa, n);
	pcopy(v2p((void *)(uintptr_t)dst), pa, n);
	return 0;
}

static int copy_in(int user, uint64_t pa, uint64_t src, uint64_t n)
{
	if (user)
		return copyin_phys(pa, src, n);
	pcopy(pa, v2p((void *)(uintptr_t)src), n);
	return 0;
}

/* Entry idx of stretch s, for ip's block fbn, is damage: no block of a
 * file, or a hole in a directory, which never has one (dir.c). Said; -1.
 * The checks are readi's own, this is their rare end. */
static int __attribute__((noinline, cold))
bad_step(struct inode *ip, const struct stretch *s, uint64_t idx, uint64_t fbn)
{
	if (s->a[idx])
		bad_entry(ip->inum, s->pin->blockno, idx, s->a[idx]);
	else
		fs_error("inode %u: a hole at block %llu of a directory", ip->inum,
		         (unsigned long long)fbn);
	return -1;
}

/*
 * See fs.h. A step takes the run of blocks the read wants that follow one
 * another on disk, in one stretch. A large enough run (DIRECT_MIN blocks)
 * for an aligned user buffer goes straight from the disk to the user's
 * pages in one request (bread_direct), as far as its blocks are not
 * cached. Otherwise the step locks the run's buffers at once (at most
 * BATCH); when the first is not cached, one request reads them and, for a
 * reader that goes on where it stopped, the file's blocks after them as far
 * as they follow on disk: RA_BLOCKS in all.
 */
long readi(struct inode *ip, int user, uint64_t dst, uint64_t off, uint64_t n)
{
	struct stretch s = {0, 0, 0, 0};
	struct buf *bufs[BATCH];
	uint64_t tot = 0, fbn, last, idx, m, max;
	uint32_t slot = islot(ip);
	int r = 0, seq = ra[slot].inum == ip->inum && (off >> BSHIFT) == ra[slot].next;
	int direct = user && !(dst & (VMM_BLK_SECTOR - 1)) && !(off & (BSIZE - 1));
	uint32_t bn, k, got, i, ahead;

	if (off >= ip->size || n == 0)
		return 0;
	if (n > ip->size - off)
		n = ip->size - off;
	last = (off + n - 1) >> BSHIFT;
	while (tot < n && r == 0) {
		fbn = off >> BSHIFT;
		if (fbn - s.first >= s.count && stretch(ip, fbn, 0, &s) < 0) {
			r = -1; /* a damaged map (said) */
			break;
		}
		idx = fbn - s.first;
		if (!(bn = s.a[idx])) {
			if (ip->type == FS_T_DIR) {
				r = bad_step(ip, &s, idx, fbn);
				break;
			}
			m = piece(off, n - tot);
			if ((r = copy_out(user, dst, v2p(fs_zeros), m)) == 0) {
				tot += m;
				off += m;
				dst += m;
			}
			continue;
		}
		/* An indirect block's entry is checked here (the inode's, when
		 * it was read): in the data area, and a run never past it. */
		if (bn - sb.datastart >= sb.nblocks) {
			r = bad_step(ip, &s, idx, fbn);
			break;
		}
		max = s.count - idx;
		if (max > last - fbn + 1)
			max = last - fbn + 1;
		if (max > BREAD_DIRECT_MAX)
			max = BREAD_DIRECT_MAX;
		if (max > sb.size - bn)
			max = sb.size - bn;
		for (k = 1; k < max && s.a[idx + k] == bn + k; k++)
			;
		if (direct && k >= DIRECT_MIN && (n - tot) >> BSHIFT >= DIRECT_MIN) {
			if (k > (n - tot) >> BSHIFT)
				k = (n - tot) >> BSHIFT;
			if ((got = bread_direct(bn, k, dst))) {
				tot += (uint64_t)got << BSHIFT;
				off += (uint64_t)got << BSHIFT;
				dst += (uint64_t)got << BSHIFT;
				continue;
			}
		}
		if (k > BATCH)
			k = BATCH;
		if (!(got = bread_cached_run(bn, k, bufs))) {
			max = seq && !direct ? RA_BLOCKS : 0;
			if (max > bcache_max() / 4)
				max = bcache_max() / 4;
			if (max > sb.size - bn)
				max = sb.size - bn;
			for (ahead = 0; k + ahead < max && idx + k + ahead < s.count &&
			                s.a[idx + k + ahead] == bn + k + ahead;
			     ahead++)
				;
			got = bread_run(bn, k, ahead, bufs);
		}
		for (i = 0; i < got && r == 0; i++) {
			m = piece(off, n - tot);
			if ((r = copy_out(user, dst, bufs[i]->pa + (off & (BSIZE - 1)), m)) == 0) {
				tot += m;
				off += m;
				dst += m;
			}
		}
		brelse_run(bufs, got);
	}
	if (s.pin)
		bunpin(s.pin);
	ra[slot].inum = ip->inum;
	ra[slot].next = off >> BSHIFT;
	pflush();
	return tot > 0 || r == 0 ? (long)tot : -1;
}

/* Write m bytes, part of one block, at off: 0, -1 for a bad address, or 1
 * if the disk is full or the block map damaged. */
static int write_part(struct inode *ip, int user, uint64_t src, uint64_t off, uint64_t m,
                      int *changed)
{
	int fresh = 0, r;
	struct buf *b;
	uint32_t bn;

	if (!(bn = bmap(ip, off >> BSHIFT, 1, &fresh)) || bn == BMAP_BAD) {
		*changed = 1;
		return 1;
	}
	*changed |= fresh;
	if (fresh) {
		b = bget(bn);
		pzero(b->pa, BSIZE);
		b->valid = 1;
	} else {
		b = bread(bn);
	}
	r = copy_in(user, b->pa + (off & (BSIZE - 1)), src, m);
	/* A new block is the file's now: zero, where the copy failed. */
	if (r == 0 || fresh)
		log_write(b);
	brelse(b);
	return r;
}

/* Give the holes among entries [idx, idx + max) of s blocks, in runs:
 * how many entries from idx on have one then (fewer if the disk is full,
 * or if an entry is damaged: none is filled past it). */
static uint32_t fill_holes(struct inode *ip, struct stretch *s, uint64_t idx, uint32_t max,
                           int *changed)
{
	uint32_t k, holes, got, bn, t;

	for (k = 0; k < max && fs_block_ok(s->a[idx + k]); k++)
		;
	if (k == 0) {
		bad_entry(ip->inum, s->pin->blockno, idx, s->a[idx]);
		return 0;
	}
	max = k;
	for (k = 0; k < max; k += got) {
		got = 1;
		if (s->a[idx + k])
			continue;
		for (holes = 1; k + holes < max && !s->a[idx + k + holes]; holes++)
			;
		if (!(bn = balloc_run(holes, &got)))
			break;
		for (t = 0; t < got; t++)
			s->a[idx + k + t] = bn + t;
		*changed = 1;
		if (s->pin)
			log_write(s->pin);
	}
	return k;
}

/* Queue the copies of n blocks from user memory, whose pages seg[]
 * describes, into the buffers bufs[]. */
static void copy_in_blocks(const struct vmm_blk_seg *seg, struct buf *const *bufs, uint32_t n)
{
	uint64_t left, m, segoff = 0, dst;

	for (uint32_t i = 0; i < n; i++) {
		for (dst = bufs[i]->pa, left = BSIZE; left > 0; left -= m, dst += m) {
			m = seg->len - segoff;
			if (m > left)
				m = left;
			pcopy(dst, seg->addr + segoff, m);
			if ((segoff += m) == seg->len) {
				seg++;
				segoff = 0;
			}
		}
	}
}

/*
 * See fs.h. Inside an operation. Whole blocks go a step at a time, as
 * readi's: the step's entries of the block map get blocks where they are
 * holes (in runs, so consecutive on disk), the buffers are locked at once
 * without a read, filled, logged and released. The user's pages are looked
 * up first, so that a step cannot fail halfway and leave new blocks that
 * hold garbage. Parts of blocks go one at a time (write_part).
 */
long writei(struct inode *ip, int user, uint64_t src, uint64_t off, uint64_t n)
{
	struct stretch s = {0, 0, 0, 0};
	struct buf *bufs[BATCH];
	struct vmm_blk_seg seg[BATCH + 1];
	uint64_t tot = 0, m, max, idx, fbn;
	int r = 0, changed = 0;
	uint32_t k, got;

	if (off + n < off || off + n > FILE_MAX_BYTES)
		return -1;
	while (tot < n && r == 0) {
		max = (n - tot) >> BSHIFT;
		if (max > BATCH)
			max = BATCH;
		if (user && max > 0 && !(off & (BSIZE - 1)) &&
		    !uvm_extents(myproc()->pagetable, src, max << BSHIFT, 0, seg, BATCH + 1))
			max = 0;
		if ((off & (BSIZE - 1)) || max == 0) {
			m = piece(off, n - tot);
			if ((r = write_part(ip, user, src, off, m, &changed)) == 0) {
				tot += m;
				off += m;
				src += m;
			}
			continue;
		}
		fbn = off >> BSHIFT;
		if (fbn - s.first >= s.count && stretch(ip, fbn, 1, &s) < 0) {
			changed = 1;
			break; /* the disk is full */
		}
		idx = fbn - s.first;
		if (max > s.count - idx)
			max = s.count - idx;
		if ((k = fill_holes(ip, &s, idx, max, &changed)) == 0) {
			changed = 1;
			break; /* the disk is full, or the map damaged */
		}
		got = bget_list(&s.a[idx], k, bufs);
		if (user) {
			copy_in_blocks(seg, bufs, got);
		} else {
			for (uint32_t i = 0; i < got; i++)
				pcopy(bufs[i]->pa,
				      v2p((void *)(uintptr_t)src) + ((uint64_t)i << BSHIFT), BSIZE);
		}
		for (uint32_t i = 0; i < got; i++)
			bufs[i]->valid = 1;
		log_write_run(bufs, got);
		brelse_run(bufs, got);
		tot += (uint64_t)got << BSHIFT;
		off += (uint64_t)got << BSHIFT;
		src += (uint64_t)got << BSHIFT;
	}
	if (s.pin)
		bunpin(s.pin);
	if (off > ip->size) {
		ip->size = off;
		changed = 1;
	}
	if (changed)
		iupdate(ip);
	pflush();
	return tot > 0 || r == 0 ? (long)tot : -1;
}
