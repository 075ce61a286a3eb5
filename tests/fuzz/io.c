/* Fuzz target: the I/O-exit dispatch (monitor/core/io.c) with every device
 * registered as the monitor registers them (parts_setup): console output
 * (to /dev/null), power-off, copy engine, mark (no part keeps regions), block
 * (a 64 KiB temporary disk file, partition [8 KiB, 40 KiB)), console
 * input and the host counters (no vCPU: without KVM's statistics). The accesses go to any port, in
 * either direction, with any size, the way the run loop hands each KVM_EXIT_IO element to
 * io_dispatch; the flag FUZZ_F_STRICT runs as --strict.
 *
 * Checked after every access: a port no device claims reads as all ones,
 * is counted, and under --strict stops the guest with the crash status;
 * a claimed port counts the access for its device; the disk file outside
 * the partition never changes. After the guest stops, no further access is
 * dispatched, as in the run loop. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "core/image.h"
#include "core/part.h"
#include "core/vm.h"
#include "devices/block.h"
#include "devices/console_in.h"
#include "devices/devices.h"
#include "disk_image.h"
#include "fuzz.h"
#include "vmm_abi.h"

#define FILE_SIZE (64u << 10)
#define PART_OFF  (8u << 10)
#define PART_SIZE (32u << 10)
#define ALL_DEVICES                                                                                \
	(VMM_DEV_CONSOLE | VMM_DEV_POWEROFF | VMM_DEV_COPY | VMM_DEV_MARK | VMM_DEV_BLOCK |        \
	 VMM_DEV_CONSOLE_IN | VMM_DEV_COUNTERS)

static struct vm vm = {.vm_fd = -1};
static struct image img = {.is_disk = 1};
static struct block_disk *disk; /* the block device's state, as registered */
static uint8_t initial[FILE_SIZE], now[FILE_SIZE];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	int p[2];
	uint64_t present;
	fuzz_map_ram(&vm.mem, FUZZ_RAM);
	for (unsigned i = 0; i < FILE_SIZE; i++)
		initial[i] = (uint8_t)(i * 7 + i / 512);
	img.fd = fuzz_temp_file("fuzz-disk", FILE_SIZE);
	img.part[IMAGE_PART_FS] =
	    (struct partition){.offset = PART_OFF, .size = PART_SIZE, .type = IMAGE_TYPE_FS};
	vm.image = &img;
	console_set_output(open("/dev/null", O_WRONLY | O_CLOEXEC));
	if (pipe(p) < 0)
		return 1;
	console_in_set_input(p[0]); /* p[1] stays open: the reader waits */
	if (parts_setup(&vm, &present) < 0 || present != ALL_DEVICES)
		return 1;
	disk = vm.io.handlers[vm.io.slot[VMM_PORT_BLOCK] - 1].dev;
	return 0;
}

static void one_access(const struct fuzz_access *a, uint8_t flags)
{
	unsigned what = a->what % 3, size = fuzz_access_size(a->size);
	uint8_t slot = vm.io.slot[a->port];
	struct io_handler *h = slot ? &vm.io.handlers[slot - 1] : NULL;
	uint64_t unknown = vm.io.unknown_ins + vm.io.unknown_outs;
	uint64_t served = h ? h->ins + h->outs : 0;
	int claimed = h && (what == FUZZ_OUT ? h->ops->out != NULL : h->ops->in != NULL);
	uint32_t value = a->value;
	vm.strict = flags & FUZZ_F_STRICT;
	if (what == FUZZ_INPUT) {
		static const uint8_t text[4096] = "typed input\n";
		console_in_received(text, 1 + a->value % sizeof(text));
		return;
	}
	io_dispatch(&vm, a->port, what == FUZZ_OUT, size, (uint8_t *)&value);
	if (claimed) {
		FUZZ_CHECK(h->ins + h->outs == served + 1);
		return;
	}
	FUZZ_CHECK(vm.io.unknown_ins + vm.io.unknown_outs == unknown + 1);
	FUZZ_CHECK(what == FUZZ_OUT || memcmp(&value, "\xff\xff\xff\xff", size) == 0);
	FUZZ_CHECK(!vm.strict || (vm.stop && vm.exit_code == VMM_EXIT_CRASH));
}

/* Reads whatever console input is still waiting, so the next input starts
 * with none. */
static void drain_input(void)
{
	struct vmm_buf b;
	uint32_t gpa = 0;
	do {
		b = (struct vmm_buf){.addr = sizeof(b), .len = FUZZ_RAM - sizeof(b)};
		memcpy(vm.mem.host, &b, sizeof(b));
		io_dispatch(&vm, VMM_PORT_CONSOLE_IN, true, 4, (uint8_t *)&gpa);
		memcpy(&b, vm.mem.host, sizeof(b));
	} while (b.len > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct fuzz_header h;
	fuzz_take(&in, &h, sizeof(h));
	fuzz_fill_ram(&vm.mem, &in);
	FUZZ_CHECK(pwrite(img.fd, initial, FILE_SIZE, 0) == FILE_SIZE);
	disk->readonly = h.flags & FUZZ_F_READONLY;
	vm.stop = false;
	for (unsigned i = 0; i < fuzz_access_count(&h) && !vm.stop; i++) {
		one_access(&h.access[i], h.flags);
		FUZZ_CHECK(pread(img.fd, now, FILE_SIZE, 0) == FILE_SIZE);
		FUZZ_CHECK(memcmp(now, initial, PART_OFF) == 0);
		FUZZ_CHECK(memcmp(now + PART_OFF + PART_SIZE, initial + PART_OFF + PART_SIZE,
		                  FILE_SIZE - PART_OFF - PART_SIZE) == 0);
	}
	drain_input();
	return 0;
}
