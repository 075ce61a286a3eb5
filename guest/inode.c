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
#include "buf.h"
#include "defs.h"
#include "fs.h"
#include "fsimpl.h"
#include "param.h"

#define NIHASH 256 /* a power of two */

static struct {
	struct spinlock lock;
	struct inode inode[NINODE];
	uint32_t nused;
	uint16_t hash[NIHASH];
	struct {
		uint16_t hnext, prev, next;
	} link[NINODE + 1];
} itable = {.lock = SPINLOCK_INIT("itable")};

static uint32_t ialloc_hint = FS_ROOT_INO; /* where ialloc's search starts */

static uint32_t slot(const struct inode *ip)
{
	return ip - itable.inode + 1;
}

/* ip's place in the table, for per-inode state elsewhere (rw.c). */
uint32_t islot(const struct inode *ip)
{
	return slot(ip) - 1;
}

static void free_remove(uint32_t k)
{
	itable.link[itable.link[k].prev].next = itable.link[k].next;
	itable.link[itable.link[k].next].prev = itable.link[k].prev;
}

static void free_push(uint32_t k)
{
	itable.link[k].next = itable.link[0].next;
	itable.link[k].prev = 0;
	itable.link[itable.link[0].next].prev = k;
	itable.link[0].next = k;
}

static void unhash(uint32_t inum, uint32_t k)
{
	uint16_t *p = &itable.hash[inum & (NIHASH - 1)];

	while (*p != k)
		p = &itable.link[*p].hnext;
	*p = itable.link[k].hnext;
}

/* The inode numbered inum, referenced, not locked, maybe not read yet. */
struct inode *iget(uint32_t inum)
{
	uint16_t *head = &itable.hash[inum & (NIHASH - 1)];
	struct inode *ip;
	uint32_t k;

	acquire(&itable.lock);
	for (k = *head; k; k = itable.link[k].hnext) {
		ip = &itable.inode[k - 1];
		if (ip->inum == inum) {
			if (ip->ref++ == 0)
				free_remove(k);
			release(&itable.lock);
			return ip;
		}
	}
	if (itable.nused < NINODE) {
		k = ++itable.nused;
		itable.inode[k - 1].lock.lk.name = "inode";
	} else if ((k = itable.link[0].prev)) {
		free_remove(k);
		unhash(itable.inode[k - 1].inum, k);
	} else {
		panic("iget: all %d inodes are in use", NINODE);
	}
	ip = &itable.inode[k - 1];
	ip->inum = inum;
	ip->ref = 1;
	ip->valid = 0;
	itable.link[k].hnext = *head;
	*head = k;
	release(&itable.lock);
	return ip;
}

struct inode *idup(struct inode *ip)
{
	acquire(&itable.lock);
	ip->ref++;
	release(&itable.lock);
	return ip;
}

/* The inode block holding inum. */
static uint32_t iblock(uint32_t inum)
{
	return sb.inodestart + inum / FS_INODES_PER_BLOCK;
}

/* A free inode on disk made one of type, referenced and unlocked; 0 if
 * none is free. Inside an operation. */
struct inode *ialloc(uint16_t type)
{
	uint32_t inum = ialloc_hint, seen = 0, end;

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
				d[inum % FS_INODES_PER_BLOCK] = (struct fs_dinode){.type = type};
				log_write(b);
				brelse(b);
				ialloc_hint = inum + 1;
				return iget(inum);
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

	d->type = ip->type;
	d->major = ip->major;
	d->minor = ip->minor;
	d->nlink = ip->nlink;
	d->size = ip->size;
	__builtin_memcpy(d->addrs, ip->addrs, sizeof(ip->addrs));
	log_write(b);
	brelse(b);
}

/* Lock ip, reading it from disk the first time. */
void ilock(struct inode *ip)
{
	if (!ip || ip->ref < 1)
		panic("ilock: an inode not referenced");
	acquiresleep(&ip->lock);
	if (!ip->valid) {
		struct buf *b;
		const struct fs_dinode *d;

		if (ip->inum >= sb.ninodes)
			panic("ilock: inode %u does not exist", ip->inum);
		b = bread(iblock(ip->inum));
		d = (const struct fs_dinode *)b->data + ip->inum % FS_INODES_PER_BLOCK;
		ip->type = d->type;
		ip->major = d->major;
		ip->minor = d->minor;
		ip->nlink = d->nlink;
		ip->size = d->size;
		__builtin_memcpy(ip->addrs, d->addrs, sizeof(ip->addrs));
		brelse(b);
		ip->valid = 1;
		if (ip->type == FS_T_FREE)
			panic("ilock: inode %u is free", ip->inum);
	}
}

void iunlock(struct inode *ip)
{
	if (!ip || ip->ref < 1 || !holdingsleep(&ip->lock))
		panic("iunlock: not locked");
	releasesleep(&ip->lock);
}

/* Drop a reference. At the last one to an inode with no links, free it
 * and its blocks: then inside an operation. */
void iput(struct inode *ip)
{
	acquire(&itable.lock);
	if (ip->ref == 1 && ip->valid && ip->nlink == 0) {
		/* The only reference: no one holds the lock or can take it. */
		release(&itable.lock);
		acquiresleep(&ip->lock);
		itrunc(ip);
		ip->type = FS_T_FREE;
		iupdate(ip);
		ip->valid = 0;
		releasesleep(&ip->lock);
		acquire(&itable.lock);
	}
	if (--ip->ref == 0)
		free_push(slot(ip));
	release(&itable.lock);
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
