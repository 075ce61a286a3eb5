/*
 * System calls on file descriptors: read, write, close, dup, pipe, fstat,
 * fsync, lseek. The calls that take path names are in syspath.c.
 *
 * A descriptor is an index into the process's ofile[]; the slots at and
 * above nfd are empty, so a lookup checks one bound and the lowest free
 * slot is found below nfd + 1.
 */
#include "defs.h"
#include "file.h"
#include "fs.h"
#include "proc.h"

/* The open file that argument n names as a descriptor, or 0; its number
 * to *pfd unless that is 0. */
static struct file *argfd(int n, int *pfd)
{
	struct proc *p = myproc();
	int fd = (int)argraw(n);

	if (fd < 0 || fd >= p->nfd)
		return 0;
	if (pfd)
		*pfd = fd;
	return p->ofile[fd];
}

/* Give f the lowest free descriptor of the calling process: it, or -1 if
 * there is none. */
int fdalloc(struct file *f)
{
	struct proc *p = myproc();

	for (int fd = 0; fd < NOFILE; fd++) {
		if (!p->ofile[fd]) {
			p->ofile[fd] = f;
			if (fd >= p->nfd)
				p->nfd = fd + 1;
			return fd;
		}
	}
	return -1;
}

/* Empty descriptor fd, keeping nfd past the highest one in use. */
static void fdfree(struct proc *p, int fd)
{
	p->ofile[fd] = 0;
	while (p->nfd > 0 && !p->ofile[p->nfd - 1])
		p->nfd--;
}

long sys_read(void)
{
	struct file *f = argfd(0, 0);
	long n = (long)argraw(2);

	if (!f || n < 0)
		return -1;
	return fileread(f, argraw(1), n);
}

long sys_write(void)
{
	struct file *f = argfd(0, 0);
	long n = (long)argraw(2);

	if (!f || n < 0)
		return -1;
	return filewrite(f, argraw(1), n);
}

long sys_close(void)
{
	int fd;
	struct file *f = argfd(0, &fd);

	if (!f)
		return -1;
	fdfree(myproc(), fd);
	fileclose(f);
	return 0;
}

long sys_dup(void)
{
	struct file *f = argfd(0, 0);
	int fd;

	if (!f || (fd = fdalloc(f)) < 0)
		return -1;
	filedup(f);
	return fd;
}

/* pipe(fds): the read end's descriptor to fds[0], the write end's to
 * fds[1]. */
long sys_pipe(void)
{
	struct proc *p = myproc();
	struct file *rf, *wf;
	int fds[2] = {-1, -1};

	if (pipealloc(&rf, &wf) < 0)
		return -1;
	if ((fds[0] = fdalloc(rf)) < 0 || (fds[1] = fdalloc(wf)) < 0 ||
	    copyout(argraw(0), fds, sizeof fds) < 0) {
		if (fds[1] >= 0)
			fdfree(p, fds[1]);
		if (fds[0] >= 0)
			fdfree(p, fds[0]);
		fileclose(rf);
		fileclose(wf);
		return -1;
	}
	return 0;
}

long sys_fstat(void)
{
	struct file *f = argfd(0, 0);

	if (!f)
		return -1;
	return filestat(f, argraw(1));
}

/* Everything written so far, not only through this descriptor, goes to
 * disk: the log commits as a whole. */
long sys_fsync(void)
{
	if (!argfd(0, 0))
		return -1;
	return log_sync();
}

long sys_lseek(void)
{
	struct file *f = argfd(0, 0);

	if (!f)
		return -1;
	return fileseek(f, (long)argraw(1), (int)argraw(2));
}
