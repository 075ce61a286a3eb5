/*
 * The machine-specific facts user programs (mostly the tests) rely on, for
 * i386: where memory ends and the kernel lies, the registers a system call
 * preserves, and the machine code of an executable the tests write.
 */
#ifndef UARCH_H
#define UARCH_H

#include "syscall.h"

#define KERNEL_ADDR  0x80100000ul /* the kernel's text: mapped, supervisor only */
#define USER_END     0x80000000ul /* the kernel's half begins: no user memory beyond */
#define NONCANONICAL 0xfffff000ul /* i386 has no such addresses: the top page, unmapped */
#define FAR_UNMAPPED 0x40000000ul /* below USER_END, far past any process */
#define HEAP_MAX     ((unsigned long)1 << 31) /* more than any heap (malloc) */
#define DIRECT_MAP   0x80000000ul             /* all RAM, supervisor only */

/* A system call with raw arguments, as a hostile program makes it. */
static inline long uarch_syscall3(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile("int %1"
	                 : "=a"(r)
	                 : "i"(SYSCALL_VECTOR), "a"(nr), "b"(a), "c"(b), "d"(c)
	                 : "memory");
	return r;
}

/* The registers a system call preserves (syscall.h), in the order
 * getpid_with_regs (regs.S) loads them from its array. */
#define SYSCALL_SAVED_REGS                                                                         \
	{                                                                                          \
		"ebx", "ecx", "edx", "esi", "edi", "ebp"                                           \
	}
#define NSYSCALL_SAVED_REGS 6

/* Loads v[0..N-1] into the saved registers, makes a getpid system call,
 * stores them back into v[0..N-1] and the result into v[N]. */
void getpid_with_regs(unsigned long *v);

/* Machine code that exits with the byte at an address, which goes in
 * UELF_BYTE_EXIT_ADDR bytes in (an unsigned long): mov $addr, %eax;
 * movzbl (%eax), %ebx; mov $SYS_exit, %eax; int $SYSCALL_VECTOR; jmp . */
#define UELF_BYTE_EXIT_CODE(sys_exit, vec)                                                         \
	{                                                                                          \
		0xb8, 0, 0, 0, 0, 0x0f, 0xb6, 0x18, 0xb8, (sys_exit), 0, 0, 0, 0xcd, (vec), 0xeb,  \
		    0xfe                                                                           \
	}
#define UELF_BYTE_EXIT_ADDR 1

/* The x87, MMX and SSE registers, for usertests' fpu tests. FXSAVE stores
 * 8 xmm registers (xmm0-xmm7). */
#define NXMM 8

/* A system call for fpu_hold to make: nr(a0, a1). */
struct fpu_call {
	long nr, a0, a1;
};

/* Loads the x87, MMX and SSE registers from in (an FXSAVE image, 16-byte
 * aligned) unless in is 0, makes the n system calls calls[0 .. n) with no
 * other code in between, and stores the registers into out (FXSAVE, 16-byte
 * aligned). Returns the last call's result (0 when n is 0). In assembly
 * (regs.S): compiled code may use these registers for its own purposes. */
long fpu_hold(const void *in, void *out, const struct fpu_call *calls, long n);

#endif
