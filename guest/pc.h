/*
 * A PC's devices, as QEMU emulates them: what the kernel uses when it runs
 * without the monitor (./vmm), whose paravirtual devices the boot
 * information lists. One driver per file; console.c, console_in.c,
 * block.c and poweroff.c pick the paravirtual device when it exists and
 * these otherwise.
 */
#ifndef PC_H
#define PC_H

#include <stddef.h>
#include <stdint.h>
#include "vmm_abi.h"

/* Whether the monitor started the kernel: it always has devices. Otherwise
 * another loader did (QEMU, through the PVH entry on x86-64, Multiboot on
 * i386), and the kernel probes a PC's devices instead. */
static inline int on_monitor(const struct vmm_boot_info *bi)
{
	return bi->devices != 0;
}

/* uart.c: the 16550 UART on COM1, polled */
int uart_probe(void);
void uart_write(const char *s, size_t n);
int uart_getc(void);
void uart_drain(void);

/* ata.c: the ATA disk on the primary IDE channel, PIO, polled */
int ata_init(void);
uint32_t ata_request(struct vmm_blk_req *r);

/* pcboot.c: the boot information without the monitor, whatever the entry */
int pc_boot_cmdline(struct vmm_boot_info *b, const char *s);
void pc_boot_machine(struct vmm_boot_info *bi);

/* debugexit.c: QEMU's isa-debug-exit, and its debugcon for the status */
int debugexit_probe(void);
void debugexit_poweroff(uint32_t status) __attribute__((noreturn));

#endif
