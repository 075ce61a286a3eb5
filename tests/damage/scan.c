/* fsdamage: reading the image, and the lists of what can be damaged: the
 * inodes in use and every block a file points at, with its role. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "damage.h"

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "fsdamage: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void *alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

void read_blk(const struct img *im, uint32_t b, void *buf)
{
	off_t off = (off_t)(im->base + (uint64_t)b * FS_BLOCK_SIZE);
	if (pread(im->fd, buf, FS_BLOCK_SIZE, off) != FS_BLOCK_SIZE)
		die("%s: cannot read block %u", im->path, b);
}

void write_blk(const struct img *im, uint32_t b, const void *buf)
{
	off_t off = (off_t)(im->base + (uint64_t)b * FS_BLOCK_SIZE);
	if (pwrite(im->fd, buf, FS_BLOCK_SIZE, off) != FS_BLOCK_SIZE)
		die("%s: cannot write block %u: %s", im->path, b, strerror(errno));
}

int map_bit(const struct img *im, uint32_t b)
{
	uint8_t map[FS_BLOCK_SIZE];
	read_blk(im, im->sb.bmapstart + b / FS_BITS_PER_BLOCK, map);
	return map[b % FS_BITS_PER_BLOCK / 8] >> (b % 8) & 1;
}

static void own(struct img *im, uint32_t blk, uint32_t inum, enum role role)
{
	if (!fs_in_data(&im->sb, blk))
		die("%s: inode %u points at block %u, outside the data region", im->path, inum,
		    blk);
	if (im->owner_of[blk])
		die("%s: block %u has two owners", im->path, blk);
	im->owner_of[blk] = 1;
	im->blocks[im->nblocks++] = (struct owned){blk, inum, role};
}

/* The blocks under index block blk of inode inum (level 1: its entries are
 * the file's blocks; 2: they are index blocks). */
static void own_index(struct img *im, uint32_t blk, uint32_t inum, int level, enum role leaf)
{
	uint32_t ent[FS_NINDIRECT];
	own(im, blk, inum, level == 1 ? R_IND : R_DIND);
	read_blk(im, blk, ent);
	for (int i = 0; i < FS_NINDIRECT; i++) {
		if (ent[i] && level == 1)
			own(im, ent[i], inum, leaf);
		else if (ent[i])
			own_index(im, ent[i], inum, 1, leaf);
	}
}

static void scan_inode(struct img *im, uint32_t inum)
{
	const struct fs_dinode *di = &im->ino[inum];
	enum role leaf = di->type == FS_T_DIR ? R_DIR : R_DATA;
	for (int i = 0; i < FS_NDIRECT; i++)
		if (di->addrs[i])
			own(im, di->addrs[i], inum, leaf);
	if (di->addrs[FS_NDIRECT])
		own_index(im, di->addrs[FS_NDIRECT], inum, 1, leaf);
	if (di->addrs[FS_NDIRECT + 1])
		own_index(im, di->addrs[FS_NDIRECT + 1], inum, 2, leaf);
}

/* A bare file system, or partition 2 of a disk image (as fsck finds it). */
static void find_fs(struct img *im)
{
	uint8_t head[2 * FS_BLOCK_SIZE];
	struct partition part[4];
	struct fmt_err err = {0};
	off_t end = lseek(im->fd, 0, SEEK_END);
	uint32_t magic;

	if (end < (off_t)sizeof(head) || pread(im->fd, head, sizeof(head), 0) != sizeof(head))
		die("%s: too small for a file system", im->path);
	memcpy(&magic, head + FS_BLOCK_SIZE, sizeof(magic));
	if (magic == FS_MAGIC)
		return;
	if (mbr_parse(head, (uint64_t)end, part, &err) < 0)
		die("%s: %s", im->path, err.msg);
	im->base = part[IMAGE_PART_FS].offset;
}

void scan_image(struct img *im, const char *path, int blocks)
{
	struct fmt_err err = {0};
	uint8_t blk[FS_BLOCK_SIZE];
	uint64_t ib;

	im->path = path;
	if ((im->fd = open(path, O_RDWR)) < 0)
		die("%s: %s", path, strerror(errno));
	find_fs(im);
	read_blk(im, FS_SUPER_BLOCK, blk);
	memcpy(&im->sb, blk, sizeof(im->sb));
	if (fs_super_check(&im->sb, UINT64_MAX, &err))
		die("%s: %s", path, err.msg);
	ib = fs_inode_blocks(im->sb.ninodes);
	im->ino = alloc(ib * FS_BLOCK_SIZE);
	for (uint64_t i = 0; i < ib; i++)
		read_blk(im, im->sb.inodestart + (uint32_t)i,
		         (uint8_t *)im->ino + i * FS_BLOCK_SIZE);
	im->owner_of = alloc(im->sb.size);
	im->used = alloc(im->sb.ninodes * sizeof(*im->used));
	im->blocks = alloc(im->sb.size * sizeof(*im->blocks));
	for (uint32_t inum = 1; inum < im->sb.ninodes; inum++) {
		if (im->ino[inum].type == FS_T_FREE)
			continue;
		im->used[im->nused++] = im->max_inum = inum;
		if (blocks)
			scan_inode(im, inum);
	}
}

/* The highest file block under index block blk (level 1 or 2), whose
 * first entry maps file block first; -1 if none. */
static int64_t last_in(const struct img *im, uint32_t blk, int level, int64_t first)
{
	uint32_t ent[FS_NINDIRECT];
	int64_t span = level == 2 ? FS_NINDIRECT : 1, last = -1;
	read_blk(im, blk, ent);
	for (int i = 0; i < FS_NINDIRECT; i++) {
		int64_t l = !ent[i]      ? -1
		            : level == 1 ? first + i
		                         : last_in(im, ent[i], 1, first + i * span);
		if (l >= 0)
			last = l;
	}
	return last;
}

int64_t last_block(const struct img *im, const struct fs_dinode *di)
{
	int64_t last = -1, l;
	for (int i = 0; i < FS_NDIRECT; i++)
		if (di->addrs[i])
			last = i;
	if (di->addrs[FS_NDIRECT] && (l = last_in(im, di->addrs[FS_NDIRECT], 1, FS_NDIRECT)) >= 0)
		last = l;
	if (di->addrs[FS_NDIRECT + 1] &&
	    (l = last_in(im, di->addrs[FS_NDIRECT + 1], 2, FS_NDIRECT + FS_NINDIRECT)) >= 0)
		last = l;
	return last;
}
