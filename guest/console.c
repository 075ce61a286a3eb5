/*
 * The monitor's paravirtual console (VMM_PORT_CONSOLE): one OUT of a
 * descriptor's physical address writes a whole buffer in a single exit.
 * Never one exit per byte: each exit costs ~10 us. Without the monitor
 * (QEMU) the console is a PC's UART (uart.c).
 */
#include "defs.h"
#include "memlayout.h"
#include "pc.h"
#include "proc.h"
#include "spinlock.h"
#include "x86.h"

/* User output goes through this buffer (in the kernel image, so below
 * 4 GiB): one exit for up to its size, where the user's pages may be
 * scattered. The lock also keeps writes whole. */
#define WRITE_MAX (64 * 1024)
static char wbuf[WRITE_MAX];
static struct spinlock lock = SPINLOCK_INIT("console");
static int uart; /* the console is the UART, not the monitor's */

/* Without the monitor: the console is a PC's UART, if there is one. */
void console_use_uart(void)
{
	uart = uart_probe() == 0;
}

int console_is_uart(void)
{
	return uart;
}

/* Write n bytes at s (a kernel address) to the console; no formatting. */
void console_write(const char *s, size_t n)
{
	/* The OUT carries 32 bits, so the descriptor lies in the kernel image,
	 * below 4 GiB: a kernel stack may be anywhere in RAM. One per CPU;
	 * interrupts are off in the kernel, so nothing nests on it. */
	static struct vmm_buf bufs[NCPU];
	struct vmm_buf *b = &bufs[mycpu() - cpus];

	if (uart) {
		uart_write(s, n);
		return;
	}
	while (n > 0) {
		uint32_t len = n < VMM_CONSOLE_MAX ? n : VMM_CONSOLE_MAX;

		b->addr = v2p(s);
		b->len = len;
		outl(VMM_PORT_CONSOLE, v2p(b));
		s += len;
		n -= len;
	}
}

/* Write n bytes at user address va to the console: the bytes written, or -1
 * if none could be read. One exit per WRITE_MAX bytes. */
long console_write_user(uint64_t va, size_t n)
{
	size_t done, len;

	acquire(&lock);
	for (done = 0; done < n; done += len) {
		len = n - done < WRITE_MAX ? n - done : WRITE_MAX;
		if (copyin(wbuf, va + done, len) < 0)
			break;
		console_write(wbuf, len);
	}
	release(&lock);
	return done > 0 || n == 0 ? (long)done : -1;
}
