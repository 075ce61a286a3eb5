/* Fuzz target: the CPU-start device (monitor/devices/cpu_start.c) through
 * the port bus. Each OUT's value is the address of a struct vmm_cpu_start
 * in guest RAM. The machine has VMM_CPUS_MAX vCPUs on paper but no thread
 * waits for a start, so every request is refused.
 *
 * Checked after every OUT: guest RAM is exactly what the ABI says
 * (include/vmm_abi.h): a 32-bit OUT of a descriptor wholly in RAM gets
 * status VMM_STATUS_EINVAL and nothing else changes; any other access
 * changes nothing. */
#include <stddef.h>
#include <string.h>

#include "devices/devices.h"
#include "fuzz.h"
#include "core/vm.h"
#include "vmm_abi.h"

static struct vm vm = {.vm_fd = -1, .ncpus = VMM_CPUS_MAX};
static uint8_t model[FUZZ_RAM];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_map_ram(&vm.mem, FUZZ_RAM);
	return cpu_start_part.setup(&vm) < 0;
}

/* Also: no request stops the machine. */
static void model_start(uint64_t gpa)
{
	uint32_t status = VMM_STATUS_EINVAL;
	FUZZ_CHECK(!vm.stop);
	if (gpa <= FUZZ_RAM && sizeof(struct vmm_cpu_start) <= FUZZ_RAM - gpa)
		memcpy(model + gpa + offsetof(struct vmm_cpu_start, status), &status,
		       sizeof(status));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_descriptor_outs(&vm, VMM_PORT_CPU_START, data, size, model, model_start);
	return 0;
}
