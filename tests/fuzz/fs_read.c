/* Fuzz target: the profiler's reader of the guest's files
 * (monitor/observe/fs_read.c) and, under it, the superblock check and the
 * block map of disk/format/, on a file system the guest could have
 * written: the input is a struct fuzz_fs_header then the file system's
 * bytes from block 1 on (block 0 and whatever the input leaves out are
 * zeros, in a sparse temporary file).
 *
 * Checked: a refusal says why; a file read has its inode's size, at most
 * FS_READ_MAX. When fs_super_check passes, the regions are in order and
 * inside the file system, and every block fs_bmap names for the inode is
 * a hole or in the data region. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diskfmt.h"
#include "fuzz.h"
#include "observe/fs_read.h"

static int fd;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fd = fuzz_temp_file("fuzz-fs", 0);
	return 0;
}

static int read_fs(void *ctx, uint32_t b, void *buf, struct fmt_err *err)
{
	const struct fs_super *sb = ctx;
	FUZZ_CHECK(fs_in_data(sb, b));
	if (pread(fd, buf, FS_BLOCK_SIZE, (off_t)b * FS_BLOCK_SIZE) != FS_BLOCK_SIZE)
		return fmt_fail(err, "cannot read block %u", b);
	return 0;
}

/* What a superblock that passed promises its readers. */
static void check_super(const struct fs_super *sb, uint64_t bytes)
{
	FUZZ_CHECK(sb->logstart > FS_SUPER_BLOCK && sb->nlog >= 2);
	FUZZ_CHECK(sb->inodestart >= (uint64_t)sb->logstart + sb->nlog);
	FUZZ_CHECK(sb->bmapstart >= sb->inodestart + fs_inode_blocks(sb->ninodes));
	FUZZ_CHECK(sb->datastart >= sb->bmapstart + fs_map_blocks(sb->size));
	FUZZ_CHECK(sb->datastart <= sb->size && (uint64_t)sb->size * FS_BLOCK_SIZE <= bytes);
}

static void read_dinode(const struct fs_super *sb, uint32_t inum, struct fs_dinode *di)
{
	uint8_t block[FS_BLOCK_SIZE];
	off_t at = ((off_t)sb->inodestart + inum / FS_INODES_PER_BLOCK) * FS_BLOCK_SIZE;
	FUZZ_CHECK(pread(fd, block, sizeof(block), at) == sizeof(block));
	memcpy(di, block + inum % FS_INODES_PER_BLOCK * FS_INODE_SIZE, sizeof(*di));
}

/* The inode's blocks at the file blocks the header names, and at the
 * first of each kind of pointer. */
static void check_map(const struct fs_super *sb, const struct fuzz_fs_header *h)
{
	struct fs_dinode di;
	struct fs_bmap map;
	read_dinode(sb, h->inum % sb->ninodes, &di);
	fs_bmap_init(&map, sb, read_fs, (void *)sb);
	const uint64_t ks[] = {0, FS_NDIRECT, FS_NDIRECT + FS_NINDIRECT, h->k[0], h->k[1]};
	for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
		struct fmt_err err = {0};
		uint32_t b;
		if (fs_bmap(&map, &di, ks[i], &b, &err) == 0)
			FUZZ_CHECK(err.count == 0 && (b == 0 || fs_in_data(sb, b)));
		else
			FUZZ_CHECK(b == 0 && err.count == 1 && err.msg[0]);
	}
}

/* The superblock as the library sees it: 1 when it passed. */
static int check_fs(const struct fuzz_fs_header *h, uint64_t bytes, struct fs_super *sb)
{
	struct fmt_err err = {0};
	if (bytes < 2 * FS_BLOCK_SIZE)
		return 0;
	FUZZ_CHECK(pread(fd, sb, sizeof(*sb), FS_BLOCK_SIZE) == sizeof(*sb));
	if (fs_super_check(sb, bytes, &err) != 0) {
		FUZZ_CHECK(err.count >= 1 && err.msg[0]);
		return 0;
	}
	check_super(sb, bytes);
	check_map(sb, h);
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct fuzz_fs_header h;
	fuzz_take(&in, &h, sizeof(h));
	uint64_t bytes = (uint64_t)(h.blocks % FUZZ_FS_MAX_BLOCKS) * FS_BLOCK_SIZE;
	uint64_t room = bytes > FS_BLOCK_SIZE ? bytes - FS_BLOCK_SIZE : 0;
	size_t len = in.size < room ? in.size : (size_t)room;
	FUZZ_CHECK(ftruncate(fd, 0) == 0 && ftruncate(fd, (off_t)bytes) == 0);
	FUZZ_CHECK(len == 0 || pwrite(fd, in.data, len, FS_BLOCK_SIZE) == (ssize_t)len);

	struct fs_super sb;
	int sb_ok = check_fs(&h, bytes, &sb);
	uint8_t *file;
	size_t file_len;
	const char *why = NULL;
	if (fs_read_inode(fd, 0, bytes, h.inum, &file, &file_len, &why) == 0) {
		struct fs_dinode di;
		FUZZ_CHECK(sb_ok && h.inum < sb.ninodes);
		read_dinode(&sb, h.inum, &di);
		FUZZ_CHECK(di.type == FS_T_FILE && file_len == di.size && file_len <= FS_READ_MAX);
		free(file);
	} else {
		FUZZ_CHECK(why && why[0]);
	}
	return 0;
}
