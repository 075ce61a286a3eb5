/*
 * The open-file table and the operations on an open file, whatever it
 * refers to: a pipe (pipe.c), an inode (fs.h), or a device.
 *
 * Slots never used lie past nused, freed ones on a free list, so opening a
 * file never scans the table; the table's lock guards the list. Reference
 * counts change by atomic instructions, not under the lock: fork and exit
 * take and drop a reference per descriptor, and a lock round trip costs
 * ~40 emulated instructions on kvm_pvm. A count only grows from a
 * reference its caller holds, so it never comes back from 0.
 */
#include <limits.h>
#include "defs.h"
#include "file.h"
#include "fs.h"
#include "param.h"
#include "spinlock.h"

static struct {
	struct spinlock lock;
	struct file file[NFILE];
	struct file *free;
	int nused;
} ftable = {.lock = SPINLOCK_INIT("ftable")};

/* A new open file of type FD_NONE with one reference, or 0 if the table is
 * full. */
struct file *filealloc(void)
{
	struct file *f;

	acquire(&ftable.lock);
	if ((f = ftable.free))
		ftable.free = f->next;
	else if (ftable.nused < NFILE)
		f = &ftable.file[ftable.nused++];
	if (f)
		*f = (struct file){.type = FD_NONE, .ref = 1};
	release(&ftable.lock);
	return f;
}

/* One more reference to f. */
struct file *filedup(struct file *f)
{
	filedupn(&f, 1);
	return f;
}

/* One more reference to each of the n files at f that is not 0. */
void filedupn(struct file *const *f, int n)
{
	for (int i = 0; i < n; i++) {
		if (f[i] && __atomic_fetch_add(&f[i]->ref, 1, __ATOMIC_RELAXED) < 1)
			panic("filedup: free file");
	}
}

/*
 * Drop a reference to an inode in a log operation: iput writes the disk
 * when it drops the last reference to an inode without links. A read-only
 * disk refuses the operation, but nothing can be unlinked there, so iput
 * goes ahead without one.
 */
void iput_op(struct inode *ip)
{
	int logged = begin_op() == 0;

	iput(ip);
	if (logged)
		end_op();
}

/* Release what a file with no references left refers to. */
static void release_file(struct file *f)
{
	if (f->type == FD_PIPE)
		pipeclose(f->pipe, f->writable);
	else if (f->ip)
		iput_op(f->ip);
}

/*
 * Drop a reference to each of the n files at f that is not 0, and set each
 * entry to 0. Files whose last reference goes are released (which may
 * sleep) and then put back on the free list: nothing else can reach them
 * meanwhile.
 */
void fileclosen(struct file **f, int n)
{
	int last = 0, ref;

	for (int i = 0; i < n; i++) {
		if (!f[i])
			continue;
		if ((ref = __atomic_sub_fetch(&f[i]->ref, 1, __ATOMIC_ACQ_REL)) < 0)
			panic("fileclose: free file");
		if (ref > 0)
			f[i] = 0;
		else
			last++;
	}
	if (!last)
		return;
	for (int i = 0; i < n; i++) {
		if (f[i])
			release_file(f[i]);
	}
	acquire(&ftable.lock);
	for (int i = 0; i < n; i++) {
		if (f[i]) {
			f[i]->type = FD_NONE;
			f[i]->next = ftable.free;
			ftable.free = f[i];
			f[i] = 0;
		}
	}
	release(&ftable.lock);
}

void fileclose(struct file *f)
{
	fileclosen(&f, 1);
}

/* A new open file for the console, readable and writable, without an
 * inode: the first process's descriptors work without /dev/console. */
struct file *console_file(void)
{
	struct file *f = filealloc();

	if (f) {
		f->type = FD_DEVICE;
		f->major = FS_DEV_CONSOLE;
		f->readable = f->writable = 1;
	}
	return f;
}

/* Devices by major number. Console input comes later: reading the console
 * finds the end of the file. */
