/* The monitor's power-off device (VMM_PORT_POWEROFF). */
#include "defs.h"
#include "vmm_abi.h"
#include "x86.h"

/* Stop the machine. status: the monitor's exit status in bits 0-7, or'ed
 * with VMM_POWEROFF_PANIC for a kernel panic. */
void poweroff(uint32_t status)
{
	outl(VMM_PORT_POWEROFF, status);
	for (;;)
		halt(); /* not reached: the monitor does not resume us */
}
