/* fsck's shared state: the file system as read from the image, and what
 * the checks learn about it. fsck.c opens the image and checks the
 * superblock and the log; fsck_inode.c the inodes, their block pointers and
 * the free map; fsck_dir.c the directory tree and the link counts.
 *
 * Every problem is one line on stdout; the checks go on after one, so a
 * run lists them all. */
#ifndef FSCK_H
#define FSCK_H

#include <stdint.h>

#include "diskfmt.h"

struct fsck {
	const char *path;
	int fd;
	uint64_t base;  /* the file system's first byte in the image */
	uint64_t limit; /* the image's (or partition's) bytes from base on */
	struct fs_super sb;
	struct fs_log_header log;
	int overlay;              /* reads see the committed log as if replayed */
	struct fs_bmap bmap;      /* files' block maps, for file_block */
	struct fs_dinode *inodes; /* the whole table */
	uint8_t *map;             /* the free map as on disk */
	uint32_t *owner;          /* per data block (from datastart): its inode, or 0 */
	uint32_t *refs;           /* per inode: the directory entries naming it */
	uint32_t *parent;         /* per inode: the directory it was reached from, or 0 */
	char **name;              /* per inode: its name there, printable */
	uint32_t inodes_used, blocks_used;
	unsigned long problems;
};

__attribute__((format(printf, 2, 3))) void problem(struct fsck *f, const char *fmt, ...);
__attribute__((noreturn, format(printf, 1, 2))) void fatal(const char *fmt, ...);

/* Block b of the file system, as the log's replay would leave it. */
void read_block(struct fsck *f, uint32_t b, void *buf);

/* "inode N (/its/path)" once the tree walk has reached it, else "inode N".
 * Two calls may share one message: the result lives until the call after
 * the next. */
const char *iname(const struct fsck *f, uint32_t inum);

/* Block k of a file: 0 for a hole or a pointer outside the data region
 * (check_inodes reports those). */
uint32_t file_block(struct fsck *f, const struct fs_dinode *di, uint64_t k);

void check_tree(struct fsck *f);   /* fsck_dir.c: first, so later messages have paths */
void check_inodes(struct fsck *f); /* fsck_inode.c */
void check_links(struct fsck *f);  /* fsck_dir.c: after check_tree */
void check_map(struct fsck *f);    /* fsck_inode.c: after check_inodes */

#endif
