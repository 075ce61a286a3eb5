/*
 * The process table: creating processes (fork, the first process),
 * exit, wait and kill.
 *
 * Slots never used lie past nused (zero, as the .bss starts), freed ones on
 * a free list, so neither allocation nor boot walks the table. A pid names
 * its slot: slot (pid - 1) % NPROC, with pid growing by NPROC each time the
 * slot is reused, so kill finds a process without a search. Each process
 * lists its children, so wait and exit visit only those.
 *
 * A process's open files are ofile[0 .. nfd): fork and exit look at no
 * more. Fork takes the inode table's lock (idup) inside ptable_lock;
 * nothing takes ptable_lock inside it.
 *
 * Current directories: the kernel holds a reference to the root directory
 * for good (cwd_init), and a process whose current directory is the root
 * holds none of its own. The root cannot be unlinked, so it is never
 * freed, and fork and exit of such a process skip the inode table's lock
 * and, at exit, the log operation an iput needs: ~200 emulated
 * instructions per fork and exit.
 */
#include <limits.h>
#include "defs.h"
#include "file.h"
#include "fs.h"
#include "kalloc.h"
#include "memlayout.h"
#include "proc.h"

struct cpu cpus[NCPU];
struct spinlock ptable_lock = SPINLOCK_INIT("ptable");

struct proc proc[NPROC];
static struct proc *freeprocs;
static int nused;
static struct proc *initproc;
static void (*initstart)(void);
static struct inode *rootdir;

_Static_assert((NPROC & (NPROC - 1)) == 0, "NPROC must be a power of two");

/* A new process's kernel thread starts here, holding ptable_lock from the
 * scheduler, and returns to user mode through trapret. */
static void forkret(void)
{
	release(&ptable_lock);
}

/* The slot's next pid: the slot's number + 1, plus NPROC per reuse. */
static int next_pid(struct proc *p)
{
	int first = p - proc + 1;

	return p->pid && p->pid <= INT_MAX - NPROC ? p->pid + NPROC : first;
}

/* Give back a process's memory: its address space (pt, sz bytes) and its
 * kernel stack, either of which may be 0. */
static void free_memory(pagetable_t pt, uint64_t sz, char *kstack)
{
	struct pagebatch freed = {0, 0, 0};

	if (pt)
		uvm_free(pt, sz, &freed);
	if (kstack)
		batch_put(&freed.pages, kstack);
	kfree_batch(&freed);
}

/* Return p's slot and memory. ptable_lock held. */
static void freeproc(struct proc *p)
{
	free_memory(p->pagetable, p->sz, p->kstack);
	p->pagetable = 0;
	p->kstack = 0;
	p->sz = 0;
	p->killed = 0;
	p->state = UNUSED;
	p->next = freeprocs;
	freeprocs = p;
}

/* A free slot made a new process (EMBRYO) on kernel stack kstack, ready to
 * return to user mode through p->tf; 0 if the table is full. ptable_lock
 * held. */
static struct proc *take_slot(char *kstack)
{
	struct proc *p;

	if ((p = freeprocs))
		freeprocs = p->next;
	else if (nused < NPROC)
		p = &proc[nused++];
	else
		return 0;
	p->pid = next_pid(p);
	p->pgid = p->pid;
	p->state = EMBRYO;
	p->kstack = kstack;
	p->tf = (struct trapframe *)(kstack + KSTACKSIZE) - 1;
	p->context = context_new(p->tf, forkret);
	return p;
}

/* A new process without memory, or 0. */
static struct proc *allocproc(void)
{
	char *kstack = kalloc();
	struct proc *p;

	if (!kstack)
		return 0;
	acquire(&ptable_lock);
	p = take_slot(kstack);
	release(&ptable_lock);
	if (!p)
		free_memory(0, 0, kstack);
	return p;
}

/* The first process's kernel thread starts here, as forkret does, and
 * runs initstart before it leaves for user mode. */
static void initret(void)
{
	release(&ptable_lock);
	initstart();
}

/*
 * Make the first process (pid 1), with an empty address space, and let it
 * run: its kernel thread calls start, which must give it a program (exec)
 * or power off. In the process, start can sleep, as the file system does.
 * 0, or -1 if memory is short.
 */
int proc_start_init(void (*start)(void))
{
	pagetable_t pt = uvm_create();
	struct proc *p = pt ? allocproc() : 0;

	if (!p) {
		free_memory(pt, 0, 0);
		return -1;
	}
	p->pagetable = pt;
	p->context = context_new(p->tf, initret);
	initstart = start;
	acquire(&ptable_lock);
	initproc = p;
	make_runnable(p);
	release(&ptable_lock);
	return 0;
}

/* Make the root directory the calling process's current directory, and
 * the kernel's for good. Once, in the first process, with a file system. */
void cwd_init(void)
{
	rootdir = namei("/"); /* no element to look up: nothing to log */
	myproc()->cwd = rootdir;
}

/* Make ip, a directory the caller holds a reference to, the calling
 * process's current directory, and drop the reference to the old one. In
 * a log operation if the disk is writable (the old one may go). */
void cwd_set(struct inode *ip)
{
	struct proc *p = myproc();

	if (ip == rootdir)
		iput(ip); /* not the last reference: the kernel's stays */
	if (p->cwd && p->cwd != rootdir)
		iput(p->cwd);
	p->cwd = ip;
}

