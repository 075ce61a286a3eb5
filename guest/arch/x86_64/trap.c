/*
 * The C side of trap handling: system calls, the timer, and faults. A
 * fault in user mode kills the process; in the kernel it panics, unless
 * the instruction is one of the exception table's (extable.h).
 */
#include "defs.h"
#include "extable.h"
#include "mmu.h"
#include "proc.h"
#include "trap.h"
#include "x86.h"

/* Panic with the trap and the registers at the time: a few lines, one write.
 * Out of line, like user_fault, so trap() stays a lean path for system
 * calls. */
static void __attribute__((noreturn, noinline, cold)) trap_panic(const struct trapframe *tf)
{
	panic("trap %lu (%s) in %s, error 0x%lx, cr2 0x%lx\n"
	      "  rip %016lx  rsp %016lx  rflags 0x%lx  cs 0x%lx  ss 0x%lx\n"
	      "  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n"
	      "  rsi %016lx  rdi %016lx  rbp %016lx  r8  %016lx\n"
	      "  r9  %016lx  r10 %016lx  r11 %016lx  r12 %016lx\n"
	      "  r13 %016lx  r14 %016lx  r15 %016lx",
	      tf->vec, tf->vec < 32 ? exception_names[tf->vec] : "interrupt",
	      (tf->cs & 3) ? "user" : "kernel", tf->err, rcr2(), tf->rip, tf->rsp, tf->rflags,
	      tf->cs, tf->ss, tf->rax, tf->rbx, tf->rcx, tf->rdx, tf->rsi, tf->rdi, tf->rbp, tf->r8,
	      tf->r9, tf->r10, tf->r11, tf->r12, tf->r13, tf->r14, tf->r15);
}

/* Resume a faulting kernel instruction at its fixup, if it has one. */
static int fixup(struct trapframe *tf)
{
	for (const struct extable *e = extable_start; e < extable_end; e++) {
		if (e->insn == tf->rip) {
			tf->rip = e->fixup;
			return 1;
		}
	}
	return 0;
}

/* A fault in user mode: say so in one line and kill the process. */
static void __attribute__((noinline, cold)) user_fault(const struct trapframe *tf)
{
	struct proc *p = myproc();

	kprintf("pid %d %s: trap %lu (%s), rip 0x%lx, addr 0x%lx: killed\n", p->pid, p->prog.name,
	        tf->vec, exception_names[tf->vec], tf->rip, rcr2());
	p->killed = 1;
}

/* Called by alltraps (vectors.S) for every exception and interrupt. */
void trap(struct trapframe *tf)
{
	int user = (tf->cs & 3) != 0;

	if (tf->vec == T_SYSCALL && user) {
		tf->rax = syscall(tf->rax);
	} else if (tf->vec == T_TIMER) {
		clock_tick();
		lapic_eoi();
		if (console_in_polled)
			console_in_intr();
		if (user) {
			log_tick(); /* a safe point: no locks, not inside an operation */
			yield();
		}
	} else if (tf->vec == T_CONSOLE) {
		console_in_intr();
		lapic_eoi();
	} else if (tf->vec == T_SPURIOUS) {
		return;
	} else if (user && tf->vec < 32) {
		user_fault(tf);
	} else if (user || !fixup(tf)) {
		trap_panic(tf);
	}
	if (user && myproc()->killed)
		exit(SYS_KILLED_STATUS);
}

/* Set up tf to enter user mode at pc with stack sp and the first two
 * arguments of a C function, every other register zero. */
void tf_init_user(struct trapframe *tf, uint64_t pc, uint64_t sp, uint64_t arg0, uint64_t arg1)
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
