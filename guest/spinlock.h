/* Mutual exclusion between CPUs, with interrupts off while held. */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <stdint.h>

struct cpu;

struct spinlock {
	uint32_t locked;
	const char *name; /* for panics */
	struct cpu *cpu;  /* the holder */
};

#define SPINLOCK_INIT(n)                                                                           \
	{                                                                                          \
		.name = (n)                                                                        \
	}

void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
int holding(const struct spinlock *lk);
void pushcli(void);
void popcli(void);

#endif
