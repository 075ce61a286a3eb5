/*
 * The registers x86-64 code saves: a trapped code's in the trap frame
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
 * The registers of the trapped code. The system-call arguments rdi, rsi,
 * rdx, rcx, r8, r9 come first and in that order, so a handler finds
 * argument n at (&rdi)[n].
 */
struct trapframe {
	/* general registers, pushed by alltraps */
	unsigned long rdi, rsi, rdx, rcx, r8, r9;
	unsigned long rax, rbx, rbp, r10, r11, r12, r13, r14, r15;
	/* pushed by the vector's stub */
	unsigned long vec;
	unsigned long err; /* the CPU's error code, or 0 */
	/* pushed by the CPU */
	unsigned long rip, cs, rflags, rsp, ss;
};

/* The CPU aligns RSP to 16 before pushing; keeping the frame a multiple of
 * 16 leaves the C handler's stack ABI aligned. */
_Static_assert(sizeof(struct trapframe) % 16 == 0, "trap frame breaks stack alignment");
_Static_assert(__builtin_offsetof(struct trapframe, r9) == 5 * 8, "arguments not in order");

/* Laid out as swtch pushes it, at the top of a suspended thread's stack:
 * the callee-saved registers, then swtch's return address. */
struct context {
	unsigned long r15, r14, r13, r12, rbx, rbp;
	unsigned long pc;
};

/* The system call's number, argument n (0-5) and result. */
static inline uint64_t tf_sysnum(const struct trapframe *tf)
{
	return tf->rax;
}

static inline uint64_t tf_arg(const struct trapframe *tf, int n)
{
	return (&tf->rdi)[n];
}

static inline void tf_set_result(struct trapframe *tf, uint64_t v)
{
	tf->rax = v;
}

/* Where the trapped code resumes. */
static inline unsigned long tf_pc(const struct trapframe *tf)
{
	return tf->rip;
}

static inline void tf_set_pc(struct trapframe *tf, unsigned long pc)
{
	tf->rip = pc;
}

#define TF_PC_NAME "rip"

/* The registers a trap's panic shows (trap.c): a format and its arguments. */
#define TF_REGS_FMT                                                                                \
	"  rip %016lx  rsp %016lx  rflags 0x%lx  cs 0x%lx  ss 0x%lx\n"                             \
	"  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n"                                       \
	"  rsi %016lx  rdi %016lx  rbp %016lx  r8  %016lx\n"                                       \
	"  r9  %016lx  r10 %016lx  r11 %016lx  r12 %016lx\n"                                       \
	"  r13 %016lx  r14 %016lx  r15 %016lx"
#define TF_REGS(tf)                                                                                \
	(tf)->rip, (tf)->rsp, (tf)->rflags, (tf)->cs, (tf)->ss, (tf)->rax, (tf)->rbx, (tf)->rcx,   \
	    (tf)->rdx, (tf)->rsi, (tf)->rdi, (tf)->rbp, (tf)->r8, (tf)->r9, (tf)->r10, (tf)->r11,  \
	    (tf)->r12, (tf)->r13, (tf)->r14, (tf)->r15

/* Set up tf to enter user mode at pc with stack sp and the first two
 * arguments of a C function, every other register zero. */
static inline void tf_init_user(struct trapframe *tf, uint64_t pc, uint64_t sp, uint64_t arg0,
                                uint64_t arg1)
{
	*tf = (struct trapframe){
	    .rdi = arg0,
	    .rsi = arg1,
	    .rip = pc,
	    .cs = SEG_UCODE | DPL_USER,
	    .rflags = FL_IF,
	    .rsp = sp,
	    .ss = SEG_UDATA | DPL_USER,
	};
}

/*
 * A process's x87, MMX and SSE registers (with MXCSR), as FXSAVE stores
 * them (Intel SDM vol. 1, 10.5.1): 512 bytes, 16-byte aligned. CR4.OSXSAVE
 * is off, so no AVX or later state exists in user mode for XSAVE to keep.
 * The 64-bit forms keep the last x87 instruction's 64-bit addresses.
 * The kernel's own code never touches these registers (it is built with
 * -mgeneral-regs-only): only these two instructions do (sched.c, proc.c,
 * exec.c).
 */
struct fpu {
	uint8_t area[512];
} __attribute__((aligned(16)));

static inline void fpu_save(struct fpu *f)
{
	__asm__ volatile("fxsave64 %0" : "=m"(*f));
}

static inline void fpu_restore(const struct fpu *f)
{
	__asm__ volatile("fxrstor64 %0" : : "m"(*f));
}

#endif
