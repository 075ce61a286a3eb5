/* Attacks on the copy engine: batches too long, with operations past the
 * end of RAM, too long, wrapping, of unknown kinds or garbage, mixed with
 * good copies and fills. A batch stops at its first bad operation, so the
 * guest predicts both the status and how many operations were done. */
#include "hostile.h"

#define HEADER sizeof(struct vmm_copy_batch)
#define OP     sizeof(struct vmm_copy_op)

static union {
	struct vmm_copy_batch b;
	uint8_t bytes[HEADER + VMM_COPY_MAX_OPS * OP];
} batch;

/* The statuses operation o may fail with; 0 if it is good. */
static uint32_t op_errors(const struct vmm_copy_op *o)
{
	uint32_t e = o->len > VMM_COPY_MAX_LEN ? ST(VMM_STATUS_EINVAL) : 0;
	if (o->op == VMM_COPY_OP_FILL && o->src > 0xff)
		e |= ST(VMM_STATUS_EINVAL);
	if (o->op == VMM_COPY_OP_FILL && !in_ram(o->dst, o->len))
		e |= ST(VMM_STATUS_EFAULT);
	else if (o->op == VMM_COPY_OP_COPY && (!in_ram(o->dst, o->len) || !in_ram(o->src, o->len)))
		e |= ST(VMM_STATUS_EFAULT);
	else if (o->op != VMM_COPY_OP_FILL && o->op != VMM_COPY_OP_COPY)
		e |= ST(VMM_STATUS_EINVAL);
	return e;
}

/* A writable place for len bytes: the copy zone, the monitor's boot
 * structures, or the very end of RAM. */
static uint64_t target(uint64_t len)
{
	uint64_t r = below(10);
	if (r < 2 && len < VMM_RESERVED_END)
		return below(VMM_RESERVED_END - len);
	if (r < 3)
		return ram_size - len;
	return ZONE_COPY + below(8 * MIB - len);
}

static void make_op(struct vmm_copy_op *o)
{
	uint64_t len = chance(3) ? VMM_COPY_MAX_LEN : below(chance(20) ? 65536 : 600);
	*o = (struct vmm_copy_op){
	    .op = chance(50) ? VMM_COPY_OP_FILL : VMM_COPY_OP_COPY, .dst = target(len), .len = len};
	o->src = o->op == VMM_COPY_OP_FILL ? below(256) : below(ram_size - len);
	switch (below(12)) {
	case 0:
		o->len = VMM_COPY_MAX_LEN + 1 + below(chance(50) ? 4096 : ~0ull - VMM_COPY_MAX_LEN);
		break;
	case 1:
		o->dst = bad_range(len ? len : 1, o->dst);
		break;
	case 2:
		if (o->op == VMM_COPY_OP_COPY)
			o->src = bad_range(len ? len : 1, o->src);
		else if (chance(50))
			o->src = 0x100 + below(1ull << 40); /* a fill value that is no byte */
		else
			o->op = chance(50) ? (uint32_t)below(4) * 3 : (uint32_t)rnd();
		break;
	case 3:
		*o = (struct vmm_copy_op){(uint32_t)below(4), (uint32_t)rnd(), rnd(), rnd(),
		                          chance(50) ? rnd() : below(4096)};
		break;
	}
}

/* A good operation may not write this kernel, nor (unless it is the last)
 * the batch itself, whose later operations the engine has yet to read:
 * such an operation is made too long, so the engine refuses it. */
static void defuse(struct vmm_copy_op *o, uint32_t gpa, uint64_t bytes, int last)
{
	if (op_errors(o))
		return;
	uint64_t in = in_ram(gpa, 1) ? (bytes < ram_size - gpa ? bytes : ram_size - gpa) : 0;
	if (!writable(o->dst, o->len) || (!last && touches(o->dst, o->len, gpa, in)))
		o->len = VMM_COPY_MAX_LEN + 1;
}

/* The outcome of the batch: allowed statuses and the operations done. */
static uint32_t predict(uint32_t gpa, uint32_t count, uint32_t *done)
{
	uint32_t e = 0;
	*done = 0;
	if (count > VMM_COPY_MAX_OPS)
		e |= ST(VMM_STATUS_EINVAL);
	if (!in_ram((uint64_t)gpa + HEADER, (uint64_t)count * OP))
		e |= ST(VMM_STATUS_EFAULT);
	if (e)
		return e;
	for (; *done < count; ++*done)
		if ((e = op_errors(&batch.b.ops[*done])) != 0)
			return e;
	return 0;
}

/* Mostly short batches: every operation costs the guest emulated
 * instructions to build and predict. */
static uint32_t count_of_batch(void)
{
	uint64_t r = below(40);
	if (r < 32)
		return 1 + (uint32_t)below(4);
	if (r < 36)
		return 0;
	if (r < 37)
		return VMM_COPY_MAX_OPS;
	if (r < 39)
		return VMM_COPY_MAX_OPS + 1 + (uint32_t)below(1000);
	return 0xffffffffu - (uint32_t)below(4);
}

/* After a good batch whose last operation is a fill outside the batch,
 * the filled bytes must hold the value. */
static void check_fill(uint32_t gpa, uint64_t bytes, uint32_t n)
{
	const struct vmm_copy_op *o = &batch.b.ops[n - 1];
	if (o->op != VMM_COPY_OP_FILL || o->len == 0 || touches(o->dst, o->len, gpa, bytes))
		return;
	uint8_t v = (uint8_t)o->src;
	if (*(uint8_t *)phys(o->dst) != v || *(uint8_t *)phys(o->dst + o->len - 1) != v)
		wrong("copy engine fill did not land", 0);
}

void attack_copy(void)
{
	/* Past VMM_COPY_MAX_OPS the engine reads none: write only a few. */
	uint32_t count = count_of_batch(),
	         n = count <= VMM_COPY_MAX_OPS ? count : (uint32_t)below(4);
	uint64_t bytes = HEADER + n * OP;
	uint32_t gpa = place(HEADER, bytes), done;
	batch.b = (struct vmm_copy_batch){.count = count, .done = 0xffffffff};
	for (uint32_t i = 0; i < n; i++) {
		make_op(&batch.b.ops[i]);
		defuse(&batch.b.ops[i], gpa, bytes, i == count - 1);
	}
	uint32_t allowed = predict(gpa, count, &done);
	if (!allowed)
		tally.valid[D_COPY]++;
	struct request r = {D_COPY, gpa, batch.bytes, bytes, HEADER, 4, allowed};
	uint32_t status = send(&r);
	if (!in_ram(gpa, HEADER))
		return;
	uint32_t got;
	__builtin_memcpy(&got, (uint8_t *)phys(gpa) + 8, sizeof(got));
	if (got != done)
		wrong("copy engine done count", got);
	else if (!allowed && status == VMM_STATUS_OK && n > 0)
		check_fill(gpa, bytes, n);
}
