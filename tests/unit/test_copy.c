/* The copy engine: good batches, and every kind of bad one. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "devices/devices.h"
#include "core/vm.h"
#include "vmm_abi.h"

#define RAM   (1u << 20)
#define BATCH 0x1000u

static struct vm vm;

static struct vmm_copy_batch *batch(uint32_t count)
{
	struct vmm_copy_batch *b = gpa_ptr(&vm.mem, BATCH, sizeof(*b));
	*b = (struct vmm_copy_batch){.count = count, .status = 0xff, .done = 0xff};
	return b;
}

static void set_op(int i, uint32_t op, uint64_t dst, uint64_t src, uint64_t len)
{
	struct vmm_copy_op *o =
	    gpa_ptr(&vm.mem, BATCH + sizeof(struct vmm_copy_batch) + i * sizeof(*o), sizeof(*o));
	*o = (struct vmm_copy_op){.op = op, .dst = dst, .src = src, .len = len};
}

static void submit(uint32_t gpa)
{
	io_dispatch(&vm, VMM_PORT_COPY, true, 4, (uint8_t *)&gpa);
}

static void test_good(void)
{
	uint8_t *ram = vm.mem.host;
	memset(ram + 0x10000, 0x5a, 4096);
	struct vmm_copy_batch *b = batch(3);
	set_op(0, VMM_COPY_OP_COPY, 0x20000, 0x10000, 4096);
	set_op(1, VMM_COPY_OP_FILL, 0x30000, 0xab, 4096);
	set_op(2, VMM_COPY_OP_COPY, 0x10001, 0x10000, 100); /* overlapping: memmove */
	submit(BATCH);
	CHECK(b->status == VMM_STATUS_OK && b->done == 3);
	CHECK(ram[0x20000] == 0x5a && ram[0x20fff] == 0x5a && ram[0x21000] == 0);
	CHECK(ram[0x30000] == 0xab && ram[0x30fff] == 0xab && ram[0x31000] == 0);
	b = batch(0);
	submit(BATCH);
	CHECK(b->status == VMM_STATUS_OK && b->done == 0);
}

static void test_bad(void)
{
	struct vmm_copy_batch *b = batch(2);
	set_op(0, VMM_COPY_OP_FILL, 0x40000, 1, 16);
	set_op(1, VMM_COPY_OP_COPY, RAM - 8, 0x40000, 16); /* dst past the end */
	submit(BATCH);
	CHECK(b->status == VMM_STATUS_EFAULT && b->done == 1 && vm.mem.host[0x40000] == 1);
	b = batch(1);
	set_op(0, VMM_COPY_OP_COPY, 0x40000, UINT64_MAX - 4, 16); /* src wraps */
	submit(BATCH);
	CHECK(b->status == VMM_STATUS_EFAULT && b->done == 0);
	b = batch(1);
	set_op(0, VMM_COPY_OP_FILL, UINT64_MAX - 4, 0, 16); /* dst wraps */
	submit(BATCH);
	CHECK(b->status == VMM_STATUS_EFAULT);
	b = batch(1);
	set_op(0, VMM_COPY_OP_FILL, 0x40000, 0x100, 16); /* not a byte value */
	submit(BATCH);
	CHECK(b->status == VMM_STATUS_EINVAL && vm.mem.host[0x40000] == 1);
	b = batch(1);
	set_op(0, 99, 0x40000, 0x40000, 16); /* unknown operation */
	submit(BATCH);
	CHECK(b->status == VMM_STATUS_EINVAL);
	b = batch(1);
	set_op(0, VMM_COPY_OP_FILL, 0, 0, VMM_COPY_MAX_LEN + 1); /* too long */
	submit(BATCH);
	CHECK(b->status == VMM_STATUS_EINVAL);
	b = batch(VMM_COPY_MAX_OPS + 1);
	submit(BATCH);
	CHECK(b->status == VMM_STATUS_EINVAL && b->done == 0);
	b = batch(0xffffffff); /* count whose ops array would wrap */
	submit(BATCH);
	CHECK(b->status == VMM_STATUS_EINVAL);
	/* A batch whose ops run past the end of RAM. */
	uint32_t at = RAM - sizeof(struct vmm_copy_batch) - 8;
	struct vmm_copy_batch *edge = gpa_ptr(&vm.mem, at, sizeof(*edge));
	*edge = (struct vmm_copy_batch){.count = 1};
	submit(at);
	CHECK(edge->status == VMM_STATUS_EFAULT);
	submit(RAM - 4);     /* header straddles the end: ignored */
	submit(0xfffffff0u); /* outside RAM: ignored */
	CHECK(!vm.stop);
}

void test_copy(void)
{
	vm.mem = (struct guest_mem){.host = calloc(1, RAM), .size = RAM};
	CHECK(vm.mem.host && copy_part.setup(&vm) == 0);
	test_good();
	test_bad();
	free(vm.mem.host);
}
