/*
 * Inodes: the table of inodes in memory and their disk copies. Locking as
 * fs.h says. Block maps are bmap.c's, contents rw.c's.
 *
 * The table finds an inode by a hash of its number; an inode no one
 * references stays cached on a free list, least recently used last, which
 * is reused first. Slots never used lie past nused, so boot walks nothing.
 * struct inode is fs.h's, so the links live in arrays beside the table,
 * by slot number + 1 (0: none; link[0] heads the free list).
 */
#include "block.h"
#include "buf.h"
#include "defs.h"
#include "fs.h"
#include "fsimpl.h"
#include "kalloc.h"
#include "memlayout.h"
#include "param.h"

#define NIHASH       256 /* a power of two */
#define ORPHAN_CHUNK 64  /* inode blocks the orphan scan reads at a time */

static struct spinlock itable_lock = SPINLOCK_INIT("itable");
static struct inode inodes[NINODE];
static uint32_t nused;
static uint16_t hash[NIHASH];
static struct {
	uint16_t hnext, prev, next;
} link[NINODE + 1];

/* Orphans in memory: inodes whose disk copy, as iupdate last wrote it, is in
 * use with no links. The log's headers say when there are none (log.c). */
static uint8_t orphan[NINODE];
static uint32_t norphans;

static uint32_t ialloc_hint = FS_ROOT_INO; /* where ialloc's search starts */

static uint32_t slot(const struct inode *ip)
{
	return ip - inodes + 1;
}

/* ip's place in the table, for per-inode state elsewhere (rw.c). */
uint32_t islot(const struct inode *ip)
{
	return slot(ip) - 1;
}

static void free_remove(uint32_t k)
{
	link[link[k].prev].next = link[k].next;
	link[link[k].next].prev = link[k].prev;
}

static void free_push(uint32_t k)
{
	link[k].next = link[0].next;
	link[k].prev = 0;
	link[link[0].next].prev = k;
	link[0].next = k;
}

static void unhash(uint32_t inum, uint32_t k)
{
	uint16_t *p = &hash[inum & (NIHASH - 1)];

	while (*p != k)
		p = &link[*p].hnext;
	*p = link[k].hnext;
}

/* The inode numbered inum, referenced, not locked, maybe not read yet; 0
 * if every slot of the table is in use. */
struct inode *iget(uint32_t inum)
{
	uint16_t *head = &hash[inum & (NIHASH - 1)];
	struct inode *ip;
	uint32_t k;

	acquire(&itable_lock);
	for (k = *head; k; k = link[k].hnext) {
		ip = &inodes[k - 1];
		if (ip->inum == inum) {
			if (ip->ref++ == 0)
				free_remove(k);
			release(&itable_lock);
			return ip;
		}
	}
	if (nused < NINODE) {
		k = ++nused;
		inodes[k - 1].lock.lk.name = "inode";
	} else if ((k = link[0].prev)) {
		free_remove(k);
		unhash(inodes[k - 1].inum, k);
	} else {
		release(&itable_lock);
		return 0;
	}
	ip = &inodes[k - 1];
	ip->inum = inum;
	ip->ref = 1;
	ip->valid = 0;
	link[k].hnext = *head;
	*head = k;
	release(&itable_lock);
	return ip;
}

struct inode *idup(struct inode *ip)
{
	acquire(&itable_lock);
	ip->ref++;
	release(&itable_lock);
	return ip;
}

/* The inode block holding inum. */
static uint32_t iblock(uint32_t inum)
{
	return sb.inodestart + inum / FS_INODES_PER_BLOCK;
}

/* ip, just allocated as type, gets the fields ialloc gave its disk copy,
 * so that ilock need not read them back, and need not take the 0 links a
 * new inode has until its first entry: that is damage on any inode read
 * from the disk (iread). */
static void ifresh(struct inode *ip, uint16_t type)
{
	acquiresleep(&ip->lock);
	ip->type = type;
	ip->major = ip->minor = ip->nlink = 0;
	ip->size = 0;
	__builtin_memset(ip->addrs, 0, sizeof(ip->addrs));
	ip->valid = 1;
	releasesleep(&ip->lock);
}

/* A free inode on disk made one of type, referenced and unlocked; 0 if
 * none is free, on disk or in the table. Inside an operation. */
struct inode *ialloc(uint16_t type)
{
	uint32_t inum = ialloc_hint, seen = 0, end;
	struct inode *ip;

