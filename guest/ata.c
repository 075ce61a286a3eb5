/*
 * The ATA (IDE) disk on a PC's primary channel, master, in PIO mode and
 * polled (QEMU's -drive if=ide): the block device when the monitor's is
 * absent. The disk is the whole image, so the driver finds the file
 * system's partition in the MBR itself, by the rule the monitor applies on
 * the host (include/disk_image.h): slot IMAGE_PART_FS, type IMAGE_TYPE_FS.
 * Requests keep the monitor's format (struct vmm_blk_req, sectors counted
 * from the partition's start), so block.c is the same above both devices.
 *
 * LBA48 when the disk has it, else LBA28; READ/WRITE MULTIPLE when the
 * disk takes a block of several sectors per data request, else READ/WRITE
 * SECTORS; FLUSH CACHE for block_flush. Interrupts are off (nIEN): the driver
 * waits on the status register, the requests being synchronous anyway.
 */
#include "defs.h"
#include "disk_image.h"
#include "memlayout.h"
#include "pc.h"
#include "x86.h"

#define ATA_DATA   0x1F0
#define ATA_COUNT  0x1F2
#define ATA_LBA0   0x1F3
#define ATA_LBA1   0x1F4
#define ATA_LBA2   0x1F5
#define ATA_DRIVE  0x1F6
#define ATA_STATUS 0x1F7 /* read */
#define ATA_CMD    0x1F7 /* write */
#define ATA_ALT    0x3F6 /* read: status without side effects */
#define ATA_CTRL   0x3F6 /* write: device control */

#define ST_ERR  0x01
#define ST_DRQ  0x08
#define ST_DF   0x20
#define ST_BSY  0x80
#define ST_NONE 0xFF /* a floating bus: no controller */

#define CTRL_NIEN   0x02 /* no interrupts */
#define DRIVE_LBA   0x40
#define DRIVE_CHS   0xA0 /* the obsolete bits IDENTIFY still expects */
#define WORDS       (IMAGE_SECTOR / 2)
#define MULT_MAX    16        /* sectors per data block; QEMU takes up to 16 */
#define STATUS_WAIT 100000000 /* status reads before a command counts as hung */

enum { READ, WRITE };
/* Commands by [lba48][multiple][READ or WRITE]. */
static const uint8_t rw_cmd[2][2][2] = {
    {{0x20, 0x30}, {0xC4, 0xC5}}, /* READ/WRITE SECTORS, READ/WRITE MULTIPLE */
    {{0x24, 0x34}, {0x29, 0x39}}, /* the same, EXT */
};
#define CMD_SET_MULT  0xC6
#define CMD_FLUSH     0xE7
#define CMD_FLUSH_EXT 0xEA
#define CMD_IDENTIFY  0xEC

#define ID_MULT_MAX  47  /* low byte: most sectors per data block */
#define ID_LBA28_CAP 60  /* and 61: sectors for LBA28 */
#define ID_FEATURES  83  /* bit 10: LBA48 */
#define ID_LBA48_CAP 100 /* to 103: sectors for LBA48 */

static struct {
	int lba48;
	uint32_t mult;  /* sectors per data block; 1 without MULTIPLE */
	uint64_t size;  /* the disk's sectors */
	uint64_t start; /* the file system's partition */
	uint64_t sectors;
} disk;

/* The data-transfer position in a request's segments. */
struct cursor {
	const struct vmm_blk_seg *seg;
	uint32_t off;
};

/* ATA wants 400 ns after a command before its status means anything: four
 * reads of the alternate status. */
static void settle(void)
{
	for (int i = 0; i < 4; i++)
		(void)inb(ATA_ALT);
}

/* Wait until the drive is not busy and, if drq, has data to move: 0, or -1
 * if it reports an error or never gets there. Never inlined: how long it
 * polls follows the host (QEMU's disk I/O), and scripts/icount counts its
 * instructions apart by this symbol. */
