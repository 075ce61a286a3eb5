/* The trap frame alltraps (vectors.S) builds on the kernel stack. */
#ifndef TRAP_H
#define TRAP_H

#include <stdint.h>

struct trapframe {
	/* general registers, pushed by alltraps */
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	/* pushed by the vector's stub */
	uint64_t vec;
	uint64_t err; /* the CPU's error code, or 0 */
	/* pushed by the CPU */
	uint64_t rip, cs, rflags, rsp, ss;
};

/* The CPU aligns RSP to 16 before pushing; keeping the frame a multiple of
 * 16 leaves the C handler's stack ABI aligned. */
_Static_assert(sizeof(struct trapframe) % 16 == 0, "trap frame breaks stack alignment");

void trap(struct trapframe *tf);

#endif
