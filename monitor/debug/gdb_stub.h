/*
 * Inside the gdb stub: what gdb.c (the part, the connection and its
 * thread) and gdb_cmd.c (the commands, run on a stopped vCPU) share.
 *
 * Three kinds of state, kept apart so that more vCPUs fit: the connection
 * (one per stub: socket, framer, the packet being handed over), the
 * debug state of the machine (breakpoints and watchpoints, which gdb sets
 * for every thread), and one struct gdb_vcpu per vCPU (its descriptor,
 * why it stopped, whether it steps). Each vCPU runs the stop loop on its
 * own thread; the one that stopped first serves gdb while the others wait,
 * kicked out of KVM_RUN (all-stop mode, gdb_world.c).
 */
#ifndef VMM_GDB_STUB_H
#define VMM_GDB_STUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "debug/gdb_packet.h"

struct vm;
struct vcpu;

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

/* A watchpoint kept by a read-only page (gdb_watch.c). */
struct gdb_watch {
	bool used;
	unsigned type; /* the Z type: 2 write, 4 access (taken as write) */
	uint64_t va, gpa, len;
};

/* The machine's debug state: what gdb asked for, applied to every vCPU
 * before it runs. */
struct gdb_debug {
	struct gdb_sw_bp sw[GDB_SW_BREAKPOINTS];
	struct gdb_hw_bp hw[GDB_HW_SLOTS];
	bool block_irq; /* KVM_GUESTDBG_BLOCKIRQ exists: a step enters no handler */
	/* Breakpoints and watchpoints by exits the monitor sees anyway, where
	 * KVM's own do not work: under QEMU's TCG (the KVM box) an int3 never
	 * reaches KVM's #BP intercept and the debug registers are not armed in
	 * the nested guest; on kvm_pvm KVM emulates the kernel's instructions,
	 * an int3 among them, which it would deliver to the guest. Breakpoints
	 * (Z0, and Z1 in the kernel) are then an OUT instruction, whose exit
	 * comes to the monitor, and watchpoints a read-only page
	 * (gdb_watch.c). */
	bool exit_traps;
	struct gdb_watch watch; /* with exit_traps */
};

enum gdb_stop {
	GDB_STOP_NONE,
	GDB_STOP_TRAP, /* breakpoint, step, watchpoint: SIGTRAP */
	GDB_STOP_INTR, /* Ctrl-C: SIGINT */
};

struct gdb_vcpu {
	struct vm *vm;
	struct vcpu *cpu;
	unsigned id; /* gdb's thread id: vCPU index + 1 */
	bool i386;   /* which target description */
	enum gdb_stop stop;
	char stop_detail[40]; /* "swbreak:;", "watch:ADDR;", ... */
	bool stepping;
	/* monitor step-to: the next continue steps here, in the monitor, until
	 * an execution breakpoint's address (or this many instructions). */
	bool step_to;
	uint64_t step_budget;
	bool settling;   /* the first kicked call came: the next one stops */
	uint64_t io_hit; /* the TCG breakpoint whose OUT is being completed */
	bool watch_hit;  /* the TCG watchpoint's write is being completed */
};

/* The most instructions a step-to takes (a second or so in the box). */
#define GDB_STEP_TO_MAX 2000000u

/* ---- gdb_conn.c: the connection ---- */

/* Why the vCPU is asked to stop (bits, gdb_conn_want). */
enum { WANT_INTERRUPT = 1, WANT_CONNECT = 2, WANT_GONE = 4, WANT_START = 8 };

struct sockaddr_in;
/* Listens on addr (printing where, one line on stderr) and starts the
 * connection thread. Returns 0, or -1 (printed). */
int gdb_conn_open(const struct sockaddr_in *addr, bool wait);
/* Stops the thread, closes the sockets. */
void gdb_conn_close(void);
void gdb_conn_want(unsigned why);
/* The wants since the last call (and clears them). */
unsigned gdb_conn_take_wants(void);
/* The vCPU stopped: the connection thread no longer kicks. Waits for a
 * debugger first when need. Returns whether gdb waits for a stop reply
 * (it resumed the guest). */
bool gdb_conn_stopped(bool need);
/* The next packet, NUL-terminated, into packet (GDB_PACKET_MAX + 1
 * bytes); waits for it. -1: the debugger is gone. */
int gdb_conn_next(char *packet, size_t *len);
/* QStartNoAckMode: packets are no longer acknowledged. */
void gdb_conn_no_ack(void);
/* The guest runs again; awaiting_stop: gdb resumed it and waits. */
void gdb_conn_resumed(bool awaiting_stop);

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
struct guest_paging;
/* gdb_watch.c: a watchpoint of len bytes at va by a read-only page; 0, or
 * -1 (one is set already, the bytes cross a page, not mapped). */
int gdb_watch_insert(struct gdb_vcpu *v, struct gdb_debug *d, const struct guest_paging *pg,
                     unsigned type, uint64_t va, uint64_t len);
int gdb_watch_remove(struct gdb_vcpu *v, struct gdb_debug *d, unsigned type, uint64_t va);
/* Takes an MMIO write to the watched page: 1 it hit the watched bytes, 0
 * another write on the page, -1 not ours. */
int gdb_watch_mmio(struct gdb_vcpu *v, const struct gdb_debug *d);

/* During monitor step-to, after a step: 1 to stop, 0 to step on. */
int gdb_step_to_done(struct gdb_vcpu *v, const struct gdb_debug *d);

/* ---- gdb_world.c: all-stop ---- */

/* The calling vCPU serves gdb: every other running vCPU is kicked out of
 * KVM_RUN and parked. False when another vCPU serves already. */
bool gdb_world_stop(const struct gdb_vcpu *self);
/* The server resumes the guest: the parked vCPUs go on. */
void gdb_world_resume(void);
/* In the kicked hook: while another vCPU serves, waits (serving its
 * requests) until it resumes the guest. Whether it parked. */
bool gdb_world_park(const struct gdb_vcpu *self);
/* An ioctl on v's vCPU, made by v's own thread: directly, or by its parked
 * thread for the server. -1 with ESRCH when v is not stopped. */
int gdb_vcpu_ioctl(const struct gdb_vcpu *v, unsigned long req, void *arg);

/* ---- gdb.c: threads ---- */

/* gdb's thread list ("m1,2"): the vCPUs that run. */
void gdb_threads(char *out, size_t cap);
/* Hg/Hc and T: whether thread (-1 all, 0 any, else vCPU + 1) is known;
 * select makes a known vCPU the one later commands are about. */
bool gdb_thread(int64_t thread, bool select);

/* Whether a software breakpoint is set at va. */
bool gdb_sw_at(const struct gdb_debug *d, uint64_t va);
/* Removes every breakpoint and watchpoint: gdb detached or went away. */
void gdb_clear_debug(struct gdb_vcpu *v, struct gdb_debug *d);

#endif