static __attribute__((noinline)) int wait_status(int drq)
{
	settle(); /* after a command, or after a block of data moved */
	for (uint64_t i = 0; i < STATUS_WAIT; i++) {
		uint8_t st = inb(ATA_STATUS);

		if (st & ST_BSY)
			continue;
		if (st & (ST_ERR | ST_DF))
			return -1;
		if (!drq || (st & ST_DRQ))
			return 0;
	}
	return -1;
}

/* Issue cmd for count sectors from lba (count 0: none, for FLUSH). */
static void issue(uint8_t cmd, uint64_t lba, uint32_t count)
{
	if (disk.lba48) {
		outb(ATA_DRIVE, DRIVE_LBA);
		outb(ATA_COUNT, (uint8_t)(count >> 8)); /* the high bytes go first */
		outb(ATA_LBA0, (uint8_t)(lba >> 24));
		outb(ATA_LBA1, (uint8_t)(lba >> 32));
		outb(ATA_LBA2, (uint8_t)(lba >> 40));
	} else {
		outb(ATA_DRIVE, DRIVE_CHS | DRIVE_LBA | ((lba >> 24) & 0x0F));
	}
	outb(ATA_COUNT, (uint8_t)count); /* 256 (LBA28), 65536 (LBA48): 0 */
	outb(ATA_LBA0, (uint8_t)lba);
	outb(ATA_LBA1, (uint8_t)(lba >> 8));
	outb(ATA_LBA2, (uint8_t)(lba >> 16));
	outb(ATA_CMD, cmd);
}

/* Move one sector between the data port and the cursor's place. */
static void move_sector(int dir, struct cursor *c)
{
	void *p = p2v(c->seg->addr + c->off);

	if (dir == READ)
		insw(ATA_DATA, p, WORDS);
	else
		outsw(ATA_DATA, p, WORDS);
	if ((c->off += IMAGE_SECTOR) == c->seg->len) {
		c->seg++;
		c->off = 0;
	}
}

/* Move count sectors at disk sector lba through the cursor: 0 or -1. */
static int transfer(int dir, uint64_t lba, uint64_t count, struct cursor *c)
{
	uint32_t per_cmd = disk.lba48 ? 65536 : 256;

	while (count > 0) {
		uint32_t n = count < per_cmd ? (uint32_t)count : per_cmd;

		issue(rw_cmd[disk.lba48][disk.mult > 1][dir], lba, n);
		for (uint32_t done = 0; done < n; done++) {
			if (done % disk.mult == 0 && wait_status(1) < 0)
				return -1;
			move_sector(dir, c);
		}
		if (dir == WRITE && wait_status(0) < 0)
			return -1;
		lba += n;
		count -= n;
	}
	return 0;
}

/* The request's sectors, or 0 if its segments are malformed. */
static uint64_t request_sectors(const struct vmm_blk_req *r)
{
	uint64_t bytes = 0;

	if (r->nseg == 0 || r->nseg > VMM_BLK_MAX_SEGS)
		return 0;
	for (uint32_t i = 0; i < r->nseg; i++) {
		if (r->seg[i].len == 0 || r->seg[i].len % IMAGE_SECTOR)
			return 0;
		bytes += r->seg[i].len;
	}
	return bytes <= VMM_BLK_MAX_BYTES ? bytes / IMAGE_SECTOR : 0;
}

static uint32_t read_write(struct vmm_blk_req *r)
{
	uint64_t n = request_sectors(r);
	struct cursor c = {r->seg, 0};

	if (n == 0 || r->sector > disk.sectors || n > disk.sectors - r->sector)
		return VMM_STATUS_EINVAL;
	if (transfer(r->op == VMM_BLK_OP_READ ? READ : WRITE, disk.start + r->sector, n, &c) < 0)
		return VMM_STATUS_EIO;
	return VMM_STATUS_OK;
}

static uint32_t flush(void)
{
	issue(disk.lba48 ? CMD_FLUSH_EXT : CMD_FLUSH, 0, 0);
	return wait_status(0) < 0 ? VMM_STATUS_EIO : VMM_STATUS_OK;
}

