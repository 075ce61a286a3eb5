/*
 * The local APIC timer. In x2APIC mode its registers are MSRs, so each
 * access is one instruction and no MMIO mapping is needed; KVM keeps the
 * LAPIC in the host kernel (split irqchip), so neither the ticks nor their
 * end-of-interrupt writes reach the monitor, and it always offers x2APIC.
 * QEMU's TCG (before 8.1) has no x2APIC: there the registers are the
 * xAPIC's page, which the PVH boot maps (pvh.c).
 *
 * The timer counts at 1 GHz under KVM (its APIC bus cycle is 1 ns). Under
 * another loader the rate is measured once at boot against the PIT, with
 * the TSC's, which the monitor otherwise reports (lapic_calibrate).
 */
#include "defs.h"
#include "memlayout.h"
#include "syscall.h"
#include "trap.h"
#include "x86.h"

#define CPUID1_ECX_X2APIC (1u << 21)

#define MSR_APIC_BASE    0x1B
#define APIC_BASE_ENABLE (1u << 11)
#define APIC_BASE_X2APIC (1u << 10)

/* Registers by their xAPIC offset; the x2APIC MSR is 0x800 + offset / 16. */
#define APIC_EOI        0x0B0
#define APIC_SVR        0x0F0
#define APIC_LVT_TIMER  0x320
#define APIC_TIMER_ICR  0x380 /* initial count */
#define APIC_TIMER_CCR  0x390 /* current count */
#define APIC_TIMER_DCR  0x3E0 /* divide configuration */
#define X2APIC_MSR(reg) (0x800 + ((reg) >> 4))

#define SVR_ENABLE     0x100
#define LVT_MASKED     (1u << 16)
#define TIMER_PERIODIC (1u << 17)
#define TIMER_DIV_1    0xB

/* KVM's APIC timer counts at 1 GHz. */
#define APIC_TIMER_HZ 1000000000u

/* The PIT's channel 2, gated through port 0x61, times the calibration. */
#define PIT_HZ        1193182u
#define PIT_CH2       0x42
#define PIT_CMD       0x43
#define PIT_CH2_ONCE  0xB0 /* channel 2, low then high byte, mode 0 */
#define PORT_B        0x61
#define PORT_B_GATE2  0x01
#define PORT_B_SPKR   0x02
#define PORT_B_OUT2   0x20
#define CALIBRATE_MS  10
#define CALIBRATE_PIT (PIT_HZ * CALIBRATE_MS / 1000)

static volatile uint32_t *const xapic = (volatile uint32_t *)(VMM_DIRECT_BASE + LAPIC_PHYS);
static _Bool x2apic; /* not an int: the MMIO stores cannot alias it */
static uint32_t count_per_tick = APIC_TIMER_HZ / SYS_TICK_HZ;

static void apic_write(uint32_t reg, uint32_t v)
{
	if (x2apic)
		wrmsr(X2APIC_MSR(reg), v);
	else
		xapic[reg / 4] = v;
}

static uint32_t apic_read(uint32_t reg)
{
	return x2apic ? (uint32_t)rdmsr(X2APIC_MSR(reg)) : xapic[reg / 4];
}

/* Turn the local APIC on, in x2APIC mode when the CPU has it. */
static void apic_enable(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

	x2apic = (cpuid1_ecx() & CPUID1_ECX_X2APIC) != 0;
	if (x2apic)
		base |= APIC_BASE_X2APIC;
	wrmsr(MSR_APIC_BASE, base);
	apic_write(APIC_SVR, SVR_ENABLE | T_SPURIOUS);
}

/* Start the periodic tick: vector T_TIMER, SYS_TICK_HZ times a second. */
void lapic_init(void)
{
	apic_enable();
	apic_write(APIC_TIMER_DCR, TIMER_DIV_1);
	apic_write(APIC_LVT_TIMER, TIMER_PERIODIC | T_TIMER);
	apic_write(APIC_TIMER_ICR, count_per_tick);
}

/* Acknowledge the interrupt being handled, so the next can come. */
void lapic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/*
 * Measure the TSC and the APIC timer over CALIBRATE_MS of the PIT (its
 * channel 2 counting down once), for a loader that does not say them;
 * keep the timer's rate for lapic_init and return the TSC's in kHz.
 * Interrupts are off; the timer counts down, masked.
 */
uint64_t lapic_calibrate(void)
{
	uint64_t tsc;
	uint32_t apic;

	apic_enable();
	apic_write(APIC_TIMER_DCR, TIMER_DIV_1);
	apic_write(APIC_LVT_TIMER, LVT_MASKED | T_TIMER);
	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPKR) | PORT_B_GATE2);
	outb(PIT_CMD, PIT_CH2_ONCE);
	outb(PIT_CH2, CALIBRATE_PIT & 0xFF);
	outb(PIT_CH2, CALIBRATE_PIT >> 8);
	apic_write(APIC_TIMER_ICR, 0xFFFFFFFF);
	tsc = rdtsc();
	while (!(inb(PORT_B) & PORT_B_OUT2))
		cpu_relax();
	tsc = rdtsc() - tsc;
	apic = 0xFFFFFFFF - apic_read(APIC_TIMER_CCR);
	apic_write(APIC_TIMER_ICR, 0);
	count_per_tick = (uint32_t)((uint64_t)apic * PIT_HZ / CALIBRATE_PIT / SYS_TICK_HZ);
	return tsc * PIT_HZ / CALIBRATE_PIT / 1000;
}
