/*
 * The monitor's block device (VMM_PORT_BLOCK): the file system's partition
 * as an array of FS_BLOCK_SIZE-byte blocks. A request moves a run of blocks,
 * consecutive on disk, between the disk and a list of segments of memory,
 * in one exit; it is synchronous: the data is in place when it returns.
 *
 * A caller fills the request's segments in place: blk_begin locks the
 * request and returns its segment array, blk_submit hands it over and
 * unlocks it, blk_cancel just unlocks it. No sleeping in between.
 */
#ifndef BLK_H
#define BLK_H

#include <stdint.h>
#include "vmm_abi.h"

#define BLK_MAX_SEGS VMM_BLK_MAX_SEGS

int blk_init(void);
uint64_t blk_size(void); /* blocks in the partition */
int blk_readonly(void);
struct vmm_blk_seg *blk_begin(void);
void blk_submit(uint32_t op, uint32_t blockno, uint32_t nseg);
void blk_cancel(void);
void blk_rw(uint32_t op, uint32_t blockno, uint64_t pa, uint32_t n);
void blk_flush(void);

#endif