/* Carry out a request in the monitor's format and return its status. */
uint32_t ata_request(struct vmm_blk_req *r)
{
	switch (r->op) {
	case VMM_BLK_OP_READ:
	case VMM_BLK_OP_WRITE:
		return read_write(r);
	case VMM_BLK_OP_FLUSH:
		return flush();
	case VMM_BLK_OP_INFO:
		r->sector = disk.sectors;
		r->flags = 0;
		return VMM_STATUS_OK;
	}
	return VMM_STATUS_EINVAL;
}

/* IDENTIFY DEVICE the master: 0, or -1 if there is no ATA disk. */
static int identify(uint16_t *id)
{
	if (inb(ATA_STATUS) == ST_NONE)
		return -1;
	outb(ATA_CTRL, CTRL_NIEN);
	outb(ATA_DRIVE, DRIVE_CHS);
	settle();
	outb(ATA_COUNT, 0);
	outb(ATA_LBA0, 0);
	outb(ATA_LBA1, 0);
	outb(ATA_LBA2, 0);
	outb(ATA_CMD, CMD_IDENTIFY);
	settle();
	if (inb(ATA_STATUS) == 0) /* no drive on the channel */
		return -1;
	if (wait_status(1) < 0) /* an ATAPI drive aborts the command */
		return -1;
	insw(ATA_DATA, id, WORDS);
	return 0;
}

/* Use blocks of up to MULT_MAX sectors per data request if the disk can
 * (a power of two, as SET MULTIPLE MODE wants). */
static void set_multiple(const uint16_t *id)
{
	uint32_t most = id[ID_MULT_MAX] & 0xFF, mult = 1;

	disk.mult = 1;
	while (mult * 2 <= most && mult * 2 <= MULT_MAX)
		mult *= 2;
	if (mult == 1)
		return;
	outb(ATA_DRIVE, DRIVE_CHS);
	outb(ATA_COUNT, (uint8_t)mult);
	outb(ATA_CMD, CMD_SET_MULT);
	if (wait_status(0) == 0)
		disk.mult = mult;
}

/* Find the file system's partition in the MBR: 0, or -1. */
static int find_partition(void)
{
	static uint8_t mbr[IMAGE_SECTOR];
	struct vmm_blk_seg seg = {.addr = v2p(mbr), .len = IMAGE_SECTOR};
	struct cursor c = {&seg, 0};
	struct mbr_entry e;

	if (transfer(READ, 0, 1, &c) < 0)
		return -1;
	if (mbr[IMAGE_MBR_SIG_OFF] != 0x55 || mbr[IMAGE_MBR_SIG_OFF + 1] != 0xAA)
		return -1;
	__builtin_memcpy(&e, mbr + IMAGE_MBR_ENTRIES + IMAGE_PART_FS * sizeof e, sizeof e);
	if (e.type != IMAGE_TYPE_FS || e.sectors == 0 || e.lba_first == 0 ||
	    (uint64_t)e.lba_first + e.sectors > disk.size)
		return -1;
	disk.start = e.lba_first;
	disk.sectors = e.sectors;
	return 0;
}

/* Find the disk and its file-system partition: 0, or -1 (said why). */
int ata_init(void)
{
	static uint16_t id[WORDS];

	if (identify(id) < 0)
		return -1;
	disk.lba48 = (id[ID_FEATURES] >> 10) & 1;
	if (disk.lba48)
		disk.size = id[ID_LBA48_CAP] | (uint64_t)id[ID_LBA48_CAP + 1] << 16 |
		            (uint64_t)id[ID_LBA48_CAP + 2] << 32 |
		            (uint64_t)id[ID_LBA48_CAP + 3] << 48;
	else
		disk.size = id[ID_LBA28_CAP] | (uint32_t)id[ID_LBA28_CAP + 1] << 16;
	set_multiple(id);
	if (find_partition() < 0) {
		kprintf("ata: no file-system partition (slot %d, type 0x%x) on the disk\n",
		        IMAGE_PART_FS + 1, IMAGE_TYPE_FS);
		return -1;
	}
	return 0;
}
