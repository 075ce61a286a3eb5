/*
 * Inside the gdb stub: what gdb.c (the part, the connection and its
 * thread) and gdb_cmd.c (the commands, run on a stopped vCPU) share.
 *
 * Three kinds of state, kept apart so that more vCPUs fit: the connection
 * (one per stub: socket, framer, the packet being handed over), the
 * debug state of the machine (breakpoints and watchpoints, which gdb sets
 * for every thread), and one struct gdb_vcpu per vCPU (its descriptor,
 * why it stopped, whether it steps). With several vCPUs each would run the
 * stop loop on its own thread, and the one that stopped first would serve
 * gdb while the others wait, kicked out of KVM_RUN (all-stop mode).
 */
#ifndef VMM_GDB_STUB_H
#define VMM_GDB_STUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "debug/gdb_packet.h"

struct vm;

#define GDB_SW_BREAKPOINTS 64
#define GDB_HW_SLOTS       4 /* DR0..DR3 */

struct gdb_sw_bp {
	bool used;
	uint64_t va, gpa; /* gpa: where the int3 went, at insertion */
	uint8_t saved;    /* the byte it replaced */
};

struct gdb_hw_bp {
	bool used;
	unsigned type; /* the Z type: 0 or 1 execute, 2 write, 4 access */
	uint64_t addr, len;
};

/* The machine's debug state: what gdb asked for, applied to every vCPU
 * before it runs. */
struct gdb_debug {
	struct gdb_sw_bp sw[GDB_SW_BREAKPOINTS];
	struct gdb_hw_bp hw[GDB_HW_SLOTS];
	bool block_irq; /* KVM_GUESTDBG_BLOCKIRQ exists: a step enters no handler */
	/* Software breakpoints (Z0) go into debug registers: under QEMU's TCG
	 * (the KVM box) an int3 never reaches KVM's #BP intercept. */
	bool sw_in_dr;
};

enum gdb_stop {
	GDB_STOP_NONE,
	GDB_STOP_TRAP, /* breakpoint, step, watchpoint: SIGTRAP */
	GDB_STOP_INTR, /* Ctrl-C: SIGINT */
};

struct gdb_vcpu {
	struct vm *vm;
	int fd;
	unsigned id; /* gdb's thread id: vCPU index + 1 */
	bool i386;   /* which target description */
	enum gdb_stop stop;
	char stop_detail[40]; /* "swbreak:;", "watch:ADDR;", ... */
	bool stepping;
};

/* What a command leaves the vCPU to do. */
enum gdb_next { GDB_STAY, GDB_RESUME, GDB_DETACH, GDB_KILL };

/* Sends a reply packet to the connected debugger (dropped when none). */
void gdb_reply(const char *payload, size_t len);
void gdb_reply_str(const char *payload);

/* gdb_cmd.c: runs one command on a stopped vCPU. */
enum gdb_next gdb_command(struct gdb_vcpu *v, struct gdb_debug *d, const struct gdb_cmd *c);
/* The stop reply for v's last stop (T packet). */
void gdb_send_stop(struct gdb_vcpu *v);
/* Reads the debug exit in v->vm->run: why the vCPU stopped. */
void gdb_note_debug_exit(struct gdb_vcpu *v, struct gdb_debug *d);
/* Applies d and v's stepping to the vCPU (KVM_SET_GUEST_DEBUG). */
int gdb_apply_debug(struct gdb_vcpu *v, const struct gdb_debug *d, bool attached);
/* Removes every breakpoint and watchpoint: gdb detached or went away. */
void gdb_clear_debug(struct gdb_vcpu *v, struct gdb_debug *d);

#endif
