/* The monitor's devices. Each lives in its own file and registers its ports
 * with the I/O bus from its init function; devices_init runs them all. */
#ifndef VMM_DEVICES_H
#define VMM_DEVICES_H

#include <stdint.h>

struct vm;

struct device {
	const char *name;
	uint64_t abi_bit; /* VMM_DEV_* advertised in the boot information */
	/* 0: registered; DEVICE_ABSENT: nothing to serve (not advertised);
	 * -1: an error, printed. */
	int (*init)(struct vm *vm);
};

#define DEVICE_ABSENT 1

extern const struct device console_device;
extern const struct device poweroff_device;
extern const struct device copy_device;
extern const struct device mark_device;
extern const struct device block_device;
extern const struct device console_in_device;
extern const struct device counters_device;

/* Where console output goes (stdout unless changed; the unit tests use a pipe). */
void console_set_output(int fd);

/* Registers every device. Returns 0, or -1 (printed). *present receives the
 * VMM_DEV_* bits of the devices that exist. */
int devices_init(struct vm *vm, uint64_t *present);

#endif
