/* The one guest-pointer function, and the device errors --stats reports:
 * every device refuses wrong sizes, the wrong direction, descriptors outside
 * RAM and bad values, counts each refusal once, and counts nothing for a
 * good request. Runs after test_console_in, whose input has ended. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "devices/devices.h"
#include "core/image.h"
#include "core/vm.h"
#include "disk_image.h"
#include "vmm_abi.h"

#define RAM  (1u << 20)
#define DESC 0x1000u
#define DATA 0x2000u

static struct vm vm;

static void test_gpa_ptr(void)
{
	struct guest_mem m = {.host = (uint8_t *)0x10000, .size = RAM};
	CHECK(gpa_ptr(&m, 0, RAM) == m.host);
	CHECK(gpa_ptr(&m, RAM - 1, 1) == m.host + RAM - 1);
	CHECK(gpa_ptr(&m, RAM, 0) == m.host + RAM); /* empty, at the end */
	CHECK(gpa_ptr(&m, RAM, 1) == NULL);
	CHECK(gpa_ptr(&m, 1, RAM) == NULL);
	CHECK(gpa_ptr(&m, 0, RAM + 1ull) == NULL);
	CHECK(gpa_ptr(&m, UINT64_MAX, 2) == NULL);             /* wraps past 2^64 */
	CHECK(gpa_ptr(&m, 2, UINT64_MAX) == NULL);             /* wraps past 2^64 */
	CHECK(gpa_ptr(&m, UINT64_MAX - RAM + 1, RAM) == NULL); /* ends at exactly 2^64 */
	CHECK(gpa_ptr(&m, 1ull << 32, 16) == NULL);            /* 4 GiB + 0 */
	CHECK(gpa_ptr(&m, 0xfffffff0u, 0x20) == NULL);         /* crosses 4 GiB */
}

static uint64_t errors(uint16_t port)
{
	return vm.io.handlers[vm.io.slot[port] - 1].errors;
}

static void out(uint16_t port, unsigned size, uint32_t value)
{
	io_dispatch(&vm, port, true, size, (uint8_t *)&value);
}

static struct vmm_buf *buf_desc(uint64_t addr, uint32_t len)
{
	struct vmm_buf *d = gpa_ptr(&vm.mem, DESC, sizeof(*d));
	*d = (struct vmm_buf){.addr = addr, .len = len, .status = 0xff};
	return d;
}

/* What every device refuses alike: reads, 8- and 16-bit writes, and a
 * descriptor (or label) wholly or partly outside RAM. */
static void test_common(uint16_t port)
{
	uint64_t before = errors(port), unknown = vm.io.unknown_ins + vm.io.unknown_outs;
	for (unsigned size = 1; size <= 4; size *= 2) {
		uint32_t v = 0;
		io_dispatch(&vm, port, false, size, (uint8_t *)&v);
		CHECK(v == (size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1));
	}
	out(port, 1, 0); /* 0: a value the port takes in 32 bits (mark, power-off) */
	out(port, 2, 0);
	CHECK(errors(port) == before + 5);
	if (port == VMM_PORT_POWEROFF)
		return;
	memset(vm.mem.host + RAM - 4, 'a', 4); /* no NUL either, for mark */
	out(port, 4, RAM - 4);                 /* straddles the end */
	out(port, 4, 0xfffffff0u);             /* outside */
	out(port, 4, RAM);
	CHECK(errors(port) == before + 8);
	CHECK(vm.io.unknown_ins + vm.io.unknown_outs == unknown && !vm.stop);
}

static void test_console(void)
{
	uint64_t before = errors(VMM_PORT_CONSOLE);
	memcpy(vm.mem.host + DATA, "ok", 2);
	struct vmm_buf *d = buf_desc(DATA, 2);
	out(VMM_PORT_CONSOLE, 4, DESC);
	CHECK(d->status == VMM_STATUS_OK && errors(VMM_PORT_CONSOLE) == before);
	d = buf_desc(DATA, VMM_CONSOLE_MAX + 1);
	out(VMM_PORT_CONSOLE, 4, DESC);
	CHECK(d->status == VMM_STATUS_EINVAL);
	d = buf_desc(UINT64_MAX, 2);
	out(VMM_PORT_CONSOLE, 4, DESC);
	CHECK(d->status == VMM_STATUS_EFAULT && errors(VMM_PORT_CONSOLE) == before + 2);
}

static void test_console_input(void)
{
	uint64_t before = errors(VMM_PORT_CONSOLE_IN);
	struct vmm_buf *d = buf_desc(DATA, 16);
	out(VMM_PORT_CONSOLE_IN, 4, DESC); /* the input has ended: not an error */
	CHECK(d->status == VMM_STATUS_EOF && errors(VMM_PORT_CONSOLE_IN) == before);
	d = buf_desc(RAM - 8, 16);
	out(VMM_PORT_CONSOLE_IN, 4, DESC);
	CHECK(d->status == VMM_STATUS_EFAULT && d->len == 0);
	CHECK(errors(VMM_PORT_CONSOLE_IN) == before + 1);
}

