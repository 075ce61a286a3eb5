/* Power-off: the value written is the guest's exit status (low 8 bits), and
 * VMM_POWEROFF_PANIC marks a kernel panic. */
#include "vmm_abi.h"
#include "devices/devices.h"
#include "core/util.h"
#include "core/vm.h"

/* Bits of the value that mean something; a value with any other bit set, or
 * an access that is not 32 bits, is refused and the guest runs on. */
#define POWEROFF_VALID_BITS (VMM_POWEROFF_PANIC | 0xff)

static bool poweroff_out(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t value)
{
	(void)dev;
	(void)port;
	if (size != 4 || (value & ~(uint32_t)POWEROFF_VALID_BITS))
		return false;
	if (value & VMM_POWEROFF_PANIC) {
		fail("guest kernel panic (status %u)", value & 0xff);
		vm_stop(vm, VMM_EXIT_CRASH);
		return true;
	}
	vm_stop(vm, (int)(value & 0xff));
	return true;
}

static const struct io_ops poweroff_ops = {.name = "poweroff", .out = poweroff_out};

static int poweroff_setup(struct vm *vm)
{
	return io_register(&vm->io, VMM_PORT_POWEROFF, 1, &poweroff_ops, NULL);
}

const struct part poweroff_part = {
    .name = "poweroff",
    .abi_bit = VMM_DEV_POWEROFF,
    .setup = poweroff_setup,
};
