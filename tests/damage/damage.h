/* fsdamage: damages a file system image on purpose, for tests/corrupt.sh.
 * scan.c reads the image and lists what can be damaged; fsdamage.c picks
 * the damage from a seed and writes it. */
#ifndef DAMAGE_H
#define DAMAGE_H

#include <stdint.h>

#include "diskfmt.h"

/* A block a file points at, by the role it plays. */
enum role { R_DATA, R_DIR, R_IND, R_DIND };

struct owned {
	uint32_t blk;
	uint32_t inum;
	enum role role;
};

struct img {
	const char *path;
	int fd;
	uint64_t base; /* the file system's first byte in the image */
	struct fs_super sb;
	struct fs_dinode *ino; /* the whole table */
	uint8_t *owner_of;     /* per block: 1 when a file points at it */
	uint32_t *used;        /* inodes in use, but inode 0 */
	uint32_t nused;
	uint32_t max_inum; /* the highest inode number in use */
	struct owned *blocks;
	uint32_t nblocks;
};

__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);
void read_blk(const struct img *im, uint32_t b, void *buf);
void write_blk(const struct img *im, uint32_t b, const void *buf);
/* Opens the image and reads its superblock and inodes, and with blocks
 * every block its files point at; dies unless what it reads is sound. */
void scan_image(struct img *im, const char *path, int blocks);
/* Whether bit b of the free map is set. */
int map_bit(const struct img *im, uint32_t b);
/* The highest file block of di that has a block (a pointer not 0), or -1. */
int64_t last_block(const struct img *im, const struct fs_dinode *di);
/* fsdamage set ... (set.c) */
int set_main(int argc, char **argv);

#endif
