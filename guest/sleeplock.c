/* Sleep locks: for holding across a wait, where spinning would waste a CPU
 * and a spinlock would keep interrupts off. */
#include "defs.h"
#include "proc.h"
#include "sleeplock.h"

void acquiresleep(struct sleeplock *lk)
{
	acquire(&lk->lk);
	while (lk->locked)
		sleep(lk, &lk->lk);
	lk->locked = 1;
	lk->pid = myproc()->pid;
	release(&lk->lk);
}

void releasesleep(struct sleeplock *lk)
{
	acquire(&lk->lk);
	lk->locked = 0;
	lk->pid = 0;
	wakeup(lk);
	release(&lk->lk);
}

int holdingsleep(struct sleeplock *lk)
{
	int r;

	acquire(&lk->lk);
	r = lk->locked && lk->pid == myproc()->pid;
	release(&lk->lk);
	return r;
}