static long devread(struct file *f, uint64_t addr, long n)
{
	return f->major == FS_DEV_CONSOLE ? console_read(addr, n) : -1;
}

static long devwrite(struct file *f, uint64_t addr, long n)
{
	return f->major == FS_DEV_CONSOLE ? console_write_user(addr, n) : -1;
}

/* Read up to n (>= 0) bytes from f to user address addr: the bytes read,
 * 0 at the end of the file, or -1. A directory reads as its struct
 * fs_dirent records. */
long fileread(struct file *f, uint64_t addr, long n)
{
	long r;

	if (!f->readable)
		return -1;
	switch (f->type) {
	case FD_PIPE:
		return piperead(f->pipe, addr, n);
	case FD_DEVICE:
		return devread(f, addr, n);
	case FD_INODE:
		if (ilock(f->ip) < 0)
			return -1;
		if ((r = readi(f->ip, 1, addr, f->off, n)) > 0)
			f->off += r;
		iunlock(f->ip);
		return r;
	default:
		panic("fileread: type %d", f->type);
	}
}

/*
 * Write n (>= 0) bytes from user address addr to an inode, in log
 * operations of at most FS_OP_WRITE_MAX bytes each, so that a write of any
 * size fits the log. With append, each piece goes to the end of the file.
 * The bytes written, or -1 if none could be.
 */
static long inode_write(struct file *f, uint64_t addr, long n)
{
	long done = 0, len, r;

	while (done < n) {
		len = n - done < FS_OP_WRITE_MAX ? n - done : FS_OP_WRITE_MAX;
		if (begin_op() < 0)
			break;
		if (ilock(f->ip) < 0) {
			end_op();
			break;
		}
		if (f->append)
			f->off = f->ip->size;
		if ((r = writei(f->ip, 1, addr + done, f->off, len)) > 0)
			f->off += r;
		iunlock(f->ip);
		end_op();
		if (r < 0)
			break;
		done += r;
		if (r != len)
			break;
	}
	return done > 0 || n == 0 ? done : -1;
}

/* Write n (>= 0) bytes from user address addr to f: the bytes written, or
 * -1. */
long filewrite(struct file *f, uint64_t addr, long n)
{
	if (!f->writable)
		return -1;
	switch (f->type) {
	case FD_PIPE:
		return pipewrite(f->pipe, addr, n);
	case FD_DEVICE:
		return devwrite(f, addr, n);
	case FD_INODE:
		return inode_write(f, addr, n);
	default:
		panic("filewrite: type %d", f->type);
	}
}

/* Copy f's struct stat to user address addr: 0, or -1. A pipe has type 0;
 * the kernel's console, which has no inode, type FS_T_DEV. */
int filestat(struct file *f, uint64_t addr)
{
	struct stat st = {0};

	if (f->ip) {
		if (ilock(f->ip) < 0)
			return -1;
		stati(f->ip, &st);
		iunlock(f->ip);
	} else if (f->type == FD_DEVICE) {
		st.type = FS_T_DEV;
	}
	if (f->type == FD_DEVICE && f->major == FS_DEV_CONSOLE && console_in_is_terminal())
		st.flags = ST_TTY;
	return copyout(addr, &st, sizeof st);
}

/* Move f's offset: to off, or off past the current offset or the end of
 * the file (whence SEEK_*). The new offset, or -1 for a pipe or device, a
 * bad whence, or a result below 0 or past LONG_MAX. */
long fileseek(struct file *f, long off, int whence)
{
	long base, r = -1;

	if (f->type != FD_INODE || ilock(f->ip) < 0)
		return -1;
	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = f->off;
	else if (whence == SEEK_END)
		base = f->ip->size;
	else
		goto out;
	if ((off > 0 && base > LONG_MAX - off) || base + off < 0)
		goto out;
	f->off = r = base + off;
out:
	iunlock(f->ip);
	return r;
}
