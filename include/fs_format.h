/*
 * The on-disk format of the file system in partition 2 of guest.img, shared
 * by the kernel (guest/) that mounts it and the disk tools (disk/mkfs,
 * disk/fsck) that build and check it. All integers are little-endian.
 *
 * The partition is an array of FS_BLOCK_SIZE-byte blocks, numbered from 0 at
 * the partition's first byte:
 *
 *   [0]            unused (a boot block)
 *   [1]            the superblock, struct fs_super
 *   [logstart ..)  the log: one header block (struct fs_log_header), then
 *                  nlog - 1 blocks of logged contents
 *   [inodestart ..) inode blocks, FS_INODES_PER_BLOCK struct fs_dinode each
 *   [bmapstart ..) the free map: bit b of the map (bit b % 8 of byte b / 8,
 *                  counting across map blocks) is 1 when block b is in use;
 *                  every block before datastart is marked in use
 *   [datastart, size) data blocks: file contents, directories, indirect
 *                  blocks
 *
 * A file's blocks: addrs[0 .. FS_NDIRECT) are direct, addrs[FS_NDIRECT] is a
 * single-indirect block of FS_NINDIRECT block numbers, addrs[FS_NDIRECT + 1]
 * a double-indirect block of FS_NINDIRECT single-indirect blocks. A block
 * number 0 is a hole, which reads as zeros. A directory is a file of struct
 * fs_dirent; an entry with inum 0 is free.
 *
 * The log makes a group of block writes atomic. A transaction is committed
 * when its header, with n > 0 and a checksum matching fs_log_checksum() of its
 * other fields, is on disk: log block 1 + i then holds the new contents of
 * block block[i]. Recovery (at mount) copies them home and writes a header
 * with n = 0. A header with n = 0, or whose checksum does not match (a torn
 * write of an uncommitted header), means nothing to replay.
 */
#ifndef FS_FORMAT_H
#define FS_FORMAT_H

#include <stdint.h>

#define FS_BLOCK_SHIFT 12
#define FS_BLOCK_SIZE  (1 << FS_BLOCK_SHIFT) /* 4096 */
#define FS_MAGIC       0x36767846u           /* "Fxv6" */
#define FS_VERSION     1
#define FS_SUPER_BLOCK 1
#define FS_ROOT_INO    1 /* inode 0 is never used */

/* Inode types (fs_dinode.type) */
#define FS_T_FREE 0
#define FS_T_DIR  1
#define FS_T_FILE 2
#define FS_T_DEV  3 /* a device file: major, minor name the device */

/* Device majors */
#define FS_DEV_CONSOLE 1

#define FS_NDIRECT   12
#define FS_NINDIRECT (FS_BLOCK_SIZE / 4)
#define FS_MAX_FILE_BLOCKS                                                                         \
	((uint64_t)FS_NDIRECT + FS_NINDIRECT + (uint64_t)FS_NINDIRECT * FS_NINDIRECT)

struct fs_super {
	uint32_t magic;   /* FS_MAGIC */
	uint32_t version; /* FS_VERSION */
	uint32_t size;    /* blocks in the file system, boot block included */
	uint32_t nblocks; /* data blocks: size - datastart */
	uint32_t ninodes; /* inodes, inode 0 included */
	uint32_t nlog;    /* log blocks, the header included */
	uint32_t logstart;
	uint32_t inodestart;
	uint32_t bmapstart;
	uint32_t datastart;
};

struct fs_dinode {
	uint16_t type;  /* FS_T_* */
	uint16_t major; /* FS_T_DEV only */
	uint16_t minor;
	uint16_t nlink;                                    /* directory entries naming this inode */
	uint64_t size;                                     /* bytes */
	uint32_t addrs[FS_NDIRECT + 2];                    /* see above */
	uint8_t reserved[128 - 16 - 4 * (FS_NDIRECT + 2)]; /* zero */
};

#define FS_INODE_SIZE       128
#define FS_INODES_PER_BLOCK (FS_BLOCK_SIZE / FS_INODE_SIZE)
#define FS_BITS_PER_BLOCK   (FS_BLOCK_SIZE * 8)

#define FS_NAME_MAX 60 /* bytes of a name; NUL-terminated only when shorter */

struct fs_dirent {
	uint32_t inum; /* 0: a free entry */
	char name[FS_NAME_MAX];
};

/* The log header: block logstart. */
#define FS_LOG_MAX ((FS_BLOCK_SIZE - 12) / 4) /* blocks one transaction can log */

struct fs_log_header {
	uint32_t n;        /* logged blocks; 0: nothing to replay */
	uint32_t seq;      /* commit sequence number, for the checksum */
	uint32_t checksum; /* fs_log_checksum(header) */
	uint32_t block[FS_LOG_MAX];
};

/* Orphans: inodes in use with no links (a file unlinked while open, freed
 * by its last close). A header may say its file system holds none: then
 * block[n] == FS_LOG_NO_ORPHANS and block[n + 1] == seq ^ FS_LOG_NO_ORPHANS
 * (outside the checksum, bound to seq). Without that (a crash while a file
 * was unlinked but open), the kernel frees every orphan at mount. mkfs's
 * header (n = 0, seq = 0) holds none either. */
#define FS_LOG_NO_ORPHANS 0x4f52504eu

/* A word-wise FNV-1a variant over seq, n and block[0 .. n): cheap enough
 * for a kernel whose instructions are emulated. A header is valid when
 * n <= FS_LOG_MAX and checksum equals this. */
static inline uint32_t fs_log_checksum(const struct fs_log_header *h)
{
	uint32_t x = 2166136261u;
	uint32_t n = h->n <= FS_LOG_MAX ? h->n : 0;

	x = (x ^ h->seq) * 16777619u;
	x = (x ^ h->n) * 16777619u;
	for (uint32_t i = 0; i < n; i++)
		x = (x ^ h->block[i]) * 16777619u;
	return x;
}

_Static_assert(sizeof(struct fs_dinode) == FS_INODE_SIZE, "dinode size");
_Static_assert(sizeof(struct fs_dirent) == 64, "dirent size");
_Static_assert(sizeof(struct fs_log_header) == FS_BLOCK_SIZE, "log header size");
_Static_assert(sizeof(struct fs_super) <= FS_BLOCK_SIZE, "super size");

#endif
