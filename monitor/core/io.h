/* The port-I/O bus: devices register handlers for port ranges; the run loop
 * hands every KVM_EXIT_IO element to io_dispatch. */
#ifndef VMM_IO_H
#define VMM_IO_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct vm;

struct io_ops {
	const char *name;
	/* Either may be NULL: the device then refuses that direction (a read
	 * gives all ones, a write is ignored) and the bus counts an error. */
	uint32_t (*in)(struct vm *vm, void *dev, uint16_t port, unsigned size);
	/* Returns false when the device refused the request: a wrong access
	 * size, a value or descriptor that failed its checks, or a request the
	 * host could not carry out. The bus counts these per device. */
	bool (*out)(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t value);
};

/* The counts are atomic: any vCPU's thread may dispatch to any device. */
struct io_handler {
	const struct io_ops *ops;
	void *dev;
	uint16_t first, count;
	atomic_uint_least64_t ins, outs; /* accesses served */
	atomic_uint_least64_t
	    errors; /* requests refused (see io_ops.out) or in a direction not served */
};

#define IO_MAX_HANDLERS 31

struct io_bus {
	uint8_t slot[65536]; /* port -> 1 + index into handlers, 0 = unclaimed */
	struct io_handler handlers[IO_MAX_HANDLERS];
	int nhandlers;
	atomic_uint_least64_t unknown_ins, unknown_outs;
	_Atomic uint16_t last_unknown_port;
};

/* Claims ports [first, first+count). Returns 0, or -1 (printed) on overlap. */
int io_register(struct io_bus *bus, uint16_t first, uint16_t count, const struct io_ops *ops,
                void *dev);

/* One access of size 1, 2 or 4 bytes, from any vCPU's thread (the table is
 * fixed once the run starts; each device guards its own state); data is the value to write (out) or
 * receives the value read (in), little-endian as KVM lays it out. */
void io_dispatch(struct vm *vm, uint16_t port, bool out, unsigned size, uint8_t *data);

#endif
