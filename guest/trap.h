/*
 * Trap vectors, shared with assembly, and trap(), which alltraps
 * (arch/<arch>/vectors.S) calls with the trap frame it built on the kernel
 * stack. The frame's layout is the architecture's (regs.h).
 */
#ifndef TRAP_H
#define TRAP_H

#include "syscall.h"
#include "vmm_abi.h"

#define T_UD       6  /* invalid opcode: also `int $0x40` from user mode on kvm_pvm (x86-64) */
#define T_GP       13 /* general protection */
#define T_PF       14 /* page fault */
#define T_TIMER    32 /* the local APIC timer */
#define T_SYSCALL  SYSCALL_VECTOR
#define T_CONSOLE  VMM_VEC_CONSOLE_IN /* console input (console_in.c) */
#define T_SPURIOUS 255                /* the local APIC's spurious vector: no EOI */

#ifndef __ASSEMBLER__
#include "regs.h"

void trap(struct trapframe *tf);
#endif

#endif
