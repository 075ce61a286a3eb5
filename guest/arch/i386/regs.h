/*
 * The registers i386 code saves: a trapped code's in the trap frame
 * alltraps builds (vectors.S), a kernel thread's in the context swtch
 * leaves on its stack (swtch.S). The shared code (trap.c, context.h,
 * syscall.c, proc.c, exec.c) reaches them through the accessors below.
 */
#ifndef REGS_H
#define REGS_H

#include <stdint.h>
#include "mmu.h"
#include "x86.h"

/*
 * The registers of the trapped code. The system-call arguments ebx, ecx,
 * edx, esi, edi, ebp come first and in that order (syscall.h), so a
 * handler finds argument n at (&ebx)[n]. esp and ss are there only for a
 * trap from user mode: from the kernel the CPU pushes neither.
 */
struct trapframe {
	/* pushed by alltraps */
	unsigned long ebx, ecx, edx, esi, edi, ebp;
	unsigned long eax;
	unsigned long ds, es, fs, gs;
	/* pushed by the vector's stub */
	unsigned long vec;
	unsigned long err; /* the CPU's error code, or 0 */
	/* pushed by the CPU */
	unsigned long eip, cs, eflags;
	unsigned long esp, ss;
};

_Static_assert(__builtin_offsetof(struct trapframe, ebp) == 5 * 4, "arguments not in order");

/* Laid out as swtch pushes it, at the top of a suspended thread's stack:
 * the callee-saved registers, then swtch's return address. */
struct context {
	unsigned long edi, esi, ebx, ebp;
	unsigned long pc;
};

/* The system call's number, argument n (0-5) and result. */
static inline uint64_t tf_sysnum(const struct trapframe *tf)
{
	return tf->eax;
}

static inline uint64_t tf_arg(const struct trapframe *tf, int n)
{
	return (&tf->ebx)[n];
}

static inline void tf_set_result(struct trapframe *tf, uint64_t v)
{
	tf->eax = (unsigned long)v;
}

/* Where the trapped code resumes. */
static inline unsigned long tf_pc(const struct trapframe *tf)
{
	return tf->eip;
}

static inline void tf_set_pc(struct trapframe *tf, unsigned long pc)
{
	tf->eip = pc;
}

#define TF_PC_NAME "eip"

/* The registers a trap's panic shows (trap.c): a format and its arguments.
 * From the kernel the CPU pushed no ESP: the trapped code's stack is where
 * the frame ends. */
#define TF_REGS_FMT                                                                                \
	"  eip %08lx  esp %08lx  eflags 0x%lx  cs 0x%lx\n"                                         \
	"  eax %08lx  ebx %08lx  ecx %08lx  edx %08lx\n"                                           \
	"  esi %08lx  edi %08lx  ebp %08lx"
#define TF_REGS(tf)                                                                                \
	(tf)->eip, ((tf)->cs & 3) ? (tf)->esp : (unsigned long)&(tf)->esp, (tf)->eflags, (tf)->cs, \
	    (tf)->eax, (tf)->ebx, (tf)->ecx, (tf)->edx, (tf)->esi, (tf)->edi, (tf)->ebp

/* Set up tf to enter user mode at pc with stack sp, every other register
 * zero but the first two arguments of main: in EBX and ECX, the first two
 * system-call argument registers, where the program's entry
 * (user/arch/i386/start.S) takes them. Not EAX: exec's own result lands
 * there. */
static inline void tf_init_user(struct trapframe *tf, uint64_t pc, uint64_t sp, uint64_t arg0,
                                uint64_t arg1)
{
	*tf = (struct trapframe){
	    .ebx = (unsigned long)arg0,
	    .ecx = (unsigned long)arg1,
	    .ds = SEG_UDATA | DPL_USER,
	    .es = SEG_UDATA | DPL_USER,
	    .fs = SEG_UDATA | DPL_USER,
	    .gs = SEG_UDATA | DPL_USER,
	    .eip = (unsigned long)pc,
	    .cs = SEG_UCODE | DPL_USER,
	    .eflags = FL_IF,
	    .esp = (unsigned long)sp,
	    .ss = SEG_UDATA | DPL_USER,
	};
}

/*
 * A process's x87, MMX and SSE registers (with MXCSR), as FXSAVE stores
 * them (Intel SDM vol. 1, 10.5.1): 512 bytes, 16-byte aligned. CR4.OSXSAVE
 * is off, so no AVX or later state exists in user mode for XSAVE to keep.
 * The kernel's own code never touches these registers (it is built with
 * -mgeneral-regs-only): only these two instructions do (sched.c, proc.c,
 * exec.c).
 */
struct fpu {
	uint8_t area[512];
} __attribute__((aligned(16)));

static inline void fpu_save(struct fpu *f)
{
	__asm__ volatile("fxsave %0" : "=m"(*f));
}

static inline void fpu_restore(const struct fpu *f)
{
	__asm__ volatile("fxrstor %0" : : "m"(*f));
}

#endif
