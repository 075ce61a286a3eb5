#include "devices/devices.h"

static const struct device *const all_devices[] = {
    &console_device, &poweroff_device,   &copy_device,     &mark_device,
    &block_device,   &console_in_device, &counters_device,
};

int devices_init(struct vm *vm, uint64_t *present)
{
	*present = 0;
	for (unsigned i = 0; i < sizeof(all_devices) / sizeof(all_devices[0]); i++) {
		int r = all_devices[i]->init(vm);
		if (r < 0)
			return -1;
		if (r != DEVICE_ABSENT)
			*present |= all_devices[i]->abi_bit;
	}
	return 0;
}
