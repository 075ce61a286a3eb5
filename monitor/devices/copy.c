/* The copy engine: the guest hands over a batch of copies and fills of its
 * own physical memory, done here with memmove/memset during one exit. Where
 * kernel instructions are emulated (kvm_pvm) this turns ~0.7 ms per 4 KiB
 * page into a few microseconds. Every range is checked against guest RAM
 * through gpa_ptr before it is touched. */
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

#include "vmm_abi.h"
#include "devices/devices.h"
#include "core/vm.h"

/* Any vCPU may copy at once: the work touches guest memory only, and the
 * counts are atomic. */
struct copy_engine {
	atomic_uint_least64_t ops, bytes;
};

static struct copy_engine the_engine;

/* Runs one operation; returns a VMM_STATUS_*. */
static uint32_t run_op(struct guest_mem *m, const struct vmm_copy_op *op)
{
	if (op->len > VMM_COPY_MAX_LEN)
		return VMM_STATUS_EINVAL;
	uint8_t *dst = gpa_ptr(m, op->dst, op->len);
	if (op->op == VMM_COPY_OP_FILL) {
		if (op->src > 0xff)
			return VMM_STATUS_EINVAL; /* not a byte value */
		if (!dst)
			return VMM_STATUS_EFAULT;
		memset(dst, (int)op->src, op->len);
		return VMM_STATUS_OK;
	}
	if (op->op != VMM_COPY_OP_COPY)
		return VMM_STATUS_EINVAL;
	const uint8_t *src = gpa_ptr(m, op->src, op->len);
	if (!dst || !src)
		return VMM_STATUS_EFAULT;
	memmove(dst, src, op->len);
	return VMM_STATUS_OK;
}

static bool copy_out(struct vm *vm, void *dev, uint16_t port, unsigned size, uint32_t gpa)
{
	struct copy_engine *ce = dev;
	(void)port;
	/* Bytes: the descriptor may be misaligned (see block_request). */
	uint8_t *slot = gpa_ptr(&vm->mem, gpa, sizeof(struct vmm_copy_batch));
	if (size != 4 || !slot)
		return false; /* nowhere to store a status */
	struct vmm_copy_batch batch;
	memcpy(&batch, slot, sizeof(batch));
	uint32_t status = VMM_STATUS_OK, done = 0;
	const uint8_t *ops = gpa_ptr(&vm->mem, (uint64_t)gpa + sizeof(batch),
	                             (uint64_t)batch.count * sizeof(struct vmm_copy_op));
	if (batch.count > VMM_COPY_MAX_OPS)
		status = VMM_STATUS_EINVAL;
	else if (!ops)
		status = VMM_STATUS_EFAULT;
	for (; status == VMM_STATUS_OK && done < batch.count; done++) {
		/* A private copy: the guest cannot change an operation mid-check. */
		struct vmm_copy_op op;
		memcpy(&op, ops + (size_t)done * sizeof(op), sizeof(op));
		status = run_op(&vm->mem, &op);
		if (status != VMM_STATUS_OK)
			break;
		ce->ops++;
		ce->bytes += op.len;
	}
	memcpy(slot + offsetof(struct vmm_copy_batch, status), &status, sizeof(status));
	memcpy(slot + offsetof(struct vmm_copy_batch, done), &done, sizeof(done));
	return status == VMM_STATUS_OK;
}

static const struct io_ops copy_ops = {.name = "copy", .out = copy_out};

static int copy_setup(struct vm *vm)
{
	return io_register(&vm->io, VMM_PORT_COPY, 1, &copy_ops, &the_engine);
}

const struct part copy_part = {
    .name = "copy",
    .abi_bit = VMM_DEV_COPY,
    .setup = copy_setup,
};
