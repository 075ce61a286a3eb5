/*
 * The monitor's paravirtual console (VMM_PORT_CONSOLE): one OUT of a
 * descriptor's physical address writes a whole buffer in a single exit.
 * Never one exit per byte: each exit costs ~10 us.
 */
#include "defs.h"
#include "memlayout.h"
#include "x86.h"

/* Write n bytes at s (a kernel address) to the console; no formatting. */
void console_write(const char *s, size_t n)
{
	struct vmm_buf b; /* the OUT carries 32 bits: b must lie below 4 GiB */

	while (n > 0) {
		uint32_t len = n < VMM_CONSOLE_MAX ? n : VMM_CONSOLE_MAX;

		b.addr = v2p(s);
		b.len = len;
		outl(VMM_PORT_CONSOLE, v2p(&b));
		s += len;
		n -= len;
	}
}
