/* Long-held locks: a process waiting for one sleeps instead of spinning. */
#ifndef SLEEPLOCK_H
#define SLEEPLOCK_H

#include "spinlock.h"

struct sleeplock {
	int locked;
	int pid; /* the holder */
	struct spinlock lk;
};

#define SLEEPLOCK_INIT(n)                                                                          \
	{                                                                                          \
		.lk = SPINLOCK_INIT(n)                                                             \
	}

void acquiresleep(struct sleeplock *lk);
void releasesleep(struct sleeplock *lk);
int holdingsleep(struct sleeplock *lk);

#endif
