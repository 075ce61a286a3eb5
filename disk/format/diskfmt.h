/*
 * The host library for the disk format: the MBR partition table of a
 * guest.img (include/disk_image.h) and the file system in its partition 2
 * (include/fs_format.h), read and written one way by the disk tools
 * (disk/mkimage, disk/mkfs, disk/fsck*) and by the monitor (its image.c,
 * and fs_read.c, the profiler's reader of the guest's files).
 *
 * A guest writes its disk, so every number read from one is untrusted:
 * each function here checks every range before it uses a number. Nothing
 * is printed: what is wrong is said in struct fmt_err, one line each, and
 * each program prints it its own way ("vmm: ...", "fsck: ...").
 *
 * The kernel cannot link this (it is freestanding, and its block map
 * allocates blocks through its buffer cache and log): guest/bmap.c and
 * the mount check in guest/fs.c are its own, on the same fs_format.h.
 */
#ifndef DISKFMT_H
#define DISKFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "disk_image.h"
#include "fs_format.h"

/* What a check found wrong. Each problem is one line, with no prefix and
 * no newline: the first one stays in msg; every one goes to report as
 * well, when it is set (fsck lists them all). Start from {0}, or with
 * report and ctx set. */
struct fmt_err {
	char msg[256];
	unsigned count; /* problems found */
	void (*report)(void *ctx, const char *line);
	void *ctx;
};

/* Records a problem; returns -1 for the caller to return. (err.c) */
int fmt_fail(struct fmt_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The partition table (mbr.c) */

struct partition {
	uint64_t offset; /* bytes from the start of the image */
	uint64_t size;   /* bytes; 0 = absent */
	uint8_t type;
};

/* Whether sector 0 ends in the MBR signature, 0x55 0xAA. */
bool mbr_signed(const uint8_t sector[IMAGE_SECTOR]);

/* Reads the table in sector 0 of an image of file_size bytes into part:
 * an entry of type 0 or no sectors is absent. Refused (-1, err): no
 * signature, a status byte other than 0x00 or 0x80, a GPT disk, and a
 * partition over the table, past the end of the image or overlapping
 * another. 0 otherwise: which partitions a program needs is its own
 * business. */
int mbr_parse(const uint8_t sector[IMAGE_SECTOR], uint64_t file_size, struct partition part[4],
              struct fmt_err *err);

/* A table with no partitions yet: the disk id at 0x1B8 and the signature. */
void mbr_init(uint8_t sector[IMAGE_SECTOR], uint32_t disk_id);

/* Makes entry n (0-3) a partition of the type, of `sectors` sectors from
 * sector lba: LBA only, the CHS fields marked unused. -1 (err) when n is
 * not an entry, or lba or sectors does not fit the table's 32 bits. */
int mbr_put(uint8_t sector[IMAGE_SECTOR], int n, uint8_t type, uint64_t lba, uint64_t sectors,
            struct fmt_err *err);

/* The superblock (super.c) */

static inline uint64_t fs_div_up(uint64_t v, uint64_t d)
{
	return (v + d - 1) / d;
}

/* Blocks of the inode table and of the free map. */
static inline uint64_t fs_inode_blocks(uint32_t ninodes)
{
	return fs_div_up(ninodes, FS_INODES_PER_BLOCK);
}

static inline uint64_t fs_map_blocks(uint32_t size)
{
	return fs_div_up(size, FS_BITS_PER_BLOCK);
}

/* The file blocks a size in bytes implies. */
static inline uint64_t fs_size_blocks(uint64_t bytes)
{
	return bytes / FS_BLOCK_SIZE + (bytes % FS_BLOCK_SIZE != 0);
}

/* Whether block b is in the data region: where every block a file points
 * at (data and indirect) must be. */
static inline bool fs_in_data(const struct fs_super *sb, uint64_t b)
{
	return b >= sb->datastart && b < sb->size;
}

/* Checks the superblock of a file system in `bytes` bytes: the magic (a
 * bad one is the only problem reported), the version, and the regions in
 * the order of fs_format.h, each large enough, none overlapping, all
 * inside those bytes. Returns the number of problems: with 0, the
 * superblock can be trusted to find the rest. */
unsigned fs_super_check(const struct fs_super *sb, uint64_t bytes, struct fmt_err *err);

/* A new file system's superblock: size blocks, ninodes inodes, nlog log
 * blocks (the header included), the regions in the order of fs_format.h,
 * each right after the last. -1 when the metadata leaves no data block;
 * sb->datastart then says how many blocks it takes. */
int fs_super_layout(struct fs_super *sb, uint32_t size, uint32_t ninodes, uint32_t nlog);

/* The block map (bmap.c) */

/* Reads block b of the file system, which fs_bmap has checked is in the
 * data region, into buf: 0, or -1 with err said. */
typedef int fs_read_fn(void *ctx, uint32_t b, void *buf, struct fmt_err *err);

/* A reader of files' block maps. It keeps the last indirect block read at
 * each level: a file's blocks are looked up in order, so that each
 * indirect block is read once. Blocks must not change under it. */
struct fs_bmap {
	const struct fs_super *sb; /* passed by fs_super_check */
	fs_read_fn *read;
	void *ctx;
	uint32_t cached[2]; /* the block held in ind[level], 0 for none */
	uint32_t ind[2][FS_NINDIRECT];
};

void fs_bmap_init(struct fs_bmap *m, const struct fs_super *sb, fs_read_fn *read, void *ctx);

/* The disk block holding block k of the file di: *b, 0 for a hole (a 0
 * pointer at any level). -1 (err) when k is past the largest file, when a
 * pointer on the way is outside the data region, or when a read fails. */
int fs_bmap(struct fs_bmap *m, const struct fs_dinode *di, uint64_t k, uint32_t *b,
            struct fmt_err *err);

/* The indirect blocks a file of nblocks blocks needs, as mkfs lays it. */
uint64_t fs_bmap_index_blocks(uint64_t nblocks);

#endif
