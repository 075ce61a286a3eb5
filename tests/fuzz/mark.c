/* Fuzz target: the mark device (monitor/devices/mark.c) and the regions it opens
 * and closes (monitor/observe/regions.c), through the port bus, as under --stats.
 * KVM's statistics are a temporary file of zeros. Each OUT's value is the
 * address of a label in guest RAM, or 0 to close a region; an OUT of another
 * size than 4 bytes is ignored.
 *
 * Checked after every OUT: a label is read up to its NUL, 31 bytes or the
 * end of RAM, whichever comes first ("?" when empty or outside RAM); regions nest at most
 * VMM_MARK_DEPTH deep and hold at most REGIONS_MAX labels, and a mark past
 * either limit, or an end with none open, is counted as dropped; guest RAM
 * never changes. */
#include <string.h>

#include "devices/devices.h"
#include "fuzz.h"
#include "observe/kvm_stats.h"
#include "observe/observe.h"
#include "observe/regions.h"
#include "core/vm.h"
#include "vmm_abi.h"

#define NSTATS 8

static struct vm vm = {.vm_fd = -1, .vcpu_fd = -1};
static struct observer obs;
static struct regions regions;
static struct kvm_stats_set kvm;
static uint8_t ram_before[FUZZ_RAM];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_map_ram(&vm.mem, FUZZ_RAM);
	kvm = (struct kvm_stats_set){.fd = fuzz_temp_file("fuzz-kvm-stats", NSTATS * 8),
	                             .ndata = NSTATS};
	obs.regions = &regions;
	vm.obs = &obs;
	return mark_device.init(&vm) < 0;
}

/* The label a mark at gpa (not 0) opens. */
static void expected_label(uint32_t gpa, char *label)
{
	size_t n = 0;
	if (gpa >= FUZZ_RAM) {
		strcpy(label, "?");
		return;
	}
	while (n < VMM_MARK_LABEL_MAX - 1 && gpa + n < FUZZ_RAM && ram_before[gpa + n])
		n++;
	memcpy(label, ram_before + gpa, n);
	label[n] = '\0';
	if (n == 0)
		strcpy(label, "?");
}

static int known_label(const char *label)
{
	for (int i = 0; i < regions.count; i++)
		if (strcmp(regions.region[i].label, label) == 0)
			return 1;
	return 0;
}

static void one_mark(uint32_t gpa)
{
	int depth = regions.depth;
	uint64_t dropped = regions.dropped;
	char label[VMM_MARK_LABEL_MAX];
	if (gpa != 0)
		expected_label(gpa, label);
	int opens = gpa != 0 && depth < VMM_MARK_DEPTH &&
	            (known_label(label) || regions.count < REGIONS_MAX);
	obs.exits++;
	io_dispatch(&vm, VMM_PORT_MARK, true, 4, (uint8_t *)&gpa);
	if (gpa == 0) {
		FUZZ_CHECK(depth ? regions.depth == depth - 1 : regions.dropped == dropped + 1);
	} else if (opens) {
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
			int depth = regions.depth;
			uint64_t dropped = regions.dropped;
			io_dispatch(&vm, VMM_PORT_MARK, true, access_size, (uint8_t *)&value);
			FUZZ_CHECK(regions.depth == depth && regions.dropped == dropped);
		}
		FUZZ_CHECK(memcmp(vm.mem.host, ram_before, FUZZ_RAM) == 0);
	}
	regions_free(&regions);
	return 0;
}
