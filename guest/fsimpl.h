/*
 * Inside the file system: what its files (fs.c, log.c, inode.c, bmap.c,
 * rw.c, dir.c) share and the rest of the kernel does not use.
 */
#ifndef FSIMPL_H
#define FSIMPL_H

#include <stdint.h>
#include "fs_format.h"

struct buf;
struct inode;

#define BSIZE  FS_BLOCK_SIZE
#define BSHIFT FS_BLOCK_SHIFT

/* fs.c */
extern struct fs_super sb;
void fs_error(const char *fmt, ...) __attribute__((cold, format(printf, 1, 2)));
int fs_writable(void);
uint32_t balloc(void);
uint32_t balloc_run(uint32_t want, uint32_t *got);
void bfree_run(uint32_t start, uint32_t n);

/*
 * Values read from the disk are checked where they enter the kernel, and
 * a bad one is reported with fs_error: the superblock at mount (fs.c);
 * the log's header at mount (log.c); an inode's type, size, link count and
 * block pointers when ilock reads it (inode.c); an indirect block's
 * entries as they are used (bmap.c, rw.c) or freed (itrunc); a directory
 * entry's inode number, and a hole in a directory (dir.c, rw.c). A block
 * pointer must be 0 (a hole) or lie in the data area: then the kernel
 * never reads metadata as a file's contents, and never asks for a block
 * past the end of the disk. What no local check can see stays unseen: a
 * block two files claim, a free map that disagrees with the files, damaged
 * contents. fsck on the host finds the first two.
 */
#define FS_MAX_BYTES ((uint64_t)FS_MAX_FILE_BLOCKS * BSIZE) /* the format's largest file */
#define BMAP_BAD     UINT32_MAX /* bmap: the block map is damaged (said) */

/* Whether bn may be a block of a file: 0 or in the data area (the mount
 * checked that nblocks is size - datastart). */
static inline int fs_block_ok(uint32_t bn)
{
	return bn == 0 || bn - sb.datastart < sb.nblocks;
}

/* inode.c */
struct inode *iget(uint32_t inum);
uint32_t islot(const struct inode *ip);
uint32_t inode_orphans(void);
void ifree_orphans(void);

/* bmap.c. A stretch of a file's block map: the entries of file blocks
 * [first, first + count), in the inode or in an indirect block, pinned in
 * pin, or all holes (fs_zeros). readi and writei walk the entries of a
 * stretch without a bmap per block. */
struct stretch {
	uint32_t *a;
	uint64_t first, count;
	struct buf *pin;
};
extern uint8_t fs_zeros[BSIZE];
uint32_t bmap(struct inode *ip, uint64_t fbn, int alloc, int *fresh);
int stretch(struct inode *ip, uint64_t fbn, int alloc, struct stretch *s);
uint32_t bad_entry(uint32_t inum, uint32_t blockno, uint64_t idx, uint32_t bn)
    __attribute__((cold));

/* log.c */
int log_init(int *orphans);
void log_write(struct buf *b);
void log_write_run(struct buf *const *bufs, uint32_t n);

#endif
