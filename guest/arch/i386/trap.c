/*
 * The C side of trap handling (i386): system calls, the timer, and faults.
 * A fault in user mode kills the process; in the kernel it panics, unless
 * the instruction is one of the exception table's (extable.h).
 */
#include "defs.h"
#include "extable.h"
#include "mmu.h"
#include "proc.h"
#include "trap.h"
#include "x86.h"

/* Panic with the trap and the registers at the time. From the kernel the
 * CPU pushed no ESP: the trapped code's stack is where the frame ends. */
static void __attribute__((noreturn, noinline, cold)) trap_panic(const struct trapframe *tf)
{
	int user = (tf->cs & 3) != 0;

	panic("trap %u (%s) in %s, error 0x%x, cr2 0x%lx\n"
	      "  eip %08x  esp %08x  eflags 0x%x  cs 0x%x\n"
	      "  eax %08x  ebx %08x  ecx %08x  edx %08x\n"
	      "  esi %08x  edi %08x  ebp %08x",
	      tf->vec, tf->vec < 32 ? exception_names[tf->vec] : "interrupt",
	      user ? "user" : "kernel", tf->err, rcr2(), tf->eip,
	      user ? tf->esp : (uint32_t)&tf->esp, tf->eflags, tf->cs, tf->eax, tf->ebx, tf->ecx,
	      tf->edx, tf->esi, tf->edi, tf->ebp);
}

/* Resume a faulting kernel instruction at its fixup, if it has one. */
static int fixup(struct trapframe *tf)
{
	for (const struct extable *e = extable_start; e < extable_end; e++) {
		if (e->insn == tf->eip) {
			tf->eip = e->fixup;
			return 1;
		}
	}
	return 0;
}

/* A fault in user mode: say so in one line and kill the process. */
static void __attribute__((noinline, cold)) user_fault(const struct trapframe *tf)
{
	struct proc *p = myproc();

	kprintf("pid %d %s: trap %u (%s), eip 0x%x, addr 0x%lx: killed\n", p->pid, p->prog.name,
	        tf->vec, exception_names[tf->vec], tf->eip, rcr2());
	p->killed = 1;
}

/* Called by alltraps (vectors.S) for every exception and interrupt. */
void trap(struct trapframe *tf)
{
	int user = (tf->cs & 3) != 0;

	if (tf->vec == T_SYSCALL && user) {
		tf->eax = syscall(tf->eax);
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

/* Set up tf to enter user mode at pc with stack sp, every other register
 * zero but the first two arguments of main: in EBX and ECX, the first two
 * system-call argument registers, where the program's entry
 * (user/arch/i386/start.S) takes them. Not EAX: exec's own result lands
 * there. */
void tf_init_user(struct trapframe *tf, uint64_t pc, uint64_t sp, uint64_t arg0, uint64_t arg1)
{
	*tf = (struct trapframe){
	    .ebx = (uint32_t)arg0,
	    .ecx = (uint32_t)arg1,
	    .ds = SEG_UDATA | DPL_USER,
	    .es = SEG_UDATA | DPL_USER,
	    .fs = SEG_UDATA | DPL_USER,
	    .gs = SEG_UDATA | DPL_USER,
	    .eip = (uint32_t)pc,
	    .cs = SEG_UCODE | DPL_USER,
	    .eflags = FL_IF,
	    .esp = (uint32_t)sp,
	    .ss = SEG_UDATA | DPL_USER,
	};
}
