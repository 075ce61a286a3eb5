/* The C side of trap handling. */
#include "defs.h"
#include "trap.h"
#include "x86.h"

static const char *const exceptions[32] = {
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

/* Panic with the trap and the registers at the time: a few lines, one write. */
static void __attribute__((noreturn)) trap_panic(const struct trapframe *tf)
{
	panic("trap %lu (%s) in %s, error 0x%lx, cr2 0x%lx\n"
	      "  rip %016lx  rsp %016lx  rflags 0x%lx  cs 0x%lx  ss 0x%lx\n"
	      "  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n"
	      "  rsi %016lx  rdi %016lx  rbp %016lx  r8  %016lx\n"
	      "  r9  %016lx  r10 %016lx  r11 %016lx  r12 %016lx\n"
	      "  r13 %016lx  r14 %016lx  r15 %016lx",
	      tf->vec, tf->vec < 32 ? exceptions[tf->vec] : "interrupt",
	      (tf->cs & 3) ? "user" : "kernel", tf->err, rcr2(), tf->rip, tf->rsp, tf->rflags,
	      tf->cs, tf->ss, tf->rax, tf->rbx, tf->rcx, tf->rdx, tf->rsi, tf->rdi, tf->rbp, tf->r8,
	      tf->r9, tf->r10, tf->r11, tf->r12, tf->r13, tf->r14, tf->r15);
}

/*
 * Called by alltraps (vectors.S) for every exception and interrupt. Nothing
 * is expected yet (no user mode, interrupts stay off), so any trap is a
 * kernel bug.
 */
void trap(struct trapframe *tf)
{
	trap_panic(tf);
}
