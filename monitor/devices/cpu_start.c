/* The CPU-start device: the kernel starts CPU 1..ncpus-1, once each, by
 * handing over the physical address of a struct vmm_cpu_start. The
 * descriptor is copied out of guest RAM once and the copy checked;
 * core/cpus.c hands the start to the CPU's own thread, which sets the
 * registers and runs it. The status word is written back in place. */
#include <stddef.h>
#include <string.h>

#include "vmm_abi.h"
#include "core/cpus.h"
#include "devices/devices.h"
#include "core/vm.h"

/* A refused access (a wrong size, a descriptor not wholly in RAM) writes
 * nothing; a refused request gets its status. */
static bool cpu_start_out(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t gpa)
{
	(void)dev;
	(void)port;
	/* Bytes: the descriptor may be misaligned (see block_request). */
	uint8_t *slot = gpa_ptr(&vm->mem, gpa, sizeof(struct vmm_cpu_start));
	if (size != 4 || !slot)
		return false;
	struct vmm_cpu_start req;
	memcpy(&req, slot, sizeof(req));
	uint32_t status = cpus_start(vm, &req);
	memcpy(slot + offsetof(struct vmm_cpu_start, status), &status, sizeof(status));
	return status == VMM_STATUS_OK;
}

static const struct io_ops cpu_start_ops = {.name = "cpu-start", .out = cpu_start_out};

/* Present with one CPU too: the kernel's request then gets a refusal, as
 * for any CPU out of range. */
static int cpu_start_setup(struct vm *vm)
{
	return io_register(&vm->io, VMM_PORT_CPU_START, 1, &cpu_start_ops, NULL);
}

const struct part cpu_start_part = {
    .name = "cpu-start",
    .setup = cpu_start_setup,
};
