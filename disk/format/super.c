/* The superblock: checked by fsck and the monitor's reader before they
 * follow any of its numbers, laid out by mkfs. Both sides follow the order
 * of fs_format.h: boot block, superblock, log, inodes, free map, data. */
#include "diskfmt.h"

/* The sizes: the file system inside its bytes, room for a root and a log. */
static void check_sizes(const struct fs_super *sb, uint64_t bytes, struct fmt_err *err)
{
	if ((uint64_t)sb->size * FS_BLOCK_SIZE > bytes)
		fmt_fail(err, "superblock: size %u blocks, but the image holds only %llu", sb->size,
		         (unsigned long long)(bytes / FS_BLOCK_SIZE));
	if (sb->ninodes <= FS_ROOT_INO)
		fmt_fail(err, "superblock: %u inodes, too few for a root", sb->ninodes);
	if (sb->nlog < 2 || sb->nlog - 1 > FS_LOG_MAX)
		fmt_fail(err, "superblock: nlog %u, want 2 to %u", sb->nlog, FS_LOG_MAX + 1);
}

/* Each region starts past the end of the one before it (sums in 64 bits:
 * no field can wrap another round). */
static void check_order(const struct fs_super *sb, struct fmt_err *err)
{
	if (sb->logstart <= FS_SUPER_BLOCK)
		fmt_fail(err, "superblock: log at block %u, over the superblock", sb->logstart);
	if (sb->inodestart < (uint64_t)sb->logstart + sb->nlog)
		fmt_fail(err, "superblock: inodes at block %u, inside the log", sb->inodestart);
	if (sb->bmapstart < sb->inodestart + fs_inode_blocks(sb->ninodes))
		fmt_fail(err, "superblock: free map at block %u, inside the inodes", sb->bmapstart);
	if (sb->datastart < sb->bmapstart + fs_map_blocks(sb->size))
		fmt_fail(err, "superblock: data at block %u, inside the free map", sb->datastart);
	if (sb->datastart > sb->size || sb->nblocks != sb->size - sb->datastart)
		fmt_fail(err, "superblock: nblocks %u, but size %u - datastart %u", sb->nblocks,
		         sb->size, sb->datastart);
}

unsigned fs_super_check(const struct fs_super *sb, uint64_t bytes, struct fmt_err *err)
{
	unsigned before = err->count;
	if (sb->magic != FS_MAGIC) {
		/* Not this file system at all: its other fields mean nothing. */
		fmt_fail(err, "bad superblock magic 0x%08x, want 0x%08x", sb->magic, FS_MAGIC);
		return 1;
	}
	if (sb->version != FS_VERSION)
		fmt_fail(err, "superblock: version %u, want %u", sb->version, FS_VERSION);
	check_sizes(sb, bytes, err);
	check_order(sb, err);
	return err->count - before;
}

int fs_super_layout(struct fs_super *sb, uint32_t size, uint32_t ninodes, uint32_t nlog)
{
	uint64_t logstart = FS_SUPER_BLOCK + 1;
	uint64_t inodestart = logstart + nlog;
	uint64_t bmapstart = inodestart + fs_inode_blocks(ninodes);
	uint64_t datastart = bmapstart + fs_map_blocks(size);
	*sb = (struct fs_super){.magic = FS_MAGIC,
	                        .version = FS_VERSION,
	                        .size = size,
	                        .ninodes = ninodes,
	                        .nlog = nlog,
	                        .logstart = (uint32_t)logstart,
	                        .inodestart = (uint32_t)inodestart,
	                        .bmapstart = (uint32_t)bmapstart,
	                        .datastart =
	                            datastart < UINT32_MAX ? (uint32_t)datastart : UINT32_MAX};
	if (datastart >= size)
		return -1;
	sb->nblocks = size - sb->datastart;
	return 0;
}
