/*
 * Kernel threads' saved registers. Each process has a kernel thread on its
 * own kernel stack; swtch (arch/<arch>/swtch.S) moves the CPU from one
 * thread to another by saving the callee-saved registers on the old stack
 * and restoring them from the new one, as a struct context (regs.h). The
 * rest are saved by the C caller.
 */
#ifndef CONTEXT_H
#define CONTEXT_H

#include "trap.h"

void swtch(struct context **old, struct context *new);
void trapret(void); /* vectors.S: back to the trapped code through a trap frame */

/*
 * The context of a new kernel thread whose stack ends with the trap frame
 * tf: its first swtch runs fn, and when fn returns the thread leaves for
 * user mode through tf. The callee-saved registers start as whatever the
 * stack held; nothing on the way reads them.
 */
static inline struct context *context_new(struct trapframe *tf, void (*fn)(void))
{
	unsigned long *sp = (unsigned long *)tf;
	struct context *c;

	*--sp = (unsigned long)trapret;
	c = (struct context *)sp - 1;
	c->pc = (unsigned long)fn;
	return c;
}

#endif
