/*
 * The monitor's block device (VMM_PORT_BLOCK): the file system's partition
 * as an array of FS_BLOCK_SIZE-byte blocks. A request moves a run of blocks,
 * consecutive on disk, between the disk and a list of segments of memory,
 * in one exit; it is synchronous: the data is in place when it returns.
 *
 * A caller fills the request's segments in place: block_begin locks the
 * request and returns its segment array, block_submit hands it over and
 * unlocks it, block_cancel just unlocks it. No sleeping in between.
 */
#ifndef BLOCK_H
#define BLOCK_H

#include <stdint.h>
#include "vmm_abi.h"

#define BLOCK_MAX_SEGS VMM_BLK_MAX_SEGS

int block_init(void);
uint64_t block_size(void); /* blocks in the partition */
int block_readonly(void);
struct vmm_blk_seg *block_begin(void);
void block_submit(uint32_t op, uint32_t blockno, uint32_t nseg);
void block_cancel(void);
void block_rw(uint32_t op, uint32_t blockno, uint64_t pa, uint32_t n);
void block_flush(void);

#endif
