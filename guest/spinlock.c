/*
 * Spinlocks. The lock word is taken with an atomic exchange, so they hold
 * between CPUs; interrupts stay off while a CPU holds any lock, so an
 * interrupt handler never spins on a lock its own CPU holds. pushcli and
 * popcli nest: interrupts come back on only when the outermost lock is
 * released, and only if they were on before it was taken.
 */
#include "defs.h"
#include "proc.h"
#include "spinlock.h"
#include "x86.h"

void acquire(struct spinlock *lk)
{
	pushcli();
	if (holding(lk))
		panic("acquire: %s held", lk->name);
	while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	lk->cpu = mycpu();
}

void release(struct spinlock *lk)
{
	if (!holding(lk))
		panic("release: %s not held", lk->name);
	lk->cpu = 0;
	__atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
	popcli();
}

/* Whether this CPU holds lk. Interrupts off. */
int holding(const struct spinlock *lk)
{
	return lk->locked && lk->cpu == mycpu();
}

void pushcli(void)
{
	int on = intr_enabled();
	struct cpu *c;

	intr_off();
	c = mycpu();
	if (c->ncli++ == 0)
		c->intena = on;
}

void popcli(void)
{
	struct cpu *c = mycpu();

	if (intr_enabled())
		panic("popcli: interrupts on");
	if (--c->ncli < 0)
		panic("popcli: not pushed");
	if (c->ncli == 0 && c->intena)
		intr_on();
}
