/*
 * Bulk copying and zeroing of physical memory: user pages for fork, exec
 * and sbrk, and large user copies. Physical addresses, as the copy engine
 * takes them and page-table entries hold them.
 *
 * On kvm_pvm every kernel instruction is emulated, and even rep movsq costs
 * ~0.7 ms per 4 KiB; the monitor's copy engine (VMM_PORT_COPY) does the same
 * in ~14 us, and a whole batch of operations in one exit. So when kernel
 * instructions are emulated and the engine exists, pcopy and pzero only
 * queue an operation in this CPU's batch, and pflush hands the batch over:
 * callers flush once per job (a fork, a sbrk), and always before the CPU
 * touches the memory. Otherwise (hardware KVM, where the CPU is faster than
 * an exit) both work at once with rep movsq/stosq and pflush does nothing.
 * The command-line words copy=cpu and copy=engine force a path.
 *
 * Never a page table: the engine writes from the host, which kvm_pvm's
 * shadow MMU does not see (kalloc.c keeps page tables apart).
 */
#include "defs.h"
#include "memlayout.h"
#include "proc.h"
#include "vmm_abi.h"
#include "x86.h"

/* A batch descriptor: the OUT carries 32 bits, so it must lie below 4 GiB,
 * as the kernel image does. */
union batch {
	struct vmm_copy_batch b;
	char space[sizeof(struct vmm_copy_batch) + VMM_COPY_MAX_OPS * sizeof(struct vmm_copy_op)];
};

static union batch batches[NCPU];
static int engine;

void copy_init(const struct vmm_boot_info *bi, enum copy_path path)
{
	int present = (bi->devices & VMM_DEV_COPY) != 0;

	if (path == COPY_ENGINE && !present)
		panic("copy=engine: the monitor has no copy engine");
	if (path == COPY_AUTO)
		engine = present && (bi->flags & VMM_BOOT_F_EMULATED);
	else
		engine = path == COPY_ENGINE;
}

/* Whether pcopy and pzero queue their work for the engine. */
int copy_engine_on(void)
{
	return engine;
}

/* Queue an operation. (Merging operations on neighbouring pages would save
 * the monitor little and cost the kernel more instructions per page than
 * the exits it saves.) */
static void queue(uint32_t op, uint64_t dst, uint64_t src, uint64_t len)
{
	struct vmm_copy_batch *b = &batches[mycpu() - cpus].b;
	struct vmm_copy_op *o;

	if (b->count == VMM_COPY_MAX_OPS)
		pflush();
	o = &b->ops[b->count++];
	o->op = op;
	o->dst = dst;
	o->src = src;
	o->len = len;
}

/* Copy n bytes from physical address src to dst; no overlap. */
void pcopy(uint64_t dst, uint64_t src, size_t n)
{
	if (engine)
		queue(VMM_COPY_OP_COPY, dst, src, n);
	else
		memcpy(p2v(dst), p2v(src), n);
}

/* Zero n bytes at physical address dst. */
void pzero(uint64_t dst, size_t n)
{
	if (engine)
		queue(VMM_COPY_OP_FILL, dst, 0, n);
	else
		memset(p2v(dst), 0, n);
}

/* Finish the queued work. */
void pflush(void)
{
	struct vmm_copy_batch *b = &batches[mycpu() - cpus].b;

	if (b->count == 0)
		return;
	outl(VMM_PORT_COPY, v2p(b));
	/* The operations are the kernel's own, on its own memory. */
	if (b->status != VMM_STATUS_OK)
		panic("copy engine: status %u at operation %u of %u", b->status, b->done, b->count);
	b->count = 0;
}
