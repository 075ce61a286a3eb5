/* Power-off: the monitor's device (VMM_PORT_POWEROFF), or without the
 * monitor QEMU's isa-debug-exit (debugexit.c); and the system call. */
#include "defs.h"
#include "fs.h"
#include "pc.h"
#include "vmm_abi.h"
#include "x86.h"

static int debugexit;

/* Without the monitor: power off through isa-debug-exit, if it is there. */
void poweroff_use_debugexit(void)
{
	debugexit = debugexit_probe() == 0;
}

/* Stop the machine. status: the monitor's exit status in bits 0-7, or'ed
 * with VMM_POWEROFF_PANIC for a kernel panic. */
void poweroff(uint32_t status)
{
	if (debugexit) {
		uart_drain();
		debugexit_poweroff(status);
	}
	outl(VMM_PORT_POWEROFF, status);
	for (;;)
		halt(); /* not reached: the monitor does not resume us */
}

/* poweroff(status): everything written goes to disk, then the machine
 * stops with status. */
long sys_poweroff(void)
{
	log_sync();
	poweroff((uint32_t)argraw(0) & 0xff);
}
