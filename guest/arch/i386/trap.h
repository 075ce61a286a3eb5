/*
 * Trap vectors, and the trap frame alltraps (vectors.S) builds on the kernel
 * stack (i386). The vector numbers are shared with assembly.
 */
#ifndef TRAP_H
#define TRAP_H

#include "syscall.h"
#include "vmm_abi.h"

#define T_UD       6  /* invalid opcode */
#define T_GP       13 /* general protection */
#define T_PF       14 /* page fault */
#define T_TIMER    32 /* the local APIC timer */
#define T_SYSCALL  SYSCALL_VECTOR
#define T_CONSOLE  VMM_VEC_CONSOLE_IN /* console input (console_in.c) */
#define T_SPURIOUS 255                /* the local APIC's spurious vector: no EOI */

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * The registers of the trapped code. The system-call arguments ebx, ecx,
 * edx, esi, edi, ebp come first and in that order (syscall.h), so a
 * handler finds argument n at (&ebx)[n]. esp and ss are there only for a
 * trap from user mode: from the kernel the CPU pushes neither.
 */
struct trapframe {
	/* pushed by alltraps */
	uint32_t ebx, ecx, edx, esi, edi, ebp;
	uint32_t eax;
	uint32_t ds, es, fs, gs;
	/* pushed by the vector's stub */
	uint32_t vec;
	uint32_t err; /* the CPU's error code, or 0 */
	/* pushed by the CPU */
	uint32_t eip, cs, eflags;
	uint32_t esp, ss;
};

_Static_assert(__builtin_offsetof(struct trapframe, ebp) == 5 * 4, "arguments not in order");

void trap(struct trapframe *tf);

/* exceptions.c: the names of vectors 0-31, for reports. */
extern const char *const exception_names[32];

/* System-call argument n (0-5) of the trapped user code. */
static inline uint64_t tf_arg(const struct trapframe *tf, int n)
{
	return (&tf->ebx)[n];
}

/* Make the trapped code see v as its system call's result. */
static inline void tf_set_result(struct trapframe *tf, uint64_t v)
{
	tf->eax = (uint32_t)v;
}

void tf_init_user(struct trapframe *tf, uint64_t pc, uint64_t sp, uint64_t arg0, uint64_t arg1);
#endif

#endif
