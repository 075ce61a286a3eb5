/* The mark device: the guest opens and closes --stats regions. Without
 * --stats a mark is a cheap no-op exit. */
#include <string.h>

#include "vmm_abi.h"
#include "devices/devices.h"
#include "observe/observe.h"
#include "observe/regions.h"
#include "core/vm.h"

/* Copies the guest's label into label (VMM_MARK_LABEL_MAX bytes): false
 * unless it lies in RAM and is 1 to VMM_MARK_LABEL_MAX - 1 printable ASCII
 * characters and a NUL (it is printed on the monitor's terminal). The bytes
 * are copied before they are checked, so the guest cannot change them in
 * between. */
static bool read_label(struct guest_mem *m, uint64_t gpa, char *label)
{
	uint64_t room = gpa < m->size ? m->size - gpa : 0;
	size_t len = room < VMM_MARK_LABEL_MAX ? (size_t)room : VMM_MARK_LABEL_MAX;
	const char *src = gpa_ptr(m, gpa, len);
	if (!src || len == 0)
		return false;
	memcpy(label, src, len);
	size_t n = 0;
	while (n < len && label[n] >= 0x20 && label[n] <= 0x7e)
		n++;
	return n > 0 && n < len && label[n] == '\0';
}

/* Without --stats the label is still checked, so a bad mark counts the
 * same either way. */
static bool mark_out(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t gpa)
{
	(void)dev;
	(void)port;
	struct regions *r = vm->obs ? vm->obs->regions : NULL;
	if (size != 4)
		return false;
	if (gpa == 0) {
		if (r)
			regions_end(r, vm->obs->exits);
		return true;
	}
	char label[VMM_MARK_LABEL_MAX];
	if (!read_label(&vm->mem, gpa, label))
		return false;
	if (r)
		regions_begin(r, label, vm->obs->exits);
	return true;
}

static const struct io_ops mark_ops = {.name = "mark", .out = mark_out};

static int mark_init(struct vm *vm)
{
	return io_register(&vm->io, VMM_PORT_MARK, 1, &mark_ops, NULL);
}

const struct device mark_device = {
    .name = "mark",
    .abi_bit = VMM_DEV_MARK,
    .init = mark_init,
};
