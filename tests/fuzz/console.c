/* Fuzz target: console output (monitor/devices/console.c) through the port bus.
 * Each OUT's value is the address of a struct vmm_buf in guest RAM; the
 * console writes to a temporary file, which the target reads back.
 *
 * Checked after every OUT: a 32-bit OUT of a descriptor inside RAM stores
 * OK after writing exactly the buffer's bytes, EINVAL for a length over
 * VMM_CONSOLE_MAX, EFAULT for a buffer outside RAM (and writes nothing);
 * any other OUT changes nothing; RAM changes only in the status word. */
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "devices/devices.h"
#include "fuzz.h"
#include "core/vm.h"
#include "vmm_abi.h"

static struct vm vm = {.vm_fd = -1};
static int out_fd;
/* RAM before the OUT, RAM as it should be after, the bytes written. */
static uint8_t ram_before[FUZZ_RAM], ram_want[FUZZ_RAM], written[FUZZ_RAM + 1];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_map_ram(&vm.mem, FUZZ_RAM);
	out_fd = fuzz_temp_file("fuzz-console", 0);
	console_set_output(out_fd);
	if (console_part.setup(&vm) < 0)
		return 1;
	return 0;
}

/* What the console should have done with the descriptor at gpa; the bytes
 * it should have written are ram_before[*from, *from + *len). */
static uint32_t expected(uint32_t gpa, uint64_t *from, uint32_t *len)
{
	struct vmm_buf b;
	memcpy(&b, ram_before + gpa, sizeof(b));
	*from = b.addr;
	*len = 0;
	if (b.len > VMM_CONSOLE_MAX)
		return VMM_STATUS_EINVAL;
	if (!gpa_ptr(&vm.mem, b.addr, b.len))
		return VMM_STATUS_EFAULT;
	*len = b.len;
	return VMM_STATUS_OK;
}

static void one_out(unsigned size, uint32_t value)
{
	memcpy(ram_before, vm.mem.host, FUZZ_RAM);
	memcpy(ram_want, ram_before, FUZZ_RAM);
	FUZZ_CHECK(ftruncate(out_fd, 0) == 0 && lseek(out_fd, 0, SEEK_SET) == 0);
	io_dispatch(&vm, VMM_PORT_CONSOLE, true, size, (uint8_t *)&value);
	uint64_t from = 0;
	uint32_t len = 0;
	if (size == 4 && gpa_ptr(&vm.mem, value, sizeof(struct vmm_buf))) {
		uint32_t status = expected(value, &from, &len);
		memcpy(ram_want + value + offsetof(struct vmm_buf, status), &status, 4);
	}
	ssize_t n = pread(out_fd, written, sizeof(written), 0);
	FUZZ_CHECK(n == (ssize_t)len && (len == 0 || memcmp(written, ram_before + from, len) == 0));
	FUZZ_CHECK(memcmp(vm.mem.host, ram_want, FUZZ_RAM) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct fuzz_header h;
	fuzz_take(&in, &h, sizeof(h));
	fuzz_fill_ram(&vm.mem, &in);
	for (unsigned i = 0; i < fuzz_access_count(&h); i++)
		one_out(fuzz_access_size(h.access[i].size), h.access[i].value);
	return 0;
}