/* Share p's open files and current directory with its child np.
 * ptable_lock held. */
static void fork_files(struct proc *p, struct proc *np)
{
	for (int fd = 0; fd < p->nfd; fd++)
		np->ofile[fd] = p->ofile[fd];
	np->nfd = p->nfd;
	filedupn(np->ofile, np->nfd);
	np->cwd = p->cwd && p->cwd != rootdir ? idup(p->cwd) : p->cwd;
}

/*
 * A copy of the calling process; the child's pid, or -1. The child returns
 * 0 from the same system call. The memory comes first, so that the process
 * table is locked once, to take a slot and start the child.
 */
int fork(void)
{
	struct proc *p = myproc(), *np;
	char *kstack = kalloc();
	pagetable_t pt = kstack ? uvm_clone(p->pagetable, p->sz) : 0;
	int pid = -1;

	acquire(&ptable_lock);
	if (pt && (np = take_slot(kstack))) {
		np->pagetable = pt;
		np->sz = p->sz;
		np->heap = p->heap;
		np->pgid = p->pgid;
		*np->tf = *p->tf;
		tf_set_result(np->tf, 0);
		fpu_save(&np->fpu); /* p runs: its registers are the CPU's, not p->fpu */
		np->prog = p->prog;
		fork_files(p, np);
		np->parent = p;
		np->sibling = p->children;
		p->children = np;
		make_runnable(np);
		pid = np->pid;
	}
	release(&ptable_lock);
	if (pid < 0)
		free_memory(pt, p->sz, kstack);
	return pid;
}

/* Give p's children to the first process. ptable_lock held. */
static void reparent(struct proc *p)
{
	struct proc *c, *next;

	for (c = p->children; c; c = next) {
		next = c->sibling;
		c->parent = initproc;
		c->sibling = initproc->children;
		initproc->children = c;
		if (c->state == ZOMBIE)
			wakeup_locked(initproc);
	}
	p->children = 0;
}

/* End the calling process: close its files and drop its current
 * directory, then stay a zombie until its parent's wait frees it: its
 * memory and kernel stack are in use until the switch away. When the first
 * process exits, the machine powers off with its status, once everything
 * written is on disk. */
void exit(int status)
{
	struct proc *p = myproc();

	fileclosen(p->ofile, p->nfd);
	p->nfd = 0;
	if (p->cwd && p->cwd != rootdir)
		iput_op(p->cwd);
	p->cwd = 0;
	if (p == initproc) {
		log_sync();
		poweroff(status & 0xff);
	}
	mycpu()->fpu = 0; /* its registers are no one's now: the next switch skips the save */
	acquire(&ptable_lock);
	reparent(p);
	wakeup_locked(p->parent);
	p->xstatus = status;
	p->state = ZOMBIE;
	sched();
	panic("exit: zombie ran");
}

/* Wait for a child to exit and free it; its pid, or -1 without children or
 * when killed. Its exit status goes to user address status unless that is
 * 0. */
int wait(uint64_t status)
{
	struct proc *p = myproc(), **pp, *c;
	int pid;

	acquire(&ptable_lock);
	for (;;) {
		for (pp = &p->children; (c = *pp); pp = &c->sibling) {
			if (c->state != ZOMBIE)
				continue;
			if (status && copyout(status, &c->xstatus, sizeof c->xstatus) < 0)
				break;
			*pp = c->sibling;
			pid = c->pid;
			freeproc(c);
			release(&ptable_lock);
			return pid;
		}
		if (c || !p->children || p->killed) {
			release(&ptable_lock);
			return -1;
		}
		sleep(p, &ptable_lock);
	}
}

/* Make process pid exit when it next returns to user mode; 0, or -1 if
 * there is no such process. Init (pid 1) cannot be killed, as on Unix,
 * where init ignores the signals it did not ask for: the machine ends when
 * init exits by itself (its command's status; see exit). The console's
 * Ctrl-C still reaches init's group when it is in the foreground: the
 * person at the console, not another process, asked for that. */
int kill(int pid)
{
	struct proc *p;

	if (pid <= 1)
		return -1;
	p = &proc[(pid - 1) & (NPROC - 1)];
	acquire(&ptable_lock);
	if (p->pid != pid || p->state == UNUSED) {
		release(&ptable_lock);
		return -1;
	}
	p->killed = 1;
	if (p->state == SLEEPING)
		unsleep(p);
	release(&ptable_lock);
	return 0;
}

/* Grow or shrink the calling process's memory by delta bytes; the old size,
 * or -1. The heap is [p->heap, sz): it cannot shrink below its start. */
long growproc(long delta)
{
	struct proc *p = myproc();
	uint64_t sz = p->sz, newsz;

	if (delta >= 0) {
		if ((uint64_t)delta > USERTOP - sz)
			return -1;
		newsz = sz + delta;
		if (uvm_alloc(p->pagetable, sz, newsz, UVM_WRITE) < 0)
			return -1;
	} else {
		if (-(uint64_t)delta > sz - p->heap)
			return -1;
		newsz = sz + delta;
		uvm_dealloc(p->pagetable, newsz, sz);
		uvm_flush(p->pagetable);
	}
	p->sz = newsz;
	return sz;
}
