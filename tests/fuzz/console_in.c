/* Fuzz target: console input (monitor/devices/console_in.c) through the port bus.
 * The input interleaves bytes arriving on the monitor's standard input
 * (handed over with console_in_received, as the reader thread does; the
 * reader itself waits on an empty pipe) with the guest's reads: OUTs of the
 * address of a struct vmm_buf.
 *
 * Checked after every access against a model of the queue: a read inside
 * RAM gets the oldest waiting bytes, in order, as many as fit, with their
 * count in len and status OK, or EFAULT and nothing for a buffer outside
 * RAM; nothing else in RAM changes; an IN reads all ones. What is left is
 * read at the end of each input, so every input starts with an empty queue.
 * The end of input is not fuzzed: it is final, and later inputs would all
 * see it. */
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "devices/console_in.h"
#include "devices/devices.h"
#include "fuzz.h"
#include "core/vm.h"
#include "vmm_abi.h"

#define MAX_INPUT 4096

static struct vm vm = {.vm_fd = -1};
static uint8_t ram_want[FUZZ_RAM];
/* The model: bytes typed so far and bytes the guest has taken. */
static uint64_t typed, taken;

static uint8_t nth_byte(uint64_t i)
{
	return (uint8_t)(i * 131 + i / 256);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	int p[2];
	fuzz_map_ram(&vm.mem, FUZZ_RAM);
	if (pipe(p) < 0)
		return 1;
	console_in_set_input(p[0]); /* p[1] stays open: the reader waits */
	return console_in_part.setup(&vm) < 0;
}

static void type(uint32_t n)
{
	static uint8_t buf[MAX_INPUT];
	for (uint32_t i = 0; i < n; i++)
		buf[i] = nth_byte(typed + i);
	console_in_received(buf, n);
	typed += n;
}

/* The model's read of the descriptor at gpa (inside RAM). */
static void model_read(uint32_t gpa)
{
	struct vmm_buf b;
	memcpy(&b, ram_want + gpa, sizeof(b));
	uint32_t status = VMM_STATUS_OK, len = 0;
	if (!gpa_ptr(&vm.mem, b.addr, b.len))
		status = VMM_STATUS_EFAULT;
	else
		len = typed - taken < b.len ? (uint32_t)(typed - taken) : b.len;
	for (uint32_t i = 0; i < len; i++)
		ram_want[b.addr + i] = nth_byte(taken + i);
	taken += len;
	memcpy(ram_want + gpa + offsetof(struct vmm_buf, len), &len, sizeof(len));
	memcpy(ram_want + gpa + offsetof(struct vmm_buf, status), &status, sizeof(status));
}

static void one_access(const struct fuzz_access *a)
{
	unsigned what = a->what % 3, size = fuzz_access_size(a->size);
	uint32_t value = a->value;
	if (what == FUZZ_INPUT) {
		type(1 + a->value % MAX_INPUT);
		return;
	}
	memcpy(ram_want, vm.mem.host, FUZZ_RAM);
	io_dispatch(&vm, VMM_PORT_CONSOLE_IN, what == FUZZ_OUT, size, (uint8_t *)&value);
	if (what == FUZZ_IN)
		FUZZ_CHECK(memcmp(&value, "\xff\xff\xff\xff", size) == 0);
	else if (size == 4 && gpa_ptr(&vm.mem, value, sizeof(struct vmm_buf)))
		model_read(value);
	FUZZ_CHECK(memcmp(vm.mem.host, ram_want, FUZZ_RAM) == 0);
}

/* Reads whatever is still waiting. */
static void drain(void)
{
	struct fuzz_access read_all = {.what = FUZZ_OUT, .size = 4, .value = 0};
	struct vmm_buf b = {.addr = sizeof(b), .len = FUZZ_RAM - sizeof(b)};
	while (taken < typed) {
		uint64_t before = taken;
		memcpy(vm.mem.host, &b, sizeof(b));
		one_access(&read_all);
		FUZZ_CHECK(taken > before);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct fuzz_header h;
	fuzz_take(&in, &h, sizeof(h));
	fuzz_fill_ram(&vm.mem, &in);
	for (unsigned i = 0; i < fuzz_access_count(&h); i++)
		one_access(&h.access[i]);
	drain();
	return 0;
}
