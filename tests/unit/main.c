#include "check.h"

int checks_passed, checks_failed;

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
	test_sandbox();
	printf("unit: %d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed ? 1 : 0;
}
