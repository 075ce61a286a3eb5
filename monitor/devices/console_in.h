/* Console input (console_in.c): the monitor's stdin, read by a thread,
 * handed to the guest through VMM_PORT_CONSOLE_IN with an interrupt. */
#ifndef VMM_CONSOLE_IN_H
#define VMM_CONSOLE_IN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct vm;

/* Where input comes from (stdin unless changed; the unit tests use a pipe). */
void console_in_set_input(int fd);

/* What the reader thread does with each read of n bytes (n <= 0: the input
 * ended): queue them for the guest and wake it. The fuzz target calls it
 * directly, so what the guest reads does not depend on thread timing. */
void console_in_received(const uint8_t *buf, ssize_t n);

/* Stops the reader thread and gives the terminal back. */
void console_in_stop(void);

/* Gives the terminal back if it is raw; async-signal-safe. */
void console_in_restore_tty(void);

/* The input's descriptor when it is a terminal (set-up done), else -1. */
int console_in_tty(void);

#endif
