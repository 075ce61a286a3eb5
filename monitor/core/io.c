/* Port dispatch. A byte-per-port slot table makes lookup one load, whatever
 * the number of devices. Unclaimed ports behave as on a PC: reads give all
 * ones, writes vanish; both are counted, and --strict makes them fatal. */
#include "core/io.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "core/vm.h"

int io_register(struct io_bus *bus, uint16_t first, uint16_t count, const struct io_ops *ops,
                void *dev)
{
	if (count == 0 || (uint32_t)first + count > 65536u)
		return fail("device %s: bad port range 0x%x+%u", ops->name, first, count);
	if (bus->nhandlers == IO_MAX_HANDLERS)
		return fail("device %s: too many port handlers", ops->name);
	for (uint32_t p = first; p < (uint32_t)first + count; p++)
		if (bus->slot[p])
			return fail("device %s: port 0x%x already claimed by %s", ops->name, p,
			            bus->handlers[bus->slot[p] - 1].ops->name);
	struct io_handler *h = &bus->handlers[bus->nhandlers++];
	*h = (struct io_handler){.ops = ops, .dev = dev, .first = first, .count = count};
	memset(&bus->slot[first], bus->nhandlers, count);
	return 0;
}

static void unknown_access(struct vm *vm, uint16_t port, bool out, unsigned size, uint8_t *data)
{
	struct io_bus *bus = &vm->io;
	bus->last_unknown_port = port;
	if (out)
		bus->unknown_outs++;
	else {
		bus->unknown_ins++;
		memset(data, 0xff, size);
	}
	if (vm->strict) {
		fail("guest %s unknown port 0x%x (--strict)", out ? "wrote to" : "read from", port);
		vm_stop(vm, VMM_EXIT_CRASH);
	}
}

static uint32_t load_value(const uint8_t *data, unsigned size)
{
	uint32_t v = 0;
	memcpy(&v, data, size);
	return v;
}

void io_dispatch(struct vm *vm, uint16_t port, bool out, unsigned size, uint8_t *data)
{
	uint8_t slot = vm->io.slot[port];
	if (!slot) {
		unknown_access(vm, port, out, size, data);
		return;
	}
	struct io_handler *h = &vm->io.handlers[slot - 1];
	if (out && h->ops->out) {
		h->outs++;
		if (!h->ops->out(vm, h->dev, port, size, load_value(data, size)))
			h->errors++;
	} else if (!out && h->ops->in) {
		h->ins++;
		uint32_t v = h->ops->in(vm, h->dev, port, size);
		memcpy(data, &v, size);
	} else {
		/* A direction the device does not serve: refused, like a bad request. */
		h->errors++;
		if (!out)
			memset(data, 0xff, size);
	}
}
