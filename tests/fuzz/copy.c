/* Fuzz target: the copy engine (monitor/devices/copy.c) through the port bus. Each
 * OUT's value is the address of a struct vmm_copy_batch in guest RAM.
 *
 * Checked after every OUT: guest RAM is exactly what the ABI says
 * (include/vmm_abi.h), computed by a model that runs the batch on a copy of
 * RAM: operations in order, each read from RAM when its turn comes (an
 * earlier one may have rewritten it), the first bad one stops the batch
 * with its status and index; a batch header outside RAM or an OUT of
 * another size changes nothing. */
#include <stddef.h>
#include <string.h>

#include "devices/devices.h"
#include "fuzz.h"
#include "core/vm.h"
#include "vmm_abi.h"

static struct vm vm = {.vm_fd = -1};
static uint8_t model[FUZZ_RAM];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_map_ram(&vm.mem, FUZZ_RAM);
	return copy_part.setup(&vm) < 0;
}

static int in_ram(uint64_t gpa, uint64_t len)
{
	return gpa <= FUZZ_RAM && len <= FUZZ_RAM - gpa;
}

/* One operation on the model; its VMM_STATUS_*. */
static uint32_t model_op(const struct vmm_copy_op *op)
{
	if (op->len > VMM_COPY_MAX_LEN)
		return VMM_STATUS_EINVAL;
	if (op->op == VMM_COPY_OP_FILL) {
		if (!in_ram(op->dst, op->len))
			return VMM_STATUS_EFAULT;
		memset(model + op->dst, (int)(op->src & 0xff), op->len);
		return VMM_STATUS_OK;
	}
	if (op->op != VMM_COPY_OP_COPY)
		return VMM_STATUS_EINVAL;
	if (!in_ram(op->dst, op->len) || !in_ram(op->src, op->len))
		return VMM_STATUS_EFAULT;
	memmove(model + op->dst, model + op->src, op->len);
	return VMM_STATUS_OK;
}

static void model_batch(uint64_t gpa)
{
	struct vmm_copy_batch b;
	if (!in_ram(gpa, sizeof(b)))
		return;
	memcpy(&b, model + gpa, sizeof(b));
	uint64_t ops = gpa + sizeof(b);
	uint32_t status = VMM_STATUS_OK, done = 0;
	if (b.count > VMM_COPY_MAX_OPS)
		status = VMM_STATUS_EINVAL;
	else if (!in_ram(ops, b.count * sizeof(struct vmm_copy_op)))
		status = VMM_STATUS_EFAULT;
	for (; status == VMM_STATUS_OK && done < b.count; done++) {
		struct vmm_copy_op op;
		memcpy(&op, model + ops + done * sizeof(op), sizeof(op));
		status = model_op(&op);
		if (status != VMM_STATUS_OK)
			break;
	}
	memcpy(model + gpa + offsetof(struct vmm_copy_batch, status), &status, sizeof(status));
	memcpy(model + gpa + offsetof(struct vmm_copy_batch, done), &done, sizeof(done));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_descriptor_outs(&vm, VMM_PORT_COPY, data, size, model, model_batch);
	return 0;
}
