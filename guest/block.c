/*
 * The block driver. One request descriptor, in the kernel image because
 * the OUT that hands it over carries 32 bits; the lock keeps requests
 * whole. Each request starts with pflush: copies the copy engine still
 * holds for a page must land before the monitor writes the page out, and
 * before a read overwrites it.
 *
 * The file system cannot go on consistently after the disk fails a
 * request, so a failed read, write or flush panics with the block numbers:
 * the log recovers the last committed state at the next boot.
 *
 * Without the monitor (QEMU) the device is a PC's ATA disk (ata.c), which
 * takes the same requests.
 */
#include "block.h"
#include "defs.h"
#include "fs_format.h"
#include "memlayout.h"
#include "pc.h"
#include "spinlock.h"
#include "x86.h"

#define SECTORS_PER_BLOCK (FS_BLOCK_SIZE / VMM_BLK_SECTOR)

static union {
	struct vmm_blk_req r;
	char space[sizeof(struct vmm_blk_req) + BLOCK_MAX_SEGS * sizeof(struct vmm_blk_seg)];
} req;

static struct spinlock lock = SPINLOCK_INIT("block");
static uint64_t nblocks;
static int readonly;
static int ata; /* the device is the ATA disk, not the monitor's */

/* Hand the request over; its status. lock held. */
static uint32_t submit(uint32_t op, uint64_t sector, uint32_t nseg)
{
	req.r.op = op;
	req.r.nseg = nseg;
	req.r.sector = sector;
	req.r.status = VMM_STATUS_EIO; /* what a missing device leaves */
	pflush();
	if (ata)
		req.r.status = ata_request(&req.r);
	else
		outl(VMM_PORT_BLOCK, v2p(&req));
	return req.r.status;
}

/* Find the device and ask its size: 0, or -1 if there is none. */
int block_init(void)
{
	const struct vmm_boot_info *bi = p2v(VMM_BOOT_INFO);

	if (!(bi->devices & VMM_DEV_BLOCK)) {
		if (on_monitor(bi) || ata_init() < 0)
			return -1;
		ata = 1;
	}
	acquire(&lock);
	if (submit(VMM_BLK_OP_INFO, 0, 0) != VMM_STATUS_OK)
		panic("block: INFO failed with status %u", req.r.status);
	nblocks = req.r.sector / SECTORS_PER_BLOCK;
	readonly = (req.r.flags & VMM_BLK_F_READONLY) != 0;
	release(&lock);
	return 0;
}

uint64_t block_size(void)
{
	return nblocks;
}

int block_readonly(void)
{
	return readonly;
}

/* Start a request: its segments, to fill in. */
struct vmm_blk_seg *block_begin(void)
{
	acquire(&lock);
	return req.r.seg;
}

/* Read or write (op) the blocks from blockno on through the nseg
 * segments filled in since block_begin. */
void block_submit(uint32_t op, uint32_t blockno, uint32_t nseg)
{
	uint32_t status = submit(op, (uint64_t)blockno * SECTORS_PER_BLOCK, nseg), bytes = 0;

	if (status != VMM_STATUS_OK) {
		for (uint32_t i = 0; i < nseg; i++)
			bytes += req.r.seg[i].len;
		panic("block: %s of blocks %u..%u failed with status %u",
		      op == VMM_BLK_OP_READ ? "read" : "write", blockno,
		      blockno + (bytes - 1) / FS_BLOCK_SIZE, status);
	}
	release(&lock);
}

/* Drop the request begun: nothing is moved. */
void block_cancel(void)
{
	release(&lock);
}

/* Read or write n blocks from blockno on at physical address pa. */
void block_rw(uint32_t op, uint32_t blockno, uint64_t pa, uint32_t n)
{
	struct vmm_blk_seg *seg = block_begin();

	seg[0].addr = pa;
	seg[0].len = n * FS_BLOCK_SIZE;
	block_submit(op, blockno, 1);
}

/* Wait until every block written is on stable storage. */
void block_flush(void)
{
	acquire(&lock);
	if (submit(VMM_BLK_OP_FLUSH, 0, 0) != VMM_STATUS_OK)
		panic("block: flush failed with status %u", req.r.status);
	release(&lock);
}
