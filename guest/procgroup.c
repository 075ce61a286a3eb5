/*
 * Process groups and the process list: what the shell's job control and ps
 * need. A group is named by its leader's pid; a child starts in its
 * parent's group.
 */
#include "defs.h"
#include "file.h"
#include "fs.h"
#include "proc.h"

/* Make every process of group pgid exit at its next return to user
 * mode (Ctrl-C). */
void kill_group(int pgid)
{
	acquire(&ptable_lock);
	for (struct proc *p = proc; p < &proc[NPROC]; p++) {
		if (p->state == UNUSED || p->pgid != pgid)
			continue;
		p->killed = 1;
		if (p->state == SLEEPING)
			unsleep(p);
	}
	release(&ptable_lock);
}

/* setpgid(pid, pgid): the caller or one of its children joins group pgid
 * (0: its own pid, a new group). */
long sys_setpgid(void)
{
	struct proc *me = myproc(), *p;
	int pid = (int)argraw(0), pgid = (int)argraw(1);
	long r = -1;

	if (pid < 0 || pgid < 0)
		return -1;
	acquire(&ptable_lock);
	for (p = me->children; p && p->pid != pid; p = p->sibling)
		;
	if (pid == 0 || pid == me->pid)
		p = me;
	if (p && p->state != ZOMBIE) {
		p->pgid = pgid ? pgid : p->pid;
		r = 0;
	}
	release(&ptable_lock);
	return r;
}

/* tcsetpgrp(fd, pgid): Ctrl-C on the console fd kills group pgid
 * (0: no group). */
long sys_tcsetpgrp(void)
{
	int fd = (int)argraw(0), pgid = (int)argraw(1);
	struct file *f;

	if (fd < 0 || fd >= NOFILE || !(f = myproc()->ofile[fd]) || f->type != FD_DEVICE ||
	    f->major != FS_DEV_CONSOLE || pgid < 0)
		return -1;
	console_in_set_foreground(pgid);
	return 0;
}

static int ps_state(enum procstate s)
{
	return s == SLEEPING   ? PS_SLEEPING
	       : s == RUNNABLE ? PS_RUNNABLE
	       : s == RUNNING  ? PS_RUNNING
	       : s == ZOMBIE   ? PS_ZOMBIE
	                       : 0;
}

/* procs(buf, max): a struct procinfo per process, up to max. max is an
 * int (syscall.h): the caller may leave junk in the register's upper half,
 * and an int -1 read as a long was a huge max (found by usertests). */
long sys_procs(void)
{
	uint64_t buf = argraw(0);
	int max = (int)argraw(1);
	long n = 0;
	/* 2.5 KiB: too much for the one-page kernel stack. One CPU, and the
	 * kernel runs with interrupts off, so nothing else uses it meanwhile. */
	static struct procinfo info[NPROC];
	_Static_assert(sizeof info[0].name == sizeof proc[0].prog.name, "process names");

	acquire(&ptable_lock);
	for (struct proc *p = proc; p < &proc[NPROC] && n < max; p++) {
		if (p->state == UNUSED || p->state == EMBRYO)
			continue;
		info[n] = (struct procinfo){
		    .pid = p->pid,
		    .ppid = p->parent ? p->parent->pid : 0,
		    .pgid = p->pgid,
		    .state = ps_state(p->state),
		    .sz = p->sz,
		};
		__builtin_memcpy(info[n].name, p->prog.name, sizeof info[n].name);
		n++;
	}
	release(&ptable_lock);
	if (n > 0 && copyout(buf, info, n * sizeof info[0]) < 0)
		return -1;
	return n;
}