static void test_copy_engine(void)
{
	uint64_t before = errors(VMM_PORT_COPY);
	struct vmm_copy_batch *b = gpa_ptr(&vm.mem, DESC, sizeof(*b));
	*b = (struct vmm_copy_batch){.count = 0};
	out(VMM_PORT_COPY, 4, DESC);
	CHECK(b->status == VMM_STATUS_OK && errors(VMM_PORT_COPY) == before);
	*b = (struct vmm_copy_batch){.count = VMM_COPY_MAX_OPS + 1};
	out(VMM_PORT_COPY, 4, DESC);
	CHECK(b->status == VMM_STATUS_EINVAL && errors(VMM_PORT_COPY) == before + 1);
}

static void test_block_device(void)
{
	uint64_t before = errors(VMM_PORT_BLOCK);
	struct vmm_blk_req *r = gpa_ptr(&vm.mem, DESC, sizeof(*r));
	*r = (struct vmm_blk_req){.op = VMM_BLK_OP_INFO};
	out(VMM_PORT_BLOCK, 4, DESC);
	CHECK(r->status == VMM_STATUS_OK && r->sector == 8 && errors(VMM_PORT_BLOCK) == before);
	*r = (struct vmm_blk_req){.op = VMM_BLK_OP_READ, .nseg = 0};
	out(VMM_PORT_BLOCK, 4, DESC);
	CHECK(r->status == VMM_STATUS_EINVAL && errors(VMM_PORT_BLOCK) == before + 1);
}

static void test_poweroff(void)
{
	uint64_t before = errors(VMM_PORT_POWEROFF);
	out(VMM_PORT_POWEROFF, 4, 0x200);      /* a bit with no meaning */
	out(VMM_PORT_POWEROFF, 4, 0xffffffff); /* all of them */
	out(VMM_PORT_POWEROFF, 4, 0x80000000 | VMM_POWEROFF_PANIC);
	CHECK(!vm.stop && errors(VMM_PORT_POWEROFF) == before + 3);
	out(VMM_PORT_POWEROFF, 4, VMM_POWEROFF_PANIC | 0xff);
	CHECK(vm.stop && vm.exit_code == VMM_EXIT_CRASH && errors(VMM_PORT_POWEROFF) == before + 3);
	vm.stop = false;
}

/* A label of bytes at gpa; whether the mark device took it. */
static int mark_takes(uint64_t gpa, const char *bytes, size_t n)
{
	memcpy(vm.mem.host + gpa, bytes, n);
	uint64_t before = errors(VMM_PORT_MARK);
	out(VMM_PORT_MARK, 4, (uint32_t)gpa);
	return errors(VMM_PORT_MARK) == before;
}

static void test_mark(void)
{
	char label[VMM_MARK_LABEL_MAX + 1];
	memset(label, 'x', sizeof(label));
	CHECK(mark_takes(DATA, "fork\0", 5));
	CHECK(mark_takes(0, "", 0)); /* 0 closes a region */
	label[VMM_MARK_LABEL_MAX - 1] = '\0';
	CHECK(mark_takes(DATA, label, VMM_MARK_LABEL_MAX)); /* the longest */
	label[VMM_MARK_LABEL_MAX - 1] = 'x';
	CHECK(!mark_takes(DATA, label, sizeof(label))); /* no NUL in the first 32 bytes */
	CHECK(!mark_takes(DATA, "\0", 1));              /* empty */
	CHECK(!mark_takes(DATA, "a\033[2J\0", 6));      /* a terminal escape */
	CHECK(!mark_takes(DATA, "caf\xc3\xa9\0", 6));   /* not ASCII */
	CHECK(mark_takes(RAM - 3, "ab\0", 3));          /* ends at the last byte of RAM */
	CHECK(!mark_takes(RAM - 3, "abc", 3));          /* runs off the end of RAM */
	CHECK(!vm.stop);
}

void test_refusals(void)
{
	test_gpa_ptr();
	char path[] = "/tmp/vmm-refusals-XXXXXX";
	int fd = mkstemp(path), p[2];
	CHECK(fd >= 0 && ftruncate(fd, 4096) == 0 && pipe(p) == 0);
	unlink(path);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	console_set_output(p[1]);
	vm = (struct vm){.vm_fd = -1};
	vm.mem = (struct guest_mem){.host = calloc(1, RAM), .size = RAM};
	struct image img = {.fd = fd, .is_disk = 1};
	img.part[IMAGE_PART_FS] = (struct partition){.size = 4096, .type = IMAGE_TYPE_FS};
	vm.image = &img;
	uint64_t present;
	CHECK(vm.mem.host && setup_devices(&vm, &present) == 0);
	static const uint16_t ports[] = {VMM_PORT_CONSOLE, VMM_PORT_POWEROFF, VMM_PORT_COPY,
	                                 VMM_PORT_MARK,    VMM_PORT_BLOCK,    VMM_PORT_CONSOLE_IN,
	                                 VMM_PORT_COUNTERS};
	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		test_common(ports[i]);
	test_console();
	test_console_input();
	test_copy_engine();
	test_block_device();
	test_poweroff();
	test_mark();
	close(p[0]);
	close(p[1]);
	close(fd);
	free(vm.mem.host);
}
