/*
 * QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4,
 * iosize=4): a write of v makes QEMU exit at once with status (v << 1) | 1,
 * of which the shell sees only the low 8 bits, so statuses above 127 and
 * the panic bit would be lost. So the full status goes first, as a decimal
 * line, to QEMU's debugcon (-device isa-debugcon,iobase=0xe9), which
 * scripts/qemu sends to a file and reads back.
 */
#include "pc.h"
#include "x86.h"

#define DEBUGEXIT_PORT 0xF4
#define DEBUGCON_PORT  0xE9
#define DEBUGCON_ECHO  0xE9        /* what a read of the debugcon port returns */
#define NO_DEVICE      0xFFFFFFFFu /* a read of a port no device claims */

/* 0 if the device is there (it reads as 0), else -1. */
int debugexit_probe(void)
{
	return inl(DEBUGEXIT_PORT) == NO_DEVICE ? -1 : 0;
}

/* The status, in decimal, on the debugcon when there is one. */
static void record_status(uint32_t status)
{
	char digits[10];
	int n = 0;

	if (inb(DEBUGCON_PORT) != DEBUGCON_ECHO)
		return;
	do
		digits[n++] = (char)('0' + status % 10);
	while ((status /= 10) != 0);
	while (n > 0)
		outb(DEBUGCON_PORT, (uint8_t)digits[--n]);
	outb(DEBUGCON_PORT, '\n');
}

/* Stop QEMU with status: the exit status in bits 0-7, VMM_POWEROFF_PANIC
 * or'ed in for a kernel panic. */
void debugexit_poweroff(uint32_t status)
{
	record_status(status);
	outl(DEBUGEXIT_PORT, status);
	for (;;)
		halt(); /* not reached: QEMU has exited */
}
