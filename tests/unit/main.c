#include "check.h"

#include "core/part.h"

int checks_passed, checks_failed;

/* Only the devices: the observers' options may have been switched on by
 * test_args, and they need a real vCPU. */
int setup_devices(struct vm *vm, uint64_t *present)
{
	const struct part *const *all = parts_all();
	*present = 0;
	for (unsigned i = 0; i < parts_count(); i++) {
		if (!all[i]->abi_bit)
			continue;
		int r = all[i]->setup(vm);
		if (r < 0)
			return -1;
		if (r != PART_ABSENT)
			*present |= all[i]->abi_bit;
	}
	return 0;
}

int main(void)
{
	test_args();
	test_diskfmt();
	test_image();
	test_kernel_elf();
	test_kernel_elf32();
	test_boot();
	test_io();
	test_copy();
	test_block();
	test_console_in();
	test_refusals();
	test_latency();
	test_counters();
	test_profile_user();
	test_gdb();
	test_sandbox();
	printf("unit: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed ? 1 : 0;
}
