/* Time: the tick count, from the timer interrupt (SYS_TICK_HZ a second). */
#include "defs.h"
#include "spinlock.h"

uint64_t ticks;
struct spinlock tickslock = SPINLOCK_INIT("ticks");

/* A tick passed: wake the sleepers (sys_sleep), who check their time. */
void clock_tick(void)
{
	acquire(&tickslock);
	ticks++;
	wakeup(&ticks);
	release(&tickslock);
}
