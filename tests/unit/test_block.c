/* The block device: good requests move exactly the bytes asked for, and
 * every kind of bad request fails with its status and moves nothing, inside
 * or outside the partition. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/block.h"
#include "check.h"
#include "core/guest_mem.h"
#include "vmm_abi.h"

#define RAM       (8u << 20)
#define REQ       0x1000u /* the descriptor */
#define FILE_SIZE (64u << 10)
#define PART_OFF  8192u /* partition: [8 KiB, 40 KiB) of the file */
#define PART_SIZE (32u << 10)

static struct guest_mem mem;
static struct block_disk disk;
static uint8_t file_copy[FILE_SIZE]; /* what the file must hold */

static struct vmm_blk_req *req(uint32_t op, uint32_t nseg, uint64_t sector)
{
	struct vmm_blk_req *r = gpa_ptr(&mem, REQ, sizeof(*r));
	*r = (struct vmm_blk_req){.op = op, .nseg = nseg, .sector = sector, .status = 0xff};
	return r;
}

static void seg(int i, uint64_t addr, uint32_t len)
{
	struct vmm_blk_seg *s =
	    gpa_ptr(&mem, REQ + sizeof(struct vmm_blk_req) + i * sizeof(*s), sizeof(*s));
	*s = (struct vmm_blk_seg){.addr = addr, .len = len};
}

/* Whether the image file holds exactly file_copy. */
static int file_intact(void)
{
	static uint8_t now[FILE_SIZE];
	return pread(disk.fd, now, FILE_SIZE, 0) == FILE_SIZE && !memcmp(now, file_copy, FILE_SIZE);
}

static uint32_t submit(void)
{
	return block_request(&disk, &mem, REQ);
}

static void test_info(void)
{
	struct vmm_blk_req *r = req(VMM_BLK_OP_INFO, 0, 0);
	CHECK(submit() == VMM_STATUS_OK && r->status == VMM_STATUS_OK);
	CHECK(r->sector == PART_SIZE / VMM_BLK_SECTOR && r->flags == 0);
}

static void test_write_read(void)
{
	uint8_t *ram = mem.host;
	memset(ram + 0x10000, 0xa5, 4096);
	memset(ram + 0x30000, 0x5a, 512);
	struct vmm_blk_req *r = req(VMM_BLK_OP_WRITE, 2, 2);
	seg(0, 0x10000, 4096);
	seg(1, 0x30000, 512);
	CHECK(submit() == VMM_STATUS_OK && r->status == VMM_STATUS_OK);
	memset(file_copy + PART_OFF + 1024, 0xa5, 4096);
	memset(file_copy + PART_OFF + 1024 + 4096, 0x5a, 512);
	CHECK(file_intact());

	/* The last sector written and the next (never written), into two
	 * places. */
	r = req(VMM_BLK_OP_READ, 2, 10);
	seg(0, 0x50000, 512);
	seg(1, 0x60000, 4096);
	CHECK(submit() == VMM_STATUS_OK);
	CHECK(ram[0x50000] == 0x5a && ram[0x501ff] == 0x5a && ram[0x50200] == 0);
	CHECK(ram[0x60000] == 0 && ram[0x60fff] == 0);

	r = req(VMM_BLK_OP_READ, 1, PART_SIZE / VMM_BLK_SECTOR - 1); /* the last sector */
	seg(0, 0x50000, 512);
	CHECK(submit() == VMM_STATUS_OK && ram[0x50000] == 0);

	r = req(VMM_BLK_OP_FLUSH, 0, 0);
	CHECK(submit() == VMM_STATUS_OK);
	CHECK(disk.reads == 2 && disk.writes == 1 && disk.flushes == 1);
	CHECK(disk.bytes_written == 4608 && disk.bytes_read == 5120);
}

/* One malformed request; it must fail with want and change nothing. */
static void bad(uint32_t want, const char *what)
{
	uint32_t got = submit();
	if (got != want)
		printf("block: %s: status %u, want %u\n", what, got, want);
	CHECK(got == want);
	CHECK(file_intact());
}

