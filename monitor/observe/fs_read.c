#include "observe/fs_read.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs_format.h"

/* The file system being read, and one cached block per level of
 * indirection: a file's block numbers are then read once each. */
struct fs_reader {
	int fd;
	uint64_t offset;
	struct fs_super sb;
	uint32_t cached[2]; /* block number held in ind[level], 0 for none */
	uint32_t ind[2][FS_NINDIRECT];
};

static int read_at(const struct fs_reader *f, uint64_t block, void *buf)
{
	off_t at = (off_t)(f->offset + block * FS_BLOCK_SIZE);
	return pread(f->fd, buf, FS_BLOCK_SIZE, at) == FS_BLOCK_SIZE ? 0 : -1;
}

/* Reads a block the superblock says exists; block 0 is never a file's. */
static int read_block(const struct fs_reader *f, uint32_t b, void *buf)
{
	return b == 0 || b >= f->sb.size ? -1 : read_at(f, b, buf);
}

static const char *check_super(struct fs_reader *f, uint64_t size)
{
	uint8_t block[FS_BLOCK_SIZE];
	if (size < 2 * FS_BLOCK_SIZE || read_at(f, FS_SUPER_BLOCK, block) < 0)
		return "cannot read the superblock";
	memcpy(&f->sb, block, sizeof(f->sb));
	const struct fs_super *sb = &f->sb;
	if (sb->magic != FS_MAGIC || sb->version != FS_VERSION)
		return "no file system";
	uint64_t inode_end = sb->inodestart + ((uint64_t)sb->ninodes + FS_INODES_PER_BLOCK - 1) /
	                                          FS_INODES_PER_BLOCK;
	if ((uint64_t)sb->size * FS_BLOCK_SIZE > size || inode_end > sb->size)
		return "a damaged superblock";
	return NULL;
}

/* Entry idx of the indirect block b at a level; 0 (a hole) when b is a
 * hole, -1 when b cannot be read. */
static int64_t indirect(struct fs_reader *f, int level, uint32_t b, uint64_t idx)
{
	if (b == 0)
		return 0;
	if (f->cached[level] != b) {
		f->cached[level] = 0;
		if (read_block(f, b, f->ind[level]) < 0)
			return -1;
		f->cached[level] = b;
	}
	return f->ind[level][idx];
}

/* The block number of block i of the file, 0 for a hole, or -1. */
static int64_t file_block(struct fs_reader *f, const struct fs_dinode *di, uint64_t i)
{
	if (i < FS_NDIRECT)
		return di->addrs[i];
	i -= FS_NDIRECT;
	if (i < FS_NINDIRECT)
		return indirect(f, 0, di->addrs[FS_NDIRECT], i);
	i -= FS_NINDIRECT;
	int64_t mid = indirect(f, 0, di->addrs[FS_NDIRECT + 1], i / FS_NINDIRECT);
	return mid < 0 ? -1 : indirect(f, 1, (uint32_t)mid, i % FS_NINDIRECT);
}

static const char *read_dinode(struct fs_reader *f, uint32_t inum, struct fs_dinode *di)
{
	uint8_t block[FS_BLOCK_SIZE];
	if (inum == 0 || inum >= f->sb.ninodes)
		return "no such inode";
	if (read_block(f, f->sb.inodestart + inum / FS_INODES_PER_BLOCK, block) < 0)
		return "cannot read the inode";
	memcpy(di, block + (inum % FS_INODES_PER_BLOCK) * FS_INODE_SIZE, sizeof(*di));
	if (di->type != FS_T_FILE)
		return "not a regular file";
	if (di->size > FS_READ_MAX)
		return "too large";
	return NULL;
}

/* The file's contents into buf, which holds whole blocks. */
static const char *read_contents(struct fs_reader *f, const struct fs_dinode *di, uint8_t *buf)
{
	uint64_t nblocks = (di->size + FS_BLOCK_SIZE - 1) / FS_BLOCK_SIZE;
	for (uint64_t i = 0; i < nblocks; i++) {
		int64_t b = file_block(f, di, i);
		uint8_t *at = buf + i * FS_BLOCK_SIZE;
		if (b < 0 || (b > 0 && read_block(f, (uint32_t)b, at) < 0))
			return "a bad block number";
		if (b == 0)
			memset(at, 0, FS_BLOCK_SIZE);
	}
	return NULL;
}

int fs_read_inode(int fd, uint64_t offset, uint64_t size, uint32_t inum, uint8_t **out, size_t *len,
                  const char **why)
{
	struct fs_reader *f = calloc(1, sizeof(*f));
	struct fs_dinode di;
	uint8_t *buf = NULL;
	*why = "out of memory";
	if (f) {
		f->fd = fd;
		f->offset = offset;
		if (!(*why = check_super(f, size)) && !(*why = read_dinode(f, inum, &di))) {
			uint64_t whole =
			    (di.size + FS_BLOCK_SIZE - 1) / FS_BLOCK_SIZE * FS_BLOCK_SIZE;
			buf = malloc(whole ? whole : 1);
			*why = buf ? read_contents(f, &di, buf) : "out of memory";
		}
	}
	free(f);
	if (*why) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = (size_t)di.size;
	return 0;
}
