/*
 * The 16550 UART on COM1 (QEMU's serial port, -serial): the console when
 * the monitor's is absent. Output waits for the transmit register, a byte
 * at a time; input is polled on the timer tick (console_in.c) with the UART's
 * interrupts off, which saves routing an interrupt through the PIC or the
 * I/O APIC for a device only the comparison runs use.
 */
#include "pc.h"
#include "x86.h"

#define COM1 0x3F8
#define THR  0 /* write: transmit holding register */
#define RBR  0 /* read: receive buffer */
#define DLL  0 /* with LCR_DLAB: divisor, low byte */
#define IER  1 /* interrupt enable */
#define DLM  1 /* with LCR_DLAB: divisor, high byte */
#define LCR  3 /* line control */
#define MCR  4 /* modem control */
#define LSR  5 /* line status */
#define SCR  7 /* scratch */

#define LCR_8N1      0x03
#define LCR_DLAB     0x80
#define MCR_DTR_RTS  0x03
#define LSR_DR       0x01 /* a received byte is waiting */
#define LSR_THRE     0x20 /* the transmit register is free */
#define LSR_TEMT     0x40 /* everything is sent */
#define DIVISOR_115K 1

/* Find the UART and set it to 115200 baud, 8N1, interrupts off: 0, or -1 if
 * there is none (the scratch register does not keep a value). The FIFOs
 * stay as they are: turning them on clears them, and input typed or piped
 * before the kernel came up would be lost. */
int uart_probe(void)
{
	outb(COM1 + SCR, 0x5A);
	if (inb(COM1 + SCR) != 0x5A)
		return -1;
	outb(COM1 + IER, 0);
	outb(COM1 + LCR, LCR_DLAB);
	outb(COM1 + DLL, DIVISOR_115K);
	outb(COM1 + DLM, 0);
	outb(COM1 + LCR, LCR_8N1);
	outb(COM1 + MCR, MCR_DTR_RTS);
	return 0;
}

void uart_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		while (!(inb(COM1 + LSR) & LSR_THRE))
			cpu_relax();
		outb(COM1 + THR, (uint8_t)s[i]);
	}
}

/* A received byte, or -1 if none is waiting. Only a byte waiting is read:
 * a read of the empty register could take one that arrived just after the
 * status said none, and lose it. */
int uart_getc(void)
{
	if (!(inb(COM1 + LSR) & LSR_DR))
		return -1;
	return inb(COM1 + RBR);
}

/* Wait until every byte written has left: QEMU exits at once on power-off,
 * and would drop what it still holds. */
void uart_drain(void)
{
	while (!(inb(COM1 + LSR) & LSR_TEMT))
		cpu_relax();
}
