/*
 * Scheduling: the run queue, the per-CPU scheduler, and sleep and wakeup.
 *
 * Runnable processes wait in one FIFO queue, so picking the next is a
 * pop, not a scan of the process table. Sleeping processes wait in a hash
 * table of wait channels, so a wakeup looks only at the processes that
 * hash like its channel. ptable_lock guards both, and every state change.
 *
 * The kernel runs with interrupts off; a process gives up the CPU only in
 * sched, called by yield (the timer, from user mode), sleep and exit. It
 * holds ptable_lock across the switch to the scheduler, which keeps it
 * while it picks the next process and across the switch to that one, which
 * releases it: the lock is free while processes run, and while the CPU
 * idles.
 *
 * x87/SSE registers are switched eagerly, but only when another process's
 * are in the CPU: the CPU keeps the last process's registers (cpu->fpu)
 * until a different process runs, so a process that sleeps while the CPU
 * idles, and wakes, costs nothing. An FXSAVE and an FXRSTOR per switch
 * cost two instructions; a lazy switch (CR0.TS and the #NM trap) would
 * cost a trap, dozens of instructions, whenever the next process touches
 * them, which most programs do (docs/kernel.md has the figures).
 */
#include "defs.h"
#include "memlayout.h"
#include "proc.h"
#include "x86.h"

static struct proc *runq_head, *runq_tail;
static struct proc *sleepq[NSLEEPQ];

/* Where the monitor's profiler looks for the running program (vmm_abi.h),
 * through the kernel-image map: a 32-bit absolute address, so telling it
 * costs a switch two instructions. */
static volatile uint64_t *const prog_current = KIMAGE(VMM_PROG_CURRENT);

void make_runnable(struct proc *p)
{
	p->state = RUNNABLE;
	p->next = 0;
	if (runq_tail)
		runq_tail->next = p;
	else
		runq_head = p;
	runq_tail = p;
}

static struct proc *runq_pop(void)
{
	struct proc *p = runq_head;

	if (p && !(runq_head = p->next))
		runq_tail = 0;
	return p;
}

/* A wait channel's bucket: Fibonacci hashing of its address. */
static struct proc **bucket(const void *chan)
{
	return &sleepq[((uint64_t)(uintptr_t)chan * 0x9E3779B97F4A7C15ull) >> 58];
}

_Static_assert(NSLEEPQ == 64, "bucket() makes 6-bit hashes");

/* Give the CPU p's x87/SSE registers, keeping the last owner's (c->fpu,
 * 0 once it exited). */
static void fpu_switch(struct cpu *c, struct proc *p)
{
	if (c->fpu == p)
		return;
	if (c->fpu)
		fpu_save(&c->fpu->fpu);
	fpu_restore(&p->fpu);
	c->fpu = p;
}

/*
 * Each CPU ends up here after setting itself up, and stays: run the next
 * runnable process until it gives up the CPU, and wait for an interrupt
 * when there is none.
 */
void scheduler(void)
{
	struct cpu *c = mycpu();
	struct proc *p;

	acquire(&ptable_lock);
	for (;;) {
		if (!(p = runq_pop())) {
			/* Off the last process's tables before they may be freed. */
			kvm_switch();
			release(&ptable_lock);
			log_tick();
			intr_wait();
			acquire(&ptable_lock);
			continue;
		}
		p->state = RUNNING;
		c->proc = p;
		*prog_current = abi_kimage_addr(&p->prog);
		fpu_switch(c, p);
		uvm_switch(p);
		swtch(&c->scheduler, p->context);
		c->proc = 0;
	}
}

/* Switch to the scheduler. ptable_lock held, and no other lock; the
 * caller has changed the process's state. */
void sched(void)
{
	struct proc *p = myproc();
	int intena;

	if (!holding(&ptable_lock) || mycpu()->ncli != 1)
		panic("sched: locks");
	if (p->state == RUNNING || intr_enabled())
		panic("sched: state");
	intena = mycpu()->intena;
	swtch(&p->context, mycpu()->scheduler);
	mycpu()->intena = intena;
}

/* Give up the CPU for one round, if another process wants it. */
void yield(void)
{
	acquire(&ptable_lock);
	if (runq_head) {
		make_runnable(myproc());
		sched();
	}
	release(&ptable_lock);
}

/*
 * Release lk and sleep on chan; hold lk again when woken. Taking
 * ptable_lock before releasing lk means no wakeup(chan) can run in between
 * (wakeup takes ptable_lock): none is lost.
 */
void sleep(void *chan, struct spinlock *lk)
{
	struct proc *p = myproc();
	struct proc **b = bucket(chan);

	if (lk != &ptable_lock) {
		acquire(&ptable_lock);
		release(lk);
	}
	p->chan = chan;
	p->state = SLEEPING;
	p->next = *b;
	*b = p;
	sched();
	p->chan = 0;
	if (lk != &ptable_lock) {
		release(&ptable_lock);
		acquire(lk);
	}
}

/* Wake every process sleeping on chan. ptable_lock held. */
void wakeup_locked(void *chan)
{
	struct proc **pp = bucket(chan), *p;

	while ((p = *pp)) {
		if (p->chan == chan) {
			*pp = p->next;
			make_runnable(p);
		} else {
			pp = &p->next;
		}
	}
}

void wakeup(void *chan)
{
	acquire(&ptable_lock);
	wakeup_locked(chan);
	release(&ptable_lock);
}

/* Wake the sleeping process p, whatever it sleeps on (kill). ptable_lock
 * held. */
void unsleep(struct proc *p)
{
	struct proc **pp = bucket(p->chan);

	while (*pp != p)
		pp = &(*pp)->next;
	*pp = p->next;
	make_runnable(p);
}
