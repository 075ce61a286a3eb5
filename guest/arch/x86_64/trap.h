/*
 * Trap vectors, and the trap frame alltraps (vectors.S) builds on the kernel
 * stack. The vector numbers are shared with assembly.
 */
#ifndef TRAP_H
#define TRAP_H

#include "syscall.h"
#include "vmm_abi.h"

#define T_UD       6  /* invalid opcode: also `int $0x40` from user mode on kvm_pvm */
#define T_GP       13 /* general protection */
#define T_PF       14 /* page fault */
#define T_TIMER    32 /* the local APIC timer */
#define T_SYSCALL  SYSCALL_VECTOR
#define T_CONSOLE  VMM_VEC_CONSOLE_IN /* console input (console_in.c) */
#define T_SPURIOUS 255                /* the local APIC's spurious vector: no EOI */

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * The registers of the trapped code. The system-call arguments rdi, rsi,
 * rdx, rcx, r8, r9 come first and in that order, so a handler finds
 * argument n at (&rdi)[n].
 */
struct trapframe {
	/* general registers, pushed by alltraps */
	uint64_t rdi, rsi, rdx, rcx, r8, r9;
	uint64_t rax, rbx, rbp, r10, r11, r12, r13, r14, r15;
	/* pushed by the vector's stub */
	uint64_t vec;
	uint64_t err; /* the CPU's error code, or 0 */
	/* pushed by the CPU */
	uint64_t rip, cs, rflags, rsp, ss;
};

/* The CPU aligns RSP to 16 before pushing; keeping the frame a multiple of
 * 16 leaves the C handler's stack ABI aligned. */
_Static_assert(sizeof(struct trapframe) % 16 == 0, "trap frame breaks stack alignment");
_Static_assert(__builtin_offsetof(struct trapframe, r9) == 5 * 8, "arguments not in order");

void trap(struct trapframe *tf);

/* exceptions.c: the names of vectors 0-31, for reports. */
extern const char *const exception_names[32];

/* System-call argument n (0-5) of the trapped user code. */
static inline uint64_t tf_arg(const struct trapframe *tf, int n)
{
	return (&tf->rdi)[n];
}

/* Make the trapped code see v as its system call's result. */
static inline void tf_set_result(struct trapframe *tf, uint64_t v)
{
	tf->rax = v;
}

void tf_init_user(struct trapframe *tf, uint64_t pc, uint64_t sp, uint64_t arg0, uint64_t arg1);
#endif

#endif
