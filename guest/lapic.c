/*
 * The local APIC timer, in x2APIC mode: its registers are MSRs, so each
 * access is one instruction and no MMIO mapping is needed. KVM keeps the
 * LAPIC in the host kernel (split irqchip), so neither the ticks nor their
 * end-of-interrupt writes reach the monitor.
 */
#include "defs.h"
#include "syscall.h"
#include "trap.h"
#include "x86.h"

#define CPUID1_ECX_X2APIC (1u << 21)

#define MSR_APIC_BASE    0x1B
#define APIC_BASE_ENABLE (1u << 11)
#define APIC_BASE_X2APIC (1u << 10)

#define X2APIC_EOI       0x80B
#define X2APIC_SVR       0x80F
#define X2APIC_LVT_TIMER 0x832
#define X2APIC_TIMER_ICR 0x838 /* initial count */
#define X2APIC_TIMER_DCR 0x83E /* divide configuration */

#define SVR_ENABLE     0x100
#define TIMER_PERIODIC (1u << 17)
#define TIMER_DIV_1    0xB

/* KVM's APIC timer counts at 1 GHz (its APIC bus cycle is 1 ns). */
#define APIC_TIMER_HZ 1000000000u

/* Start the periodic tick: vector T_TIMER, SYS_TICK_HZ times a second. */
void lapic_init(void)
{
	if (!(cpuid1_ecx() & CPUID1_ECX_X2APIC))
		panic("lapic: no x2APIC");
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	wrmsr(X2APIC_SVR, SVR_ENABLE | T_SPURIOUS);
	wrmsr(X2APIC_TIMER_DCR, TIMER_DIV_1);
	wrmsr(X2APIC_LVT_TIMER, TIMER_PERIODIC | T_TIMER);
	wrmsr(X2APIC_TIMER_ICR, APIC_TIMER_HZ / SYS_TICK_HZ);
}

/* Acknowledge the interrupt being handled, so the next can come. */
void lapic_eoi(void)
{
	wrmsr(X2APIC_EOI, 0);
}
