/* System calls about processes and time. */
#include "defs.h"
#include "proc.h"
#include "spinlock.h"

long sys_fork(void)
{
	return fork();
}

long sys_exit(void)
{
	exit((int)argraw(0));
}

long sys_wait(void)
{
	return wait(argraw(0));
}

long sys_kill(void)
{
	return kill((int)argraw(0));
}

long sys_getpid(void)
{
	return myproc()->pid;
}

long sys_sbrk(void)
{
	return growproc((long)argraw(0));
}

/* Sleep for n ticks; -1 if killed meanwhile. */
long sys_sleep(void)
{
	long n = (long)argraw(0);
	uint64_t t0;

	acquire(&tickslock);
	t0 = ticks;
	while ((long)(ticks - t0) < n) {
		if (myproc()->killed) {
			release(&tickslock);
			return -1;
		}
		clock_wake_at(t0 + n);
		sleep(&ticks, &tickslock);
	}
	release(&tickslock);
	return 0;
}

long sys_uptime(void)
{
	return ticks;
}

long sys_uptime_ns(void)
{
	return uptime_ns();
}
