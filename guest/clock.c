/* Time: the tick count, from the timer interrupt (SYS_TICK_HZ a second),
 * and nanoseconds from the TSC when the boot information gives its rate.
 * Ticks are too coarse to time one system call, and a tick that falls due
 * while a long call runs with interrupts off is lost, so benchmarks time
 * themselves with uptime_ns. */
#include "defs.h"
#include "spinlock.h"
#include "syscall.h"
#include "vmm_abi.h"
#include "x86.h"

uint64_t ticks;
struct spinlock tickslock = SPINLOCK_INIT("ticks");

static uint64_t tsc_khz, tsc_at_boot;

void clock_init(const struct vmm_boot_info *bi)
{
	tsc_khz = bi->tsc_khz;
	tsc_at_boot = rdtsc();
}

/* A tick passed: wake the sleepers (sys_sleep), who check their time. */
void clock_tick(void)
{
	acquire(&tickslock);
	ticks++;
	wakeup(&ticks);
	release(&tickslock);
}

/* Nanoseconds since boot: from the TSC where its rate is known, else from
 * the ticks. Whole seconds and the rest apart, so nothing overflows. */
uint64_t uptime_ns(void)
{
	uint64_t t, per_s;

	if (!tsc_khz)
		return ticks * (1000000000 / SYS_TICK_HZ);
	t = rdtsc() - tsc_at_boot;
	per_s = tsc_khz * 1000;
	return t / per_s * 1000000000 + t % per_s * 1000000 / tsc_khz;
}
