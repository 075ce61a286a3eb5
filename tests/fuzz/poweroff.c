/* Fuzz target: the power-off device (monitor/devices/poweroff.c) through the port
 * bus. Checked after every OUT: the guest stops, with the low 8 bits of
 * the value as the exit status, or the crash status when the value carries
 * VMM_POWEROFF_PANIC. */
#include <string.h>

#include "devices/devices.h"
#include "fuzz.h"
#include "core/vm.h"
#include "vmm_abi.h"

static struct vm vm = {.vm_fd = -1};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return poweroff_part.setup(&vm) < 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct fuzz_header h;
	fuzz_take(&in, &h, sizeof(h));
	for (unsigned i = 0; i < fuzz_access_count(&h); i++) {
		unsigned access_size = fuzz_access_size(h.access[i].size);
		uint32_t value = h.access[i].value, seen = 0;
		vm.stop = false;
		vm.exit_code = -1;
		io_dispatch(&vm, VMM_PORT_POWEROFF, true, access_size, (uint8_t *)&value);
		memcpy(&seen, &value, access_size);
		int want = seen & VMM_POWEROFF_PANIC ? VMM_EXIT_CRASH : (int)(seen & 0xff);
		FUZZ_CHECK(vm.stop && vm.exit_code == want);
	}
	return 0;
}
