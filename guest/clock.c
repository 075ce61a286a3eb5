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
static uint64_t next_wake = UINT64_MAX; /* the earliest tick a sleeper waits for */

static uint64_t tsc_khz, tsc_at_boot;

void clock_init(const struct vmm_boot_info *bi)
{
	tsc_khz = bi->tsc_khz;
	tsc_at_boot = rdtsc();
}

/* A sleeper on &ticks wants waking at tick t. tickslock held. */
void clock_wake_at(uint64_t t)
{
	if (t < next_wake)
		next_wake = t;
}

/* A tick passed: when the earliest sleeper (sys_sleep) is due, wake them
 * all; they check their time, and those not due ask again. Waking every
 * sleeper every tick cost each ~2 context switches a tick: 60 sleeping
 * processes kept the machine busy with nothing else (found by usertests). */
void clock_tick(void)
{
	acquire(&tickslock);
	ticks++;
	if (ticks >= next_wake) {
		next_wake = UINT64_MAX;
		wakeup(&ticks);
	}
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
