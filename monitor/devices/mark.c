/* The mark device: the guest opens and closes regions, which the parts
 * that keep them (--stats) hear of through their on_mark hooks. Without
 * them a mark is a cheap no-op exit. */
#include <string.h>

#include "vmm_abi.h"
#include "devices/devices.h"
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

/* With no part keeping regions the label is still checked, so a bad mark
 * counts the same either way. */
static bool mark_out(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t gpa)
{
	(void)dev;
	(void)port;
	if (size != 4)
		return false;
	if (gpa == 0) {
		parts_on_mark(vm, NULL);
		return true;
	}
	char label[VMM_MARK_LABEL_MAX];
	if (!read_label(&vm->mem, gpa, label))
		return false;
	parts_on_mark(vm, label);
	return true;
}

static const struct io_ops mark_ops = {.name = "mark", .out = mark_out};

static int mark_setup(struct vm *vm)
{
	return io_register(&vm->io, VMM_PORT_MARK, 1, &mark_ops, NULL);
}

const struct part mark_part = {
    .name = "mark",
    .abi_bit = VMM_DEV_MARK,
    .setup = mark_setup,
};
