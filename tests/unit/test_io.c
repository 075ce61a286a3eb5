/* Port dispatch and the console and power-off devices, driven the way the
 * run loop drives them, on a fake VM with RAM from calloc. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "devices/devices.h"
#include "core/vm.h"
#include "vmm_abi.h"

static struct vm vm;

static uint32_t counter_in(struct vm *v, void *dev, uint16_t port, unsigned size)
{
	(void)v;
	(void)size;
	return *(uint32_t *)dev + port;
}

static const struct io_ops counter_ops = {.name = "counter", .in = counter_in};

static void out32(uint16_t port, uint32_t value)
{
	io_dispatch(&vm, port, true, 4, (uint8_t *)&value);
}

static void test_dispatch(void)
{
	static uint32_t base = 1000;
	CHECK(io_register(&vm.io, 0x600, 4, &counter_ops, &base) == 0);
	CHECK(io_register(&vm.io, 0x603, 1, &counter_ops, &base) < 0);  /* overlap */
	CHECK(io_register(&vm.io, 0xffff, 2, &counter_ops, &base) < 0); /* past 0xffff */
	uint32_t v = 0;
	io_dispatch(&vm, 0x602, false, 4, (uint8_t *)&v);
	CHECK(v == 1000 + 0x602);
	uint8_t b[4] = {0};
	io_dispatch(&vm, 0x700, false, 2, b);
	CHECK(b[0] == 0xff && b[1] == 0xff && b[2] == 0); /* unclaimed: all ones, size bytes */
	out32(0x700, 5);
	out32(0x600, 5); /* a device without an out handler refuses it */
	CHECK(vm.io.unknown_ins == 1 && vm.io.unknown_outs == 1 && !vm.stop);
	CHECK(vm.io.handlers[vm.io.slot[0x600] - 1].errors == 1);
	vm.strict = true;
	out32(0x701, 5);
	CHECK(vm.stop && vm.exit_code == VMM_EXIT_CRASH);
	vm.strict = false;
	vm.stop = false;
}

static struct vmm_buf *put_desc(uint64_t at, uint64_t addr, uint32_t len)
{
	struct vmm_buf *d = gpa_ptr(&vm.mem, at, sizeof(*d));
	*d = (struct vmm_buf){.addr = addr, .len = len, .status = 0xffffffff};
	return d;
}

static void test_console(int rd)
{
	memcpy(vm.mem.host + 0x3000, "hello", 5);
	struct vmm_buf *d = put_desc(0x2000, 0x3000, 5);
	out32(VMM_PORT_CONSOLE, 0x2000);
	char got[16] = {0};
	CHECK(d->status == VMM_STATUS_OK && read(rd, got, sizeof(got)) == 5 &&
	      !memcmp(got, "hello", 5));
	d = put_desc(0x2000, vm.mem.size - 2, 5);
	out32(VMM_PORT_CONSOLE, 0x2000);
	CHECK(d->status == VMM_STATUS_EFAULT);
	d = put_desc(0x2000, UINT64_MAX - 1, 5);
	out32(VMM_PORT_CONSOLE, 0x2000);
	CHECK(d->status == VMM_STATUS_EFAULT);
	d = put_desc(0x2000, 0, VMM_CONSOLE_MAX + 1);
	out32(VMM_PORT_CONSOLE, 0x2000);
	CHECK(d->status == VMM_STATUS_EINVAL);
	out32(VMM_PORT_CONSOLE, (uint32_t)vm.mem.size - 4); /* descriptor straddles the end */
	out32(VMM_PORT_CONSOLE, 0xfffffff0);
	CHECK(!vm.stop && read(rd, got, sizeof(got)) < 0); /* nothing written, no crash */
}

static void test_poweroff(void)
{
	out32(VMM_PORT_POWEROFF, 0x34);
	CHECK(vm.stop && vm.exit_code == 0x34);
	vm.stop = false;
	out32(VMM_PORT_POWEROFF, VMM_POWEROFF_PANIC | 1);
	CHECK(vm.stop && vm.exit_code == VMM_EXIT_CRASH);
	vm.stop = false;
}

void test_io(void)
{
	vm.mem = (struct guest_mem){.host = calloc(1, 1 << 20), .size = 1 << 20};
	int p[2];
	CHECK(vm.mem.host && pipe(p) == 0);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	console_set_output(p[1]);
	uint64_t present;
	vm.image = NULL; /* no image: no block device */
	vm.ncpus = 0;    /* no vCPU: the counters have no KVM statistics */
	CHECK(setup_devices(&vm, &present) == 0);
	CHECK(present == (VMM_DEV_CONSOLE | VMM_DEV_POWEROFF | VMM_DEV_COPY | VMM_DEV_MARK |
	                  VMM_DEV_CONSOLE_IN | VMM_DEV_COUNTERS));
	test_dispatch();
	test_console(p[0]);
	test_poweroff();
	close(p[0]);
	close(p[1]);
	free(vm.mem.host);
}