	while (seen < sb.ninodes) {
		struct buf *b;
		struct fs_dinode *d;

		if (inum >= sb.ninodes)
			inum = FS_ROOT_INO;
		end = (inum / FS_INODES_PER_BLOCK + 1) * FS_INODES_PER_BLOCK;
		if (end > sb.ninodes)
			end = sb.ninodes;
		b = bread(iblock(inum));
		d = (struct fs_dinode *)b->data;
		for (; inum < end; inum++, seen++) {
			if (d[inum % FS_INODES_PER_BLOCK].type == FS_T_FREE) {
				/* A slot in the table first: without one, the
				 * inode stays free. */
				if ((ip = iget(inum))) {
					d[inum % FS_INODES_PER_BLOCK] =
					    (struct fs_dinode){.type = type};
					log_write(b);
					ialloc_hint = inum + 1;
				}
				brelse(b);
				if (ip)
					ifresh(ip, type);
				return ip;
			}
		}
		brelse(b);
	}
	return 0;
}

/* Write ip's fields to its disk inode. Inside an operation. */
void iupdate(struct inode *ip)
{
	struct buf *b = bread(iblock(ip->inum));
	struct fs_dinode *d = (struct fs_dinode *)b->data + ip->inum % FS_INODES_PER_BLOCK;
	uint8_t o;

	d->type = ip->type;
	d->major = ip->major;
	d->minor = ip->minor;
	d->nlink = ip->nlink;
	d->size = ip->size;
	__builtin_memcpy(d->addrs, ip->addrs, sizeof(ip->addrs));
	log_write(b);
	brelse(b);
	o = ip->type != FS_T_FREE && ip->nlink == 0;
	if (o != orphan[slot(ip) - 1]) {
		orphan[slot(ip) - 1] = o;
		norphans += o ? 1 : -1;
	}
}

uint32_t inode_orphans(void)
{
	return norphans;
}

/*
 * Whether disk inode d, numbered inum, can be one in use (fsimpl.h): a
 * known type, a size no larger than the largest file (for a directory, a
 * whole number of entries), links (2 at least for a directory, which has
 * its own "."; none only for an orphan, which free_orphan reads), and
 * block pointers that are holes or in the data area. A size past the
 * largest file would have readers read holes for ever.
 */
static int dinode_ok(uint32_t inum, const struct fs_dinode *d, int orphan)
{
	uint16_t min_links = orphan ? 0 : d->type == FS_T_DIR ? 2 : 1;

	if (d->type == FS_T_FREE) {
		fs_error("inode %u is free, but a directory entry names it", inum);
		return 0;
	}
	if (d->type > FS_T_DEV) {
		fs_error("inode %u: bad type %u", inum, d->type);
		return 0;
	}
	if (d->size > FS_MAX_BYTES) {
		fs_error("inode %u: size %llu past the largest file (%llu)", inum,
		         (unsigned long long)d->size, (unsigned long long)FS_MAX_BYTES);
		return 0;
	}
	if (d->type == FS_T_DIR && d->size % sizeof(struct fs_dirent)) {
		fs_error("inode %u: directory size %llu is no whole number of entries", inum,
		         (unsigned long long)d->size);
		return 0;
	}
	if (d->nlink < min_links) {
		fs_error("inode %u: %u links", inum, d->nlink);
		return 0;
	}
	for (int i = 0; i < FS_NDIRECT + 2; i++) {
		if (!fs_block_ok(d->addrs[i])) {
			fs_error("inode %u: block pointer %u (addrs[%d]) outside the data area "
			         "[%u, %u)",
			         inum, d->addrs[i], i, sb.datastart, sb.size);
			return 0;
		}
	}
	return 1;
}

/* Read ip's fields from its disk inode: 0, or -1 if it is damaged (said;
 * ip stays not valid). orphan: an orphan is wanted (free_orphan). */
static int iread(struct inode *ip, int orphan)
{
	struct buf *b;
	const struct fs_dinode *d;

	if (ip->inum == 0 || ip->inum >= sb.ninodes) {
		fs_error("inode %u does not exist: the last is %u", ip->inum, sb.ninodes - 1);
		return -1;
	}
	b = bread(iblock(ip->inum));
	d = (const struct fs_dinode *)b->data + ip->inum % FS_INODES_PER_BLOCK;
	if (!dinode_ok(ip->inum, d, orphan)) {
		brelse(b);
		return -1;
	}
	ip->type = d->type;
	ip->major = d->major;
	ip->minor = d->minor;
	ip->nlink = d->nlink;
	ip->size = d->size;
	__builtin_memcpy(ip->addrs, d->addrs, sizeof(ip->addrs));
	brelse(b);
	ip->valid = 1;
	return 0;
}

/* ilock's first read of ip, locked: 0, or -1 with ip unlocked. Apart,
 * so that ilock of a valid inode stays as short as it was. */
