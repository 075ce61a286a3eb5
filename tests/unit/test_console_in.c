/* Console input: bytes written to the monitor's input reach the guest's
 * buffer, a bad buffer is refused, and the end of input is reported. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "devices/console_in.h"
#include "devices/devices.h"
#include "core/vm.h"
#include "vmm_abi.h"

#define RAM  (1u << 20)
#define DESC 0x1000u
#define BUF  0x2000u

static struct vm vm;

/* One read request for len bytes at addr; the status. */
static uint32_t read_input(uint64_t addr, uint32_t len, uint32_t *got)
{
	struct vmm_buf *b = gpa_ptr(&vm.mem, DESC, sizeof(*b));
	*b = (struct vmm_buf){.addr = addr, .len = len, .status = 0xff};
	uint32_t gpa = DESC;
	io_dispatch(&vm, VMM_PORT_CONSOLE_IN, true, 4, (uint8_t *)&gpa);
	*got = b->len;
	return b->status;
}

/* Reads until want bytes arrived or the input ended (2 s at most). */
static uint32_t read_until(uint32_t want, uint32_t *total)
{
	uint32_t status = VMM_STATUS_OK, got;
	*total = 0;
	for (int tries = 0; tries < 2000 && *total < want; tries++) {
		status = read_input(BUF + *total, want - *total, &got);
		*total += got;
		if (status != VMM_STATUS_OK)
			break;
		if (got == 0)
			nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
	}
	return status;
}

void test_console_in(void)
{
	int p[2];
	uint32_t total, got;
	vm = (struct vm){.vm_fd = -1};
	vm.mem = (struct guest_mem){.host = calloc(1, RAM), .size = RAM};
	CHECK(vm.mem.host && pipe(p) == 0);
	console_in_set_input(p[0]);
	CHECK(console_in_part.setup(&vm) == 0);

	CHECK(write(p[1], "hello\n", 6) == 6);
	CHECK(read_until(6, &total) == VMM_STATUS_OK && total == 6);
	CHECK(memcmp(vm.mem.host + BUF, "hello\n", 6) == 0);

	CHECK(write(p[1], "xy", 2) == 2);
	CHECK(read_until(1, &total) == VMM_STATUS_OK && total == 1); /* one at a time */
	CHECK(read_input(RAM - 4, 8, &got) == VMM_STATUS_EFAULT && got == 0);
	CHECK(read_until(1, &total) == VMM_STATUS_OK && total == 1);
	CHECK(vm.mem.host[BUF] == 'y');

	close(p[1]);
	CHECK(read_until(16, &total) == VMM_STATUS_EOF && total == 0);
	CHECK(read_input(BUF, 16, &got) == VMM_STATUS_EOF && got == 0);
	console_in_stop();
	close(p[0]);
	free(vm.mem.host);
}
