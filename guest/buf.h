/*
 * The buffer cache (bio.c): disk blocks in memory, one FS_BLOCK_SIZE data
 * page each.
 *
 * A buffer's contents belong to the process that holds it locked (bread,
 * bget until brelse). The data page is written by the monitor (disk reads)
 * and the copy engine: the CPU touches it only after pflush when copies
 * may be queued for it (copy.c). A buffer that is valid holds the block's
 * contents, or will once the queued copies land.
 */
#ifndef BUF_H
#define BUF_H

#include <stdint.h>
#include "block.h"

struct buf {
	struct buf *hnext, **hpprev; /* hash chain */
	struct buf *prev, *next;     /* LRU list, while no one holds or pins it */
	uint64_t pa;                 /* the data page, physical */
	uint8_t *data;               /* the same, through the direct map */
	uint32_t blockno;
	uint32_t refcnt; /* holders and pins */
	uint8_t busy;    /* locked */
	uint8_t wanted;  /* someone sleeps until it is unlocked */
	uint8_t valid;   /* the contents are the block's; the lock holder's */
	uint8_t logged;  /* in the running transaction: kept until installed (log.c) */
};

/* The most blocks one direct read moves: a request's bytes. A run of
 * BREAD_DIRECT_SURE blocks fits its segments however scattered the user's
 * pages are (an unaligned one needs one more segment than it has pages). */
#define BREAD_DIRECT_MAX  (VMM_BLK_MAX_BYTES / FS_BLOCK_SIZE)
#define BREAD_DIRECT_SURE (BLOCK_MAX_SEGS - 1)

void binit(void);
uint32_t bcache_max(void);
uint32_t bcache_reserve(uint32_t n);
struct buf *bread(uint32_t blockno);
uint32_t bread_run(uint32_t blockno, uint32_t n, uint32_t ahead, struct buf **bufs);
uint32_t bread_cached_run(uint32_t blockno, uint32_t n, struct buf **bufs);
uint32_t bread_direct(uint32_t blockno, uint32_t n, uint64_t uva);
struct buf *bread_pinned(uint32_t blockno);
struct buf *bget(uint32_t blockno);
uint32_t bget_list(const uint32_t *blocknos, uint32_t n, struct buf **bufs);
void brelse(struct buf *b);
void brelse_run(struct buf *const *bufs, uint32_t n);
void bunpin(struct buf *b);
void bunpin_logged(struct buf *const *bufs, uint32_t n);
void bwrite_run(uint32_t blockno, struct buf *const *bufs, uint32_t n);

#endif
