/*
 * The block device: partition 2 of the image as a disk of 512-byte sectors.
 * A request is one exit: the guest writes the physical address of a
 * descriptor (struct vmm_blk_req) to VMM_PORT_BLOCK, and the monitor moves
 * the data with one preadv/pwritev straight between the image file and the
 * guest buffers the descriptor lists. The descriptor, every buffer and the
 * sector range are checked in full before a byte moves: a bad request
 * completes with an error status and touches nothing, neither outside guest
 * RAM nor outside the partition.
 */
#include "devices/block.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "devices/devices.h"
#include "core/image.h"
#include "disk_image.h"
#include "core/util.h"
#include "core/vm.h"
#include "vmm_abi.h"

/* The request's segments as host buffers, and the bytes they add up to. */
struct transfer {
	struct iovec iov[VMM_BLK_MAX_SEGS];
	int n;
	uint64_t bytes;
};

/* Checks nseg segments at gpa and turns them into iovecs. */
static uint32_t map_segments(struct guest_mem *m, uint64_t gpa, uint32_t nseg, struct transfer *t)
{
	if (nseg == 0 || nseg > VMM_BLK_MAX_SEGS)
		return VMM_STATUS_EINVAL;
	const uint8_t *segs = gpa_ptr(m, gpa, (uint64_t)nseg * sizeof(struct vmm_blk_seg));
	if (!segs)
		return VMM_STATUS_EFAULT;
	t->n = (int)nseg;
	t->bytes = 0;
	for (uint32_t i = 0; i < nseg; i++) {
		/* A private copy: what was checked is what is used. */
		struct vmm_blk_seg s;
		memcpy(&s, segs + (size_t)i * sizeof(s), sizeof(s));
		if (s.len == 0 || s.len % VMM_BLK_SECTOR || s.len > VMM_BLK_MAX_BYTES)
			return VMM_STATUS_EINVAL;
		t->bytes += s.len; /* at most 256 * 4 MiB: no overflow */
		if (t->bytes > VMM_BLK_MAX_BYTES)
			return VMM_STATUS_EINVAL;
		void *p = gpa_ptr(m, s.addr, s.len);
		if (!p)
			return VMM_STATUS_EFAULT;
		t->iov[i] = (struct iovec){.iov_base = p, .iov_len = s.len};
	}
	return VMM_STATUS_OK;
}

/* Drops the first done bytes from the transfer, after a short transfer. */
static void advance(struct transfer *t, int *first, size_t done)
{
	while (done > 0 && *first < t->n) {
		struct iovec *v = &t->iov[*first];
		size_t step = done < v->iov_len ? done : v->iov_len;
		v->iov_base = (uint8_t *)v->iov_base + step;
		v->iov_len -= step;
		done -= step;
		if (v->iov_len == 0)
			(*first)++;
	}
}

/* Moves the whole transfer at file offset off; VMM_STATUS_OK or EIO. */
static uint32_t move(int fd, bool write, struct transfer *t, uint64_t off)
{
	int first = 0;
	uint64_t left = t->bytes;
	while (left > 0) {
		ssize_t n = write ? pwritev(fd, t->iov + first, t->n - first, (off_t)off)
		                  : preadv(fd, t->iov + first, t->n - first, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) /* an error, or the file shrank under us */
			return VMM_STATUS_EIO;
		advance(t, &first, (size_t)n);
		off += (uint64_t)n;
		left -= (uint64_t)n;
	}
	return VMM_STATUS_OK;
}

static uint32_t read_write(struct block_disk *d, struct guest_mem *m, uint64_t gpa,
                           const struct vmm_blk_req *req)
{
	static struct transfer t; /* 4 KiB of iovecs: off the stack */
	bool write = req->op == VMM_BLK_OP_WRITE;
	uint32_t status = map_segments(m, gpa + sizeof(*req), req->nseg, &t);
	if (status != VMM_STATUS_OK)
		return status;
	uint64_t sectors = d->size / VMM_BLK_SECTOR, count = t.bytes / VMM_BLK_SECTOR;
	if (req->sector > sectors || count > sectors - req->sector)
		return VMM_STATUS_EINVAL;
	if (write && d->readonly)
		return VMM_STATUS_EROFS;
	if (write && d->cut_armed && d->writes >= d->cut_after) {
		d->power_cut = true;
		return VMM_STATUS_EIO;
	}
	status = move(d->fd, write, &t, d->offset + req->sector * VMM_BLK_SECTOR);
	if (status == VMM_STATUS_OK) {
		*(write ? &d->writes : &d->reads) += 1;
		*(write ? &d->bytes_written : &d->bytes_read) += t.bytes;
	}
	return status;
}

