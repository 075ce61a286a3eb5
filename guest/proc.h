/* Processes and CPUs. */
#ifndef PROC_H
#define PROC_H

#include <stdint.h>
#include "context.h"
#include "mmu.h"
#include "param.h"
#include "spinlock.h"
#include "trap.h"
#include "vmm_abi.h"

struct file;
struct inode;

#define PATH_MAX 1024 /* bytes of a path argument, its NUL included */

/* Per-CPU state. */
struct cpu {
	struct proc *proc;         /* the process running here, or 0 */
	struct context *scheduler; /* swtch here to enter the scheduler */
	int ncli;                  /* depth of pushcli nesting */
	int intena;                /* were interrupts on before the first pushcli? */
	struct proc *fpu;          /* whose x87/SSE registers the CPU holds, or 0 (sched.c) */
};

extern struct cpu cpus[NCPU];

/* This CPU. One CPU for now; with more, an index read from per-CPU state. */
static inline struct cpu *mycpu(void)
{
	return &cpus[0];
}

/* The running process. The kernel runs with interrupts off, so it cannot be
 * moved to another CPU between the two loads. */
static inline struct proc *myproc(void)
{
	return mycpu()->proc;
}

enum procstate { UNUSED, EMBRYO, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

/*
 * A process. ptable_lock guards the state, the links and pid; the memory
 * fields belong to the process itself (and to its parent once it is a
 * zombie).
 */
struct proc {
	struct proc *next; /* in the run queue, a sleep bucket or the free list */
	enum procstate state;
	int pid;
	int pgid;    /* process group, for Ctrl-C (procgroup.c) */
	int killed;  /* exit at the next return to user mode */
	int xstatus; /* exit status, for wait */
	void *chan;  /* what a sleeping process waits for */
	struct proc *parent;
	struct proc *children; /* first child; the rest follow through sibling */
	struct proc *sibling;
	pagetable_t pagetable;
	uint64_t sz;   /* user memory is [0, sz) */
	uint64_t heap; /* start of the heap: sbrk does not shrink below it */
	char *kstack;  /* KSTACKSIZE bytes; the trap frame is at the top */
	struct trapframe *tf;
	struct context *context;    /* swtch here to run the process */
	struct file *ofile[NOFILE]; /* open files by descriptor */
	int nfd;                    /* ofile[nfd ..] are all 0: fork and exit look below */
	struct inode *cwd;          /* current directory, or 0 without a file system */
	char path[2][PATH_MAX];     /* path arguments of the current system call (syspath.c) */
	struct vmm_prog prog;       /* name and executable, for the monitor's profiler */
	struct fpu fpu;             /* its x87/SSE registers, while the CPU holds another's */
};

extern struct spinlock ptable_lock;
extern struct proc proc[NPROC];

/* sched.c, with ptable_lock held */
void make_runnable(struct proc *p);
void unsleep(struct proc *p);
void wakeup_locked(void *chan);

#endif
