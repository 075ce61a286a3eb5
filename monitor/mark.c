/* The mark device: the guest opens and closes --stats regions. Without
 * --stats a mark is a cheap no-op exit. */
#include <string.h>

#include "vmm_abi.h"
#include "devices.h"
#include "observe.h"
#include "regions.h"
#include "vm.h"

/* Copies the guest's label, however it ends: at its NUL, at the label
 * limit or at the end of guest RAM. */
static void read_label(struct guest_mem *m, uint64_t gpa, char *label)
{
	uint64_t room = gpa < m->size ? m->size - gpa : 0;
	size_t len = room < VMM_MARK_LABEL_MAX - 1 ? (size_t)room : VMM_MARK_LABEL_MAX - 1;
	const char *src = len ? gpa_ptr(m, gpa, len) : NULL;
	size_t n = 0;
	while (src && n < len && src[n])
		n++;
	if (n)
		memcpy(label, src, n);
	label[n] = '\0';
}

static void mark_out(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t gpa)
{
	(void)dev;
	(void)port;
	struct regions *r = vm->obs ? vm->obs->regions : NULL;
	if (!r || size != 4)
		return;
	if (gpa == 0) {
		regions_end(r, vm->obs->exits);
		return;
	}
	char label[VMM_MARK_LABEL_MAX];
	read_label(&vm->mem, gpa, label);
	regions_begin(r, label[0] ? label : "?", vm->obs->exits);
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
