/*
 * The C side of trap handling: system calls, the timer, and faults. A
 * fault in user mode kills the process; in the kernel it panics, unless
 * the instruction is one of the exception table's (extable.h).
 */
#include "defs.h"
#include "extable.h"
#include "proc.h"
#include "trap.h"
#include "x86.h"

/* The names of the CPU's exception vectors, for reports: the same in
 * 32-bit and 64-bit mode. */
static const char *const exception_names[32] = {
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor segment overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack fault",
    "#GP general protection",
    "#PF page fault",
    "reserved",
    "#MF x87 error",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD error",
    "#VE virtualization",
    "#CP control protection",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "#HV hypervisor injection",
    "#VC VMM communication",
    "#SX security",
    "reserved",
};

/* Panic with the trap and the registers at the time: a few lines, one write.
 * Out of line, like user_fault, so trap() stays a lean path for system
 * calls. */
static void __attribute__((noreturn, noinline, cold)) trap_panic(const struct trapframe *tf)
{
	panic("trap %lu (%s) in %s, error 0x%lx, cr2 0x%lx\n" TF_REGS_FMT, tf->vec,
	      tf->vec < 32 ? exception_names[tf->vec] : "interrupt",
	      (tf->cs & 3) ? "user" : "kernel", tf->err, rcr2(), TF_REGS(tf));
}

/* Resume a faulting kernel instruction at its fixup, if it has one. */
static int fixup(struct trapframe *tf)
{
	for (const struct extable *e = extable_start; e < extable_end; e++) {
		if (e->insn == tf_pc(tf)) {
			tf_set_pc(tf, e->fixup);
			return 1;
		}
	}
	return 0;
}

/* A fault in user mode: say so in one line and kill the process. */
static void __attribute__((noinline, cold)) user_fault(const struct trapframe *tf)
{
	struct proc *p = myproc();

	kprintf("pid %d %s: trap %lu (%s), " TF_PC_NAME " 0x%lx, addr 0x%lx: killed\n", p->pid,
	        p->prog.name, tf->vec, exception_names[tf->vec], tf_pc(tf), rcr2());
	p->killed = 1;
}

/* Called by alltraps (vectors.S) for every exception and interrupt. */
void trap(struct trapframe *tf)
{
	int user = (tf->cs & 3) != 0;

	if (tf->vec == T_SYSCALL && user) {
		tf_set_result(tf, syscall(tf_sysnum(tf)));
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