static void test_bad(void)
{
	uint64_t end = PART_SIZE / VMM_BLK_SECTOR;

	CHECK(block_request(&disk, &mem, RAM - 8) == VMM_STATUS_EFAULT);
	CHECK(block_request(&disk, &mem, UINT64_MAX - 4) == VMM_STATUS_EFAULT);
	req(VMM_BLK_OP_WRITE, 0, 0);
	bad(VMM_STATUS_EINVAL, "no segments");
	req(VMM_BLK_OP_WRITE, VMM_BLK_MAX_SEGS + 1, 0);
	bad(VMM_STATUS_EINVAL, "too many segments");
	req(VMM_BLK_OP_WRITE, 0xffffffff, 0);
	bad(VMM_STATUS_EINVAL, "nseg overflows");
	req(VMM_BLK_OP_WRITE, 1, 0);
	seg(0, 0x10000, 0);
	bad(VMM_STATUS_EINVAL, "empty segment");
	seg(0, 0x10000, 100);
	bad(VMM_STATUS_EINVAL, "partial sector");
	seg(0, RAM - 512 + 1, 512);
	bad(VMM_STATUS_EFAULT, "buffer past RAM");
	seg(0, UINT64_MAX - 511, 512);
	bad(VMM_STATUS_EFAULT, "buffer wraps");
	seg(0, 0x10000, (uint32_t)VMM_BLK_MAX_BYTES + 512);
	bad(VMM_STATUS_EINVAL, "segment too long");
	req(VMM_BLK_OP_WRITE, 2, 0);
	seg(0, 0x10000, (uint32_t)VMM_BLK_MAX_BYTES);
	seg(1, 0x10000, 512);
	bad(VMM_STATUS_EINVAL, "request too long");
	req(VMM_BLK_OP_WRITE, 1, end);
	seg(0, 0x10000, 512);
	bad(VMM_STATUS_EINVAL, "sector past the end");
	req(VMM_BLK_OP_WRITE, 1, end - 1);
	seg(0, 0x10000, 1024);
	bad(VMM_STATUS_EINVAL, "run crosses the end");
	req(VMM_BLK_OP_WRITE, 1, UINT64_MAX);
	bad(VMM_STATUS_EINVAL, "sector overflows");
	req(VMM_BLK_OP_WRITE, 1, UINT64_MAX / VMM_BLK_SECTOR + 1);
	bad(VMM_STATUS_EINVAL, "byte offset overflows");
	req(99, 0, 0);
	bad(VMM_STATUS_EINVAL, "unknown operation");
	req(VMM_BLK_OP_FLUSH, 1, 0);
	bad(VMM_STATUS_EINVAL, "flush with segments");

	/* Segments listed past the end of RAM. */
	struct vmm_blk_req *r = gpa_ptr(&mem, RAM - sizeof(*r), sizeof(*r));
	*r = (struct vmm_blk_req){.op = VMM_BLK_OP_READ, .nseg = 1};
	CHECK(block_request(&disk, &mem, RAM - sizeof(*r)) == VMM_STATUS_EFAULT);
	CHECK(r->status == VMM_STATUS_EFAULT);
	CHECK(disk.reads == 2 && disk.writes == 1); /* none of them counted as done */
}

static void test_readonly(void)
{
	disk.readonly = true;
	struct vmm_blk_req *r = req(VMM_BLK_OP_INFO, 0, 0);
	CHECK(submit() == VMM_STATUS_OK && r->flags == VMM_BLK_F_READONLY);
	req(VMM_BLK_OP_WRITE, 1, 0);
	seg(0, 0x10000, 512);
	bad(VMM_STATUS_EROFS, "write to a read-only disk");
	req(VMM_BLK_OP_READ, 1, 2);
	seg(0, 0x70000, 512);
	CHECK(submit() == VMM_STATUS_OK && mem.host[0x70000] == 0xa5);
	disk.readonly = false;
}

/* --fail-writes-after: the writes up to the cut land, the next one does
 * not; reads still work (the monitor stops the guest at that exit). */
static void test_power_cut(void)
{
	disk.cut_armed = true;
	disk.cut_after = disk.writes + 1;
	memset(mem.host + 0x10000, 0x3c, 512);
	req(VMM_BLK_OP_WRITE, 1, 20);
	seg(0, 0x10000, 512);
	CHECK(submit() == VMM_STATUS_OK && !disk.power_cut);
	memset(file_copy + PART_OFF + 20 * 512, 0x3c, 512);
	CHECK(file_intact());
	memset(mem.host + 0x10000, 0xc3, 512);
	req(VMM_BLK_OP_WRITE, 1, 21);
	seg(0, 0x10000, 512);
	CHECK(submit() == VMM_STATUS_EIO && disk.power_cut);
	CHECK(file_intact() && disk.writes == disk.cut_after);
	req(VMM_BLK_OP_READ, 1, 20);
	seg(0, 0x70000, 512);
	CHECK(submit() == VMM_STATUS_OK && mem.host[0x70000] == 0x3c);
	disk.cut_armed = disk.power_cut = false;
}

void test_block(void)
{
	char path[] = "/tmp/vmm-block-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	unlink(path);
	for (unsigned i = 0; i < FILE_SIZE; i++)
		file_copy[i] = (uint8_t)(i * 7 + 3);
	CHECK(pwrite(fd, file_copy, FILE_SIZE, 0) == FILE_SIZE);
	memset(file_copy + PART_OFF, 0, PART_SIZE);
	CHECK(pwrite(fd, file_copy + PART_OFF, PART_SIZE, PART_OFF) == PART_SIZE);
	mem = (struct guest_mem){.host = calloc(1, RAM), .size = RAM};
	disk = (struct block_disk){.fd = fd, .offset = PART_OFF, .size = PART_SIZE};
	CHECK(mem.host != NULL);
	test_info();
	test_write_read();
	test_bad();
	test_readonly();
	test_power_cut();
	close(fd);
	free(mem.host);
}