static int __attribute__((noinline)) ilock_read(struct inode *ip)
{
	if (iread(ip, 0) == 0)
		return 0;
	releasesleep(&ip->lock);
	return -1;
}

/* See fs.h. */
int ilock(struct inode *ip)
{
	if (!ip || ip->ref < 1)
		panic("ilock: an inode not referenced");
	acquiresleep(&ip->lock);
	return ip->valid ? 0 : ilock_read(ip);
}

void iunlock(struct inode *ip)
{
	if (!ip || ip->ref < 1 || !holdingsleep(&ip->lock))
		panic("iunlock: not locked");
	releasesleep(&ip->lock);
}

/* Drop a reference. At the last one to an inode with no links, free it
 * and its blocks: then inside an operation. Once the file system is
 * read-only (damage found), the inode stays, an orphan the next mount
 * frees. */
void iput(struct inode *ip)
{
	acquire(&itable_lock);
	if (ip->ref == 1 && ip->valid && ip->nlink == 0 && fs_writable()) {
		/* The only reference: no one holds the lock or can take it. */
		release(&itable_lock);
		acquiresleep(&ip->lock);
		itrunc(ip);
		ip->type = FS_T_FREE;
		iupdate(ip);
		ip->valid = 0;
		releasesleep(&ip->lock);
		acquire(&itable_lock);
	}
	if (--ip->ref == 0)
		free_push(slot(ip));
	release(&itable_lock);
}

void iunlockput(struct inode *ip)
{
	iunlock(ip);
	iput(ip);
}

void stati(struct inode *ip, struct stat *st)
{
	*st = (struct stat){
	    .dev = 1,
	    .ino = ip->inum,
	    .type = ip->type,
	    .nlink = ip->nlink,
	    .size = ip->size,
	};
}

/* Free orphan inum, found at mount: no process exists yet, so nothing
 * sleeps here, and its inode is not locked. */
static void free_orphan(uint32_t inum)
{
	struct inode *ip;

	if (begin_op() < 0)
		return;
	if (!(ip = iget(inum))) {
		end_op();
		return;
	}
	if (iread(ip, 1) < 0) { /* damaged: leave it to fsck */
		iput(ip);
		end_op();
		return;
	}
	itrunc(ip);
	ip->type = FS_T_FREE;
	iupdate(ip);
	ip->valid = 0;
	iput(ip);
	end_op();
}

/*
 * Free the orphans a crash left: inodes in use with no links (files
 * unlinked while open). At mount, before any process runs, when the log
 * cannot say there are none. The inode blocks are read ORPHAN_CHUNK at a
 * time into pages of this scan's own, and each inode costs a load and a
 * test or two: type and nlink share its first word.
 */
void ifree_orphans(void)
{
	uint32_t nblocks = (sb.ninodes + FS_INODES_PER_BLOCK - 1) / FS_INODES_PER_BLOCK;
	uint32_t chunk = nblocks < ORPHAN_CHUNK ? nblocks : ORPHAN_CHUNK, i, j, k, inum;
	struct pagebatch tmp;
	struct vmm_blk_seg *seg;
	const uint64_t *w, *end;
	uint64_t *pa;
	int freed = 0;

	if (kalloc_batch(&tmp, chunk + 1, 0, 0) < 0) {
		kprintf("fs: no memory to look for orphans\n");
		return;
	}
	pa = batch_take(&tmp.pages);
	for (j = 0; j < chunk; j++)
		pa[j] = direct_v2p(batch_take(&tmp.pages));
	for (i = 0; i < nblocks; i += k) {
		k = nblocks - i < chunk ? nblocks - i : chunk;
		seg = block_begin();
		for (j = 0; j < k; j++) {
			seg[j].addr = pa[j];
			seg[j].len = BSIZE;
		}
		block_submit(VMM_BLK_OP_READ, sb.inodestart + i, k);
		for (j = 0; j < k; j++) {
			w = p2v(pa[j]);
			for (end = w + BSIZE / 8; w < end; w += FS_INODE_SIZE / 8) {
				/* type: bits 0-15; nlink: bits 48-63 */
				if (!(*w & 0xffff) || (*w >> 48))
					continue;
				inum = (i + j) * FS_INODES_PER_BLOCK +
				       (w - (const uint64_t *)p2v(pa[j])) / (FS_INODE_SIZE / 8);
				if (inum != 0 && inum < sb.ninodes) {
					free_orphan(inum);
					freed = 1;
				}
			}
		}
	}
	for (j = 0; j < chunk; j++)
		batch_put(&tmp.pages, p2v(pa[j]));
	batch_put(&tmp.pages, pa);
	kfree_batch(&tmp);
	if (freed)
		log_sync();
}
