/*
 * Kicking a vCPU out of KVM_RUN: the one owner of immediate_exit and of
 * the signals that interrupt the run. A part asks for a vCPU's attention
 * with kick_request (from a signal handler or another thread); that vCPU's
 * run loop then calls the part's kicked hook once KVM_RUN has returned.
 *
 * Why both a signal and immediate_exit: a signal that lands while the vCPU
 * is in KVM_RUN makes it return with EINTR, but one that lands just before
 * the call would be lost; immediate_exit = 1 makes that next KVM_RUN return
 * at once.
 *
 * Which vCPU: a signal caught on a vCPU's own thread kicks that vCPU (so
 * the profiler's SIGPROF samples whichever vCPU was burning the time); a
 * request from any other thread kicks CPU 0.
 */
#ifndef VMM_KICK_H
#define VMM_KICK_H

#include <stdatomic.h>
#include <stdbool.h>

#include "core/vm.h"

struct part;

/* Catches the signal threads kick each other with, and makes the caller
 * CPU 0's thread. Returns 0, or -1 (printed). */
int kick_setup(struct vm *vm);

/* Makes the calling thread the one that runs c (before its first KVM_RUN). */
void kick_attach(struct vcpu *c);

/* The vCPU the calling thread runs, or NULL on any other thread. */
struct vcpu *vcpu_self(void);

/* From now on, signal sig kicks the vCPU for part p. Called before the
 * sandbox, which forbids changing handlers. Returns 0, or -1 (printed). */
int kick_on_signal(int sig, const struct part *p);

/* Asks for p's kicked hook at the vCPU's next return from KVM_RUN, which is
 * made to happen now. Async-signal-safe; any thread. */
void kick_request(const struct part *p);

/* Asks for p's kicked hook on vCPU c (any vCPU, from any thread). */
void kick_vcpu(struct vcpu *c, const struct part *p);

/* Brings every vCPU but the caller's out of KVM_RUN, for good once
 * vm->stop is set (the run is ending). */
void kick_others(struct vm *vm);

/* The run is over: late signals and requests touch no kvm_run. */
void kick_stop(void);

/* After each KVM_RUN: whether some part asked (one load on the fast path). */
static inline bool kick_pending(struct vcpu *c)
{
	return atomic_load_explicit(&c->kick_parts, memory_order_relaxed) != 0;
}

/* Calls the kicked hook of every part that asked c, in the parts' order. */
void kick_dispatch(struct vcpu *c);

#endif
