/*
 * The console's input side: a line discipline over the monitor's
 * console-input device (VMM_PORT_CONSOLE_IN). Bytes come from the monitor
 * in batches, one exit each; when the monitor has nothing, that same
 * request arms an interrupt (VMM_VEC_CONSOLE_IN), so a reader sleeps
 * instead of polling and the idle loop's hlt is woken by input.
 *
 * Cooked mode, as a Unix terminal: input is handed to readers a line at a
 * time; backspace erases a character, Ctrl-U the line, Ctrl-D ends input
 * (a read at the start of a line returns 0), Ctrl-C kills the foreground
 * process group. Echo is on only when the monitor's input is a terminal
 * (VMM_BOOT_F_INPUT_TTY): text piped into ./vmm is not a person typing,
 * and should not come back out mixed with the output.
 *
 * Without the monitor the console is a PC's UART (uart.c), which the timer
 * tick polls (console_in_polled); no end of input comes from it.
 */
#include "defs.h"
#include "memlayout.h"
#include "pc.h"
#include "proc.h"
#include "spinlock.h"
#include "vmm_abi.h"
#include "x86.h"

#define TTY_BUF 4096 /* a power of two: indexes wrap with a mask */
#define C(x)    ((x) - '@')

static struct {
	struct spinlock lock;
	char buf[TTY_BUF];
	uint32_t r; /* next byte a reader takes */
	uint32_t w; /* end of the lines handed to readers */
	uint32_t e; /* end of the line being edited */
	int eof;    /* the monitor's input has ended */
	int echo;
	int present;
	int uart; /* input from the UART, not the monitor */
	int fg;   /* the foreground process group, for Ctrl-C */
} tty = {.lock = SPINLOCK_INIT("tty")};

/* The request and its buffer: in the kernel image, so below 4 GiB, as the
 * 32-bit OUT needs. Interrupts are off in the kernel: nothing nests. */
static char inbuf[TTY_BUF];
static struct vmm_buf indesc;

/* The timer tick calls console_in_intr: input is polled. */
int console_in_polled;

/* Echo is collected per batch and written with one exit. */
static char echobuf[3 * TTY_BUF];
static size_t echolen;

void console_in_init(const struct vmm_boot_info *bi)
{
	tty.present = (bi->devices & VMM_DEV_CONSOLE_IN) != 0;
	tty.echo = (bi->flags & VMM_BOOT_F_INPUT_TTY) != 0;
	if (!on_monitor(bi) && console_is_uart())
		tty.present = tty.uart = console_in_polled = 1;
	tty.eof = !tty.present;
}

int console_in_is_terminal(void)
{
	return tty.echo;
}

static void echo(const char *s, size_t n)
{
	if (!tty.echo)
		return;
	for (size_t i = 0; i < n && echolen < sizeof echobuf; i++)
		echobuf[echolen++] = s[i];
}

/* Hand the lines so far to readers. */
static void commit(void)
{
	tty.w = tty.e;
	wakeup(&tty.r);
}

static void erase_one(void)
{
	tty.e--;
	echo("\b \b", 3);
}

/* One input byte through the line discipline; tty.lock held. */
static void input(char c)
{
	switch (c) {
	case C('C'):
		echo("^C\n", 3);
		tty.e = tty.w;
		if (tty.fg > 0)
			kill_group(tty.fg);
		return;
	case C('U'):
		while (tty.e != tty.w && tty.buf[(tty.e - 1) & (TTY_BUF - 1)] != '\n')
			erase_one();
		return;
	case C('H'):
	case '\x7f':
		if (tty.e != tty.w)
			erase_one();
		return;
	case '\r':
		c = '\n';
		break;
	}
	if (tty.e - tty.r == TTY_BUF) /* full: a reader must drain it first */
		return;
	tty.buf[tty.e++ & (TTY_BUF - 1)] = c;
	if (c != C('D'))
		echo(&c, 1);
	if (c == '\n' || c == C('D') || tty.e - tty.r == TTY_BUF)
		commit();
}

/* Take the bytes the monitor holds, as many as the buffer has room for
 * (the rest wait in the monitor, whose reader then stops reading: piped
 * input is never dropped); the last, empty request arms the interrupt.
 * With the buffer full nothing is asked for: console_read fetches again
 * once it has drained it. tty.lock held. */
static void fetch_monitor(void)
{
	uint32_t room;

	while (tty.present && !tty.eof && (room = TTY_BUF - (tty.e - tty.r)) > 0) {
		indesc = (struct vmm_buf){.addr = v2p(inbuf), .len = room};
		outl(VMM_PORT_CONSOLE_IN, (uint32_t)v2p(&indesc));
		if (indesc.status == VMM_STATUS_EOF) {
			tty.eof = 1;
			commit(); /* a last line without its newline */
		} else if (indesc.status != VMM_STATUS_OK || indesc.len == 0) {
			break;
		}
		for (uint32_t i = 0; i < indesc.len && i < sizeof inbuf; i++)
			input(inbuf[i]);
	}
}

/* Take every byte waiting, and echo them. tty.lock held. */
static void fetch(void)
{
	int c;

	if (!tty.uart)
		fetch_monitor();
	else /* what does not fit waits in the UART (and in QEMU) */
		while (tty.e - tty.r < TTY_BUF && (c = uart_getc()) >= 0)
			input((char)c);
	if (echolen)
		console_write(echobuf, echolen);
	echolen = 0;
}

/* The console-input interrupt. */
void console_in_intr(void)
{
	acquire(&tty.lock);
	fetch();
	release(&tty.lock);
}

/* Read up to n bytes of input, at most one line, to user address uva: the
 * bytes read, 0 at the end of input, -1 for a bad address or if killed. */
long console_read(uint64_t uva, size_t n)
{
	char line[256];
	size_t got = 0;

	acquire(&tty.lock);
	for (;;) {
		if (tty.r == tty.w)
			fetch();
		if (tty.r != tty.w || tty.eof)
			break;
		if (myproc()->killed) {
			release(&tty.lock);
			return -1;
		}
		sleep(&tty.r, &tty.lock);
	}
	while (got < n && got < sizeof line && tty.r != tty.w) {
		char c = tty.buf[tty.r & (TTY_BUF - 1)];
		if (c == C('D')) { /* ends the read; at a line's start, 0: end of file */
			tty.r++;
			break;
		}
		tty.r++;
		line[got++] = c;
		if (c == '\n')
			break;
	}
	release(&tty.lock);
	if (got > 0 && copyout(uva, line, got) < 0)
		return -1;
	return (long)got;
}

/* Make pgid the group Ctrl-C kills. */
void console_in_set_foreground(int pgid)
{
	acquire(&tty.lock);
	tty.fg = pgid;
	release(&tty.lock);
}
