/* What the run loop records about each exit that reaches the monitor, for
 * --stats (tables) and --trace (one record per exit). Off unless asked for:
 * the run loop then skips it with one pointer test. */
#ifndef VMM_OBSERVE_H
#define VMM_OBSERVE_H

#include <stdint.h>
#include <stdio.h>

#include "core/io.h"
#include "observe/latency.h"

#define OBSERVE_REASONS 64

struct observer {
	uint64_t start_ns;       /* when the guest first ran */
	uint64_t run_ns;         /* inside KVM_RUN: guest running or halted */
	uint64_t handle_ns;      /* handling exits in the monitor */
	uint64_t exits;          /* exits that reached the monitor */
	struct regions *regions; /* guest-marked regions (--stats), or NULL */
	struct latency by_reason[OBSERVE_REASONS];
	struct latency by_device[IO_MAX_HANDLERS + 1]; /* [0]: unclaimed ports */
	FILE *trace;                                   /* CSV records, or NULL */
	char *trace_buffer;                            /* its buffer, given at the open */
	uint64_t trace_max;                            /* records to write at most (0: no limit) */
	uint64_t trace_written;
	uint64_t trace_dropped;
};

struct vm;
struct regions;

/* The name of a KVM_EXIT_* reason, e.g. "IO". */
const char *exit_reason_name(uint32_t reason);

/* Opens the trace file (if path) and writes its header. Returns 0 or -1. */
int observe_open(struct observer *o, const char *trace_path, uint64_t trace_max);
/* Records the exit in vm->run: it left the guest at exit_ns and was handled
 * by handled_ns. */
void observe_exit(struct observer *o, struct vm *vm, uint64_t exit_ns, uint64_t handled_ns);
/* Flushes and closes the trace; returns 0 or -1 (printed) on a write error. */
int observe_close(struct observer *o);

#endif
