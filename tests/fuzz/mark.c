/* Fuzz target: the mark device (monitor/devices/mark.c), through the port
 * bus, and the regions (monitor/observe/regions.c) that --stats keeps from
 * the marks it accepts. KVM's statistics are a temporary file of zeros.
 * Each OUT's value is the address of a label in guest RAM, or 0 to close a
 * region; an OUT of another size than 4 bytes is refused.
 *
 * Checked after every OUT: the device accepts a label of 1 to 31 printable
 * characters and its NUL, wholly in RAM, and refuses (counts an error for)
 * anything else; regions nest at most VMM_MARK_DEPTH deep and hold at most
 * REGIONS_MAX labels, and a mark past either limit, or an end with none
 * open, is counted as dropped; guest RAM never changes. */
#include <stdbool.h>
#include <string.h>

#include "devices/devices.h"
#include "fuzz.h"
#include "observe/kvm_stats.h"
#include "observe/regions.h"
#include "core/vm.h"
#include "vmm_abi.h"

#define NSTATS 8

static struct vm vm = {.vm_fd = -1};
static struct regions regions;
static uint64_t exits;
static struct kvm_stats_set kvm;
static uint8_t ram_before[FUZZ_RAM];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_map_ram(&vm.mem, FUZZ_RAM);
	kvm = (struct kvm_stats_set){.fd = fuzz_temp_file("fuzz-kvm-stats", NSTATS * 8),
	                             .ndata = NSTATS};
	return mark_part.setup(&vm) < 0;
}

/* The label a mark at gpa (not 0) opens; false if the device must refuse it. */
static bool expected_label(uint32_t gpa, char *label)
{
	size_t n = 0;
	while (n < VMM_MARK_LABEL_MAX && gpa + n < FUZZ_RAM && ram_before[gpa + n] >= 0x20 &&
	       ram_before[gpa + n] <= 0x7e)
		n++;
	if (n == 0 || n >= VMM_MARK_LABEL_MAX || gpa + n >= FUZZ_RAM || ram_before[gpa + n])
		return false;
	memcpy(label, ram_before + gpa, n + 1);
	return true;
}

static const struct io_handler *mark_handler(void)
{
	return &vm.io.handlers[vm.io.slot[VMM_PORT_MARK] - 1];
}

static int known_label(const char *label)
{
	for (int i = 0; i < regions.count; i++)
		if (strcmp(regions.region[i].label, label) == 0)
			return 1;
	return 0;
}

/* One mark, then what --stats does with an accepted one (stats.c). */
static void one_mark(uint32_t gpa)
{
	int depth = regions.depth;
	uint64_t dropped = regions.dropped, errors = mark_handler()->errors;
	char label[VMM_MARK_LABEL_MAX];
	bool valid = gpa == 0 || expected_label(gpa, label);
	io_dispatch(&vm, VMM_PORT_MARK, true, 4, (uint8_t *)&gpa);
	FUZZ_CHECK(mark_handler()->errors == errors + !valid);
	if (!valid)
		return;
	exits++;
	if (gpa == 0) {
		regions_end(&regions, exits);
		FUZZ_CHECK(depth ? regions.depth == depth - 1 : regions.dropped == dropped + 1);
		return;
	}
	int opens = depth < VMM_MARK_DEPTH && (known_label(label) || regions.count < REGIONS_MAX);
	regions_begin(&regions, label, exits);
	if (opens) {
		FUZZ_CHECK(regions.depth == depth + 1);
		const struct region *r = &regions.region[regions.open[depth].index];
		FUZZ_CHECK(strcmp(r->label, label) == 0);
	} else {
		FUZZ_CHECK(regions.depth == depth && regions.dropped == dropped + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct fuzz_header h;
	fuzz_take(&in, &h, sizeof(h));
	fuzz_fill_ram(&vm.mem, &in);
	memcpy(ram_before, vm.mem.host, FUZZ_RAM);
	if (regions_init(&regions, &kvm) < 0)
		return 0;
	for (unsigned i = 0; i < fuzz_access_count(&h); i++) {
		unsigned access_size = fuzz_access_size(h.access[i].size);
		uint32_t value = h.access[i].value;
		if (access_size == 4) {
			one_mark(value);
		} else {
			uint64_t errors = mark_handler()->errors;
			io_dispatch(&vm, VMM_PORT_MARK, true, access_size, (uint8_t *)&value);
			FUZZ_CHECK(mark_handler()->errors == errors + 1);
		}
		FUZZ_CHECK(memcmp(vm.mem.host, ram_before, FUZZ_RAM) == 0);
	}
	regions_free(&regions);
	return 0;
}