static uint32_t serve(struct block_disk *d, struct guest_mem *m, uint64_t gpa,
                      struct vmm_blk_req *req)
{
	switch (req->op) {
	case VMM_BLK_OP_READ:
	case VMM_BLK_OP_WRITE:
		return read_write(d, m, gpa, req);
	case VMM_BLK_OP_FLUSH:
		if (req->nseg != 0)
			return VMM_STATUS_EINVAL;
		d->flushes++;
		return d->readonly || fdatasync(d->fd) == 0 ? VMM_STATUS_OK : VMM_STATUS_EIO;
	case VMM_BLK_OP_INFO:
		if (req->nseg != 0)
			return VMM_STATUS_EINVAL;
		d->infos++;
		req->sector = d->size / VMM_BLK_SECTOR;
		req->flags = d->readonly ? VMM_BLK_F_READONLY : 0;
		return VMM_STATUS_OK;
	default:
		return VMM_STATUS_EINVAL;
	}
}

uint32_t block_request(struct block_disk *d, struct guest_mem *m, uint64_t gpa)
{
	/* Bytes, not a struct pointer: the guest may put the descriptor at any
	 * address, and a misaligned struct pointer is undefined behaviour. */
	uint8_t *slot = gpa_ptr(m, gpa, sizeof(struct vmm_blk_req));
	if (!slot)
		return VMM_STATUS_EFAULT;
	struct vmm_blk_req req;
	memcpy(&req, slot, sizeof(req));
	uint32_t status = serve(d, m, gpa, &req);
	if (status == VMM_STATUS_OK && req.op == VMM_BLK_OP_INFO) {
		memcpy(slot + offsetof(struct vmm_blk_req, sector), &req.sector,
		       sizeof(req.sector));
		memcpy(slot + offsetof(struct vmm_blk_req, flags), &req.flags, sizeof(req.flags));
	}
	memcpy(slot + offsetof(struct vmm_blk_req, status), &status, sizeof(status));
	return status;
}

/* One request at a time, whichever vCPU makes it: the iovec table, the
 * counts and the power cut's count of writes are the disk's. */
static pthread_mutex_t block_lock = PTHREAD_MUTEX_INITIALIZER;

static bool block_out(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t gpa)
{
	struct block_disk *d = dev;
	(void)port;
	if (size != 4)
		return false;
	pthread_mutex_lock(&block_lock);
	bool ok = block_request(d, &vm->mem, gpa) == VMM_STATUS_OK;
	bool cut = d->power_cut;
	pthread_mutex_unlock(&block_lock);
	if (cut) {
		/* The simulated power cut dropped this write: not the guest's error. */
		fail("power cut: write request %llu and all after it dropped (--fail-writes-after "
		     "%llu)",
		     (unsigned long long)d->cut_after + 1, (unsigned long long)d->cut_after);
		vm_stop(vm, VMM_EXIT_POWER_CUT);
		return true;
	}
	return ok;
}

static const struct io_ops block_ops = {.name = "block", .out = block_out};

/* The disk; its file belongs to the image (core/image.c). */
static struct block_disk the_disk = {.fd = -1};

/* --fail-writes-after N */
static enum args_result take_fail_writes(const char *value)
{
	char *end = NULL;
	the_disk.cut_armed = true;
	the_disk.cut_after = strtoull(value, &end, 10);
	if (*value < '0' || *value > '9' || *end) {
		fail("bad --fail-writes-after '%s' (a number of write requests)", value);
		return ARGS_USAGE_ERROR;
	}
	return ARGS_RUN;
}

/* Partition 2 of the image, when it has one, is the disk. */
static int block_setup(struct vm *vm)
{
	const struct image *img = vm->image;
	struct block_disk *d = &the_disk;
	if (!img || !image_has_fs(img))
		return PART_ABSENT;
	d->fd = img->fd;
	d->offset = img->part[IMAGE_PART_FS].offset;
	d->size = img->part[IMAGE_PART_FS].size;
	d->readonly = img->readonly;
	d->power_cut = false;
	d->reads = d->writes = d->flushes = d->infos = d->bytes_read = d->bytes_written = 0;
	return io_register(&vm->io, VMM_PORT_BLOCK, 1, &block_ops, d);
}

static void block_report(const struct vm *vm, FILE *f)
{
	(void)vm;
	const struct block_disk *d = &the_disk;
	fprintf(f, "block device: %llu reads (%.1f MiB), %llu writes (%.1f MiB), %llu flushes\n",
	        (unsigned long long)d->reads, (double)d->bytes_read / (1 << 20),
	        (unsigned long long)d->writes, (double)d->bytes_written / (1 << 20),
	        (unsigned long long)d->flushes);
}

static const struct part_option block_options[] = {
    {.name = "--fail-writes-after",
     .kind = OPTION_VALUE,
     .needs = "a number of write requests",
     .help = "      --fail-writes-after N  simulate a power cut: the disk takes the first N\n"
             "                     write requests, then nothing; the guest stops (exit 4)\n",
     .take = take_fail_writes},
    {0},
};

const struct part block_part = {
    .name = "block",
    .abi_bit = VMM_DEV_BLOCK,
    .options = block_options,
    .setup = block_setup,
    .report = block_report,
};
