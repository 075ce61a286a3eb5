/*
 * Pipes: a ring buffer of PIPE_PAGES pages between a writing and a reading
 * open file. The bytes move between user memory and the ring through the
 * copy engine (copyin_phys, copyout_phys), one operation per ring page,
 * never through a kernel loop: on kvm_pvm that would cost ~1 us per 8
 * bytes. A big ring means few sleeps and switches per megabyte.
 *
 * The pipe's lock guards its fields; writers sleep on nwrite until there is
 * room, readers on nread until there are bytes. Each side flushes its
 * queued copies before it wakes the other or returns to user mode.
 */
#include "defs.h"
#include "file.h"
#include "kalloc.h"
#include "memlayout.h"
#include "proc.h"
#include "spinlock.h"

#define PIPE_PAGES 16
#define PIPESIZE   (PIPE_PAGES * PGSIZE)

_Static_assert((PIPESIZE & (PIPESIZE - 1)) == 0, "PIPESIZE must be a power of two");

struct pipe {
	struct spinlock lock;
	uint64_t nread, nwrite; /* bytes ever read and written: the ring holds the difference */
	int readopen, writeopen;
	uint64_t page[PIPE_PAGES]; /* physical addresses of the ring's pages */
};

/* A new pipe, open at both ends, in a page of its own with its ring, all
 * taken from the allocator at once; 0 if memory is short. */
static struct pipe *pipe_new(void)
{
	struct pagebatch b;
	struct pipe *pi;

	if (kalloc_batch(&b, PIPE_PAGES + 1, 0, 0) < 0)
		return 0;
	pi = batch_take(&b.pages);
	*pi = (struct pipe){.lock = SPINLOCK_INIT("pipe"), .readopen = 1, .writeopen = 1};
	for (int i = 0; i < PIPE_PAGES; i++)
		pi->page[i] = direct_v2p(batch_take(&b.pages));
	return pi;
}

static void pipe_free(struct pipe *pi)
{
	struct pagebatch freed = {0, 0, 0};

	for (int i = 0; i < PIPE_PAGES; i++)
		batch_put(&freed.pages, p2v(pi->page[i]));
	batch_put(&freed.pages, pi);
	kfree_batch(&freed);
}

/* A new pipe and its two open files, rf for reading and wf for writing: 0,
 * or -1 if memory or the file table runs out. */
int pipealloc(struct file **rf, struct file **wf)
{
	struct pipe *pi = pipe_new();

	*rf = *wf = 0;
	if (!pi || !(*rf = filealloc()) || !(*wf = filealloc())) {
		if (*rf)
			fileclose(*rf);
		if (pi)
			pipe_free(pi);
		return -1;
	}
	(*rf)->type = (*wf)->type = FD_PIPE;
	(*rf)->pipe = (*wf)->pipe = pi;
	(*rf)->readable = 1;
	(*wf)->writable = 1;
	return 0;
}

/* Close one end; the pipe goes when both are closed. */
void pipeclose(struct pipe *pi, int writable)
{
	int gone;

	acquire(&pi->lock);
	if (writable) {
		pi->writeopen = 0;
		wakeup(&pi->nread);
	} else {
		pi->readopen = 0;
		wakeup(&pi->nwrite);
	}
	gone = !pi->readopen && !pi->writeopen;
	release(&pi->lock);
	if (gone)
		pipe_free(pi);
}

/* The physical address of ring position pos. */
static uint64_t ring_pa(const struct pipe *pi, uint64_t pos)
{
	pos %= PIPESIZE;
	return pi->page[pos / PGSIZE] + pos % PGSIZE;
}

/* Bytes to move at ring position pos in one copy: up to the end of its
 * page, at most avail and want. */
static long piece(uint64_t pos, uint64_t avail, long want)
{
	uint64_t len = PGSIZE - pos % PGSIZE;

	if (len > avail)
		len = avail;
	return (uint64_t)want < len ? want : (long)len;
}

/* Write n (>= 0) bytes from user address addr, sleeping while the ring is
 * full: n, the bytes written before a bad address, or -1 if the read end
 * is closed or the process is killed. */
long pipewrite(struct pipe *pi, uint64_t addr, long n)
{
	struct proc *p = myproc();
	long done = 0, len;

	acquire(&pi->lock);
	while (done < n) {
		if (!pi->readopen || p->killed) {
			done = -1;
			break;
		}
		if (pi->nwrite - pi->nread == PIPESIZE) {
			pflush();
			wakeup(&pi->nread);
			sleep(&pi->nwrite, &pi->lock);
			continue;
		}
		len = piece(pi->nwrite, PIPESIZE - (pi->nwrite - pi->nread), n - done);
		if (copyin_phys(ring_pa(pi, pi->nwrite), addr + done, len) < 0) {
			done = done > 0 ? done : -1;
			break;
		}
		pi->nwrite += len;
		done += len;
	}
	pflush();
	wakeup(&pi->nread);
	release(&pi->lock);
	return done;
}

/* Read up to n (>= 0) bytes to user address addr, sleeping while the ring
 * is empty and the write end open: the bytes read, 0 at the end (no
 * writer), or -1 for a bad address or when killed. */
long piperead(struct pipe *pi, uint64_t addr, long n)
{
	struct proc *p = myproc();
	long done = 0, len;

	if (n == 0)
		return 0;
	acquire(&pi->lock);
	while (pi->nread == pi->nwrite && pi->writeopen) {
		if (p->killed) {
			release(&pi->lock);
			return -1;
		}
		sleep(&pi->nread, &pi->lock);
	}
	while (done < n && pi->nread != pi->nwrite) {
		len = piece(pi->nread, pi->nwrite - pi->nread, n - done);
		if (copyout_phys(addr + done, ring_pa(pi, pi->nread), len) < 0) {
			done = done > 0 ? done : -1;
			break;
		}
		pi->nread += len;
		done += len;
	}
	pflush();
	wakeup(&pi->nwrite);
	release(&pi->lock);
	return done;
}
