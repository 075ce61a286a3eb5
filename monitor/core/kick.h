/*
 * Kicking the vCPU out of KVM_RUN: the one owner of immediate_exit and of
 * the signals that interrupt the run. A part asks for the vCPU's attention
 * with kick_request (from a signal handler or another thread); the run loop
 * then calls that part's kicked hook once KVM_RUN has returned.
 *
 * Why both a signal and immediate_exit: a signal that lands while the vCPU
 * is in KVM_RUN makes it return with EINTR, but one that lands just before
 * the call would be lost; immediate_exit = 1 makes that next KVM_RUN return
 * at once.
 */
#ifndef VMM_KICK_H
#define VMM_KICK_H

#include <stdbool.h>
#include <stdatomic.h>

struct part;
struct vm;

/* Records the vCPU thread (the caller) and its kvm_run, and catches the
 * signal other threads kick with. Returns 0, or -1 (printed). */
int kick_setup(struct vm *vm);

/* From now on, signal sig kicks the vCPU for part p. Called before the
 * sandbox, which forbids changing handlers. Returns 0, or -1 (printed). */
int kick_on_signal(int sig, const struct part *p);

/* Asks for p's kicked hook at the vCPU's next return from KVM_RUN, which is
 * made to happen now. Async-signal-safe; any thread. */
void kick_request(const struct part *p);

/* The run is over: late signals and requests touch no kvm_run. */
void kick_stop(void);

extern atomic_uint kick_pending_parts;

/* After each KVM_RUN: whether some part asked (one load on the fast path). */
static inline bool kick_pending(void)
{
	return atomic_load_explicit(&kick_pending_parts, memory_order_relaxed) != 0;
}

/* Calls the kicked hook of every part that asked, in the parts' order. */
void kick_dispatch(struct vm *vm);

#endif
