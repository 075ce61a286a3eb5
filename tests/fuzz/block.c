/* Fuzz target: the block device's request handler, block_request
 * (monitor/devices/block.c), on a 64 KiB temporary disk file whose partition is
 * [8 KiB, 40 KiB). Each OUT's value is a descriptor's address in guest RAM.
 *
 * After every request the target checks the device's promises against a
 * model built from RAM and the file as they were before: nothing outside
 * the partition changes, ever; a failed request changes nothing but its
 * status word; a READ puts exactly the partition's sectors into the
 * segments, in order; a WRITE puts exactly the segments' bytes into the
 * partition; INFO reports the size and the read-only flag. */
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "devices/block.h"
#include "fuzz.h"
#include "vmm_abi.h"

#define FILE_SIZE (64u << 10)
#define PART_OFF  (8u << 10)
#define PART_SIZE (32u << 10)
#define STATUS_AT offsetof(struct vmm_blk_req, status)

static struct guest_mem mem;
static struct block_disk disk;
static uint8_t initial[FILE_SIZE];
/* The model: what RAM and the file should hold after the request. */
static uint8_t ram_want[FUZZ_RAM], file_want[FILE_SIZE], file_now[FILE_SIZE];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_map_ram(&mem, FUZZ_RAM);
	for (unsigned i = 0; i < FILE_SIZE; i++)
		initial[i] = (uint8_t)(i * 7 + i / 512);
	disk = (struct block_disk){
	    .fd = fuzz_temp_file("fuzz-disk", FILE_SIZE), .offset = PART_OFF, .size = PART_SIZE};
	return 0;
}

static void read_file(uint8_t *buf)
{
	FUZZ_CHECK(pread(disk.fd, buf, FILE_SIZE, 0) == FILE_SIZE);
}

/* A request's segments, as the descriptor held them before it was served. */
static struct vmm_blk_seg segs[VMM_BLK_MAX_SEGS];

/* Whether the ABI (include/vmm_abi.h) calls a READ or WRITE well-formed;
 * reads its segments into segs. */
static int rw_valid(const struct vmm_blk_req *req, uint64_t gpa)
{
	if (req->nseg == 0 || req->nseg > VMM_BLK_MAX_SEGS ||
	    !gpa_ptr(&mem, gpa + sizeof(*req), req->nseg * sizeof(segs[0])))
		return 0;
	memcpy(segs, ram_want + gpa + sizeof(*req), req->nseg * sizeof(segs[0]));
	uint64_t bytes = 0;
	for (uint32_t i = 0; i < req->nseg; i++) {
		if (segs[i].len == 0 || segs[i].len % VMM_BLK_SECTOR ||
		    !gpa_ptr(&mem, segs[i].addr, segs[i].len))
			return 0;
		bytes += segs[i].len;
	}
	uint64_t sectors = PART_SIZE / VMM_BLK_SECTOR;
	return bytes <= VMM_BLK_MAX_BYTES && req->sector <= sectors &&
	       bytes / VMM_BLK_SECTOR <= sectors - req->sector &&
	       !(req->op == VMM_BLK_OP_WRITE && disk.readonly);
}

static int valid(const struct vmm_blk_req *req, uint64_t gpa)
{
	if (req->op == VMM_BLK_OP_READ || req->op == VMM_BLK_OP_WRITE)
		return rw_valid(req, gpa);
	return (req->op == VMM_BLK_OP_FLUSH || req->op == VMM_BLK_OP_INFO) && req->nseg == 0;
}

/* A READ or WRITE moves the segments in order, sector after sector. */
static void model_transfer(const struct vmm_blk_req *req)
{
	uint64_t off = PART_OFF + req->sector * VMM_BLK_SECTOR;
	for (uint32_t i = 0; i < req->nseg; i++) {
		if (req->op == VMM_BLK_OP_READ)
			memcpy(ram_want + segs[i].addr, file_want + off, segs[i].len);
		else
			memcpy(file_want + off, ram_want + segs[i].addr, segs[i].len);
		off += segs[i].len;
	}
}

/* INFO fills in the partition's sectors and the flags. */
static void model_info(uint64_t gpa)
{
	uint64_t sectors = PART_SIZE / VMM_BLK_SECTOR;
	uint32_t flags = disk.readonly ? VMM_BLK_F_READONLY : 0;
	memcpy(ram_want + gpa + offsetof(struct vmm_blk_req, sector), &sectors, sizeof(sectors));
	memcpy(ram_want + gpa + offsetof(struct vmm_blk_req, flags), &flags, sizeof(flags));
}

/* Serves the request at gpa and compares RAM and the file with the model:
 * a well-formed request succeeds (the file never fails here) and does what
 * it says, any other fails and changes nothing but its status. */
static void one_request(uint32_t gpa)
{
	struct vmm_blk_req req;
	memcpy(ram_want, mem.host, FUZZ_RAM);
	read_file(file_want);
	int in_ram = gpa_ptr(&mem, gpa, sizeof(req)) != NULL;
	if (in_ram)
		memcpy(&req, ram_want + gpa, sizeof(req));
	int ok = in_ram && valid(&req, gpa);
	uint32_t status = block_request(&disk, &mem, gpa);
	FUZZ_CHECK(ok ? status == VMM_STATUS_OK
	              : status != VMM_STATUS_OK && status <= VMM_STATUS_EROFS);
	FUZZ_CHECK(in_ram || status == VMM_STATUS_EFAULT);
	if (ok && (req.op == VMM_BLK_OP_READ || req.op == VMM_BLK_OP_WRITE))
		model_transfer(&req);
	if (ok && req.op == VMM_BLK_OP_INFO)
		model_info(gpa);
	if (in_ram)
		memcpy(ram_want + gpa + STATUS_AT, &status, sizeof(status));
	read_file(file_now);
	FUZZ_CHECK(memcmp(file_now, file_want, FILE_SIZE) == 0);
	FUZZ_CHECK(memcmp(mem.host, ram_want, FUZZ_RAM) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct fuzz_header h;
	fuzz_take(&in, &h, sizeof(h));
	fuzz_fill_ram(&mem, &in);
	FUZZ_CHECK(pwrite(disk.fd, initial, FILE_SIZE, 0) == FILE_SIZE);
	disk.readonly = h.flags & FUZZ_F_READONLY;
	for (unsigned i = 0; i < fuzz_access_count(&h); i++)
		one_request(h.access[i].value);
	return 0;
}
