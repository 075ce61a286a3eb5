/*
 * Kernel threads' saved registers (i386). Each process has a kernel thread
 * on its own kernel stack; swtch (swtch.S) moves the CPU from one thread to
 * another by saving the callee-saved registers on the old stack and
 * restoring them from the new one. The rest are saved by the C caller.
 */
#ifndef CONTEXT_H
#define CONTEXT_H

#include <stdint.h>
#include "trap.h"

/* Laid out as swtch pushes it, at the top of a suspended thread's stack. */
struct context {
	uint32_t edi, esi, ebx, ebp;
	uint32_t eip; /* swtch's return address */
};

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
	uint32_t *sp = (uint32_t *)tf;
	struct context *c;

	*--sp = (uintptr_t)trapret;
	c = (struct context *)sp - 1;
	c->eip = (uintptr_t)fn;
	return c;
}

#endif
