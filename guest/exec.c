/*
 * Loading a program: exec replaces the calling process's memory with an
 * ELF executable read from the file system, with its arguments on the
 * user stack.
 *
 * In order: the arguments are copied in from the old memory; the file's
 * header is read and checked, every loadable segment against the file and
 * user memory, before anything is built from it (a malformed file is
 * refused, never trusted); the new address space is built and filled
 * completely; only then does the process switch to it and free the old
 * one. So a failure at any step leaves the caller as it was, and exec
 * returns an error to it.
 *
 * User memory, from address 0: page 0 unmapped (a NULL dereference faults),
 * the program's segments, an unmapped guard page, the stack (its arguments
 * at the top and USTACKSIZE below them), and then the heap, which sbrk
 * grows from there.
 *
 * File bytes reach the new pages through the buffer cache (readi into
 * their direct-map addresses); the argument strings through the copy
 * engine (uvm_load): no kernel loop copies a page.
 */
#include "defs.h"
#include "elf_format.h"
#include "fs.h"
#include "kalloc.h"
#include "memlayout.h"
#include "proc.h"

#define ARG_PAGES (ARG_MAX / PGSIZE)
#define UPTR      sizeof(uintptr_t) /* a user pointer: the kernel's size */

/* exec's scratch page: the arguments' offsets (then user addresses), and
 * the start of the file, which must hold the ELF and program headers. */
struct scratch {
	uintptr_t argp[MAXARG + 1];
	char head[PGSIZE - (MAXARG + 1) * UPTR];
};

_Static_assert(sizeof(struct scratch) == PGSIZE, "exec's scratch is one page");
_Static_assert(ARG_MAX % PGSIZE == 0, "ARG_MAX is whole pages");

/* The arguments, as they will lie at the top of the new stack: the
 * strings and their NULs packed into up to ARG_PAGES pages, len bytes. */
struct args {
	struct scratch *s;
	char *page[ARG_PAGES];
	uint64_t len;
	uint64_t argc;
};

/* The new memory, built but not yet the process's. */
struct image {
	pagetable_t pt;
	uint64_t sz, entry, sp, argv;
};

/* Whether [off, off + n) lies inside a file of size bytes. */
static int in_file(uint64_t off, uint64_t n, uint64_t size)
{
	return n <= size && off <= size - n;
}

/* Copy the kernel string src and its NUL to dst, at most max bytes in
 * all: its length, or -1 with max bytes copied if it is longer. */
static long kstrcpy(char *dst, const char *src, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		if (!(dst[i] = src[i]))
			return i;
	}
	return -1;
}

/*
 * Append the string at src, a user address if user, else a kernel one,
 * with its NUL. A string may run across pages: copyinstr copies up to the
 * end of the current page, and when it finds no NUL there copyin tells a
 * string that goes on from a bad address. 0, or -1 if the string is bad or
 * the arguments pass ARG_MAX bytes.
 */
static int args_add(struct args *a, uint64_t src, int user)
{
	for (;;) {
		uint64_t pg = a->len / PGSIZE, room = PGSIZE - a->len % PGSIZE;
		long n;
		char *dst;

		if (a->len == ARG_MAX || (!a->page[pg] && !(a->page[pg] = kalloc())))
			return -1;
		dst = a->page[pg] + a->len % PGSIZE;
		n = user ? copyinstr(dst, src, room)
		         : kstrcpy(dst, (const char *)(uintptr_t)src, room);
		if (n >= 0) {
			a->len += n + 1;
			return 0;
		}
		if (user && copyin(dst, src, room) < 0)
			return -1;
		a->len += room;
		src += room;
	}
}

/* Copy in the null-terminated array of strings at argv: a user address if
 * user, else a kernel one. 0, or -1 for more than MAXARG strings, more
 * than ARG_MAX bytes, a bad address or no memory. */
static int args_copy(struct args *a, uint64_t argv, int user)
{
	uintptr_t s;

	if (!(a->s = kalloc()))
		return -1;
	for (;; a->argc++) {
		if (!user)
			s = ((const uintptr_t *)(uintptr_t)argv)[a->argc];
		else if (copyin(&s, argv + a->argc * UPTR, UPTR) < 0)
			return -1;
		if (!s)
			return 0;
		if (a->argc == MAXARG)
			return -1;
		a->s->argp[a->argc] = a->len;
		if (args_add(a, s, user) < 0)
			return -1;
	}
}

static void args_free(struct args *a)
{
	struct pagebatch freed = {0, 0, 0};

	if (a->s)
		batch_put(&freed.pages, a->s);
	for (int i = 0; i < ARG_PAGES && a->page[i]; i++)
		batch_put(&freed.pages, a->page[i]);
	kfree_batch(&freed);
}

/* The bytes the arguments take on the stack, at most: the strings, the
 * pointer array and its alignment, and the null return address. */
static uint64_t args_size(const struct args *a)
{
	return a->len + (a->argc + 1) * UPTR + 15 + UPTR;
}

/*
 * Put the arguments at the top of the stack, below top: the strings, the
 * pointer array (16-byte aligned), and a null return address, as a call
 * to main(argc, argv) would find them. The stack pages are zero, so the
 * return address already is. Sets im->sp and im->argv.
 */
static void push_args(struct image *im, uint64_t top, struct args *a)
{
	uint64_t str = top - a->len, done, n;

	for (int i = 0; (done = (uint64_t)i * PGSIZE) < a->len; i++) {
		n = a->len - done < PGSIZE ? a->len - done : PGSIZE;
		uvm_load(im->pt, str + done, a->page[i], n);
	}
	for (uint64_t i = 0; i < a->argc; i++)
		a->s->argp[i] += str;
	a->s->argp[a->argc] = 0;
	im->argv = (str - (a->argc + 1) * UPTR) & ~15ull;
	uvm_load(im->pt, im->argv, (const char *)a->s->argp, (a->argc + 1) * UPTR);
	im->sp = im->argv - UPTR;
}

/* The program headers of an executable for this machine whose start, n
 * bytes, is at head; 0 if it is not one or they do not lie in those n. */
static const struct proghdr *check_header(const char *head, uint64_t n)
{
	const struct elfhdr *eh = (const struct elfhdr *)head;

	if (n < sizeof *eh || eh->magic != ELF_MAGIC || eh->class != ELF_CLASS ||
	    eh->data != ELF_DATA_LSB || eh->type != ET_EXEC || eh->machine != ELF_MACHINE ||
	    eh->phentsize != sizeof(struct proghdr) || eh->phoff % _Alignof(struct proghdr) != 0 ||
	    !in_file(eh->phoff, (uint64_t)eh->phnum * sizeof(struct proghdr), n))
		return 0;
	return (const struct proghdr *)(head + eh->phoff);
}

/* Check the loadable segments against the file (size bytes) and user
 * memory; the end of the image, or 0 if a segment is bad, there is none,
 * or the entry point is in no executable segment. Segments come in
 * ascending order of address and do not overlap (the ELF specification's
 * order): two may share a page, but not bytes, which the later one's
 * would overwrite (usertests found such files accepted). */
static uint64_t check_segments(const struct elfhdr *eh, const struct proghdr *ph, uint64_t size)
{
	uint64_t end = 0;
	int entry_ok = 0;

	for (unsigned i = 0; i < eh->phnum; i++, ph++) {
		if (ph->type != PT_LOAD)
			continue;
		if (ph->filesz > ph->memsz)
			return 0;
		if (ph->memsz == 0) /* loads nothing, wherever it says */
			continue;
		if (!in_file(ph->offset, ph->filesz, size) || ph->vaddr < PGSIZE ||
		    ph->vaddr >= USERTOP || ph->memsz > USERTOP - ph->vaddr || ph->vaddr < end)
			return 0;
		end = ph->vaddr + ph->memsz;
		if ((ph->flags & PF_X) && eh->entry - ph->vaddr < ph->memsz)
			entry_ok = 1;
	}
	return entry_ok ? end : 0;
}

/* Map the loadable segments' pages, zeroed. */
static int map_segments(pagetable_t pt, const struct elfhdr *eh, const struct proghdr *ph)
{
	for (unsigned i = 0; i < eh->phnum; i++, ph++) {
		int perm = (ph->flags & PF_W ? UVM_WRITE : 0) | (ph->flags & PF_X ? UVM_EXEC : 0);

		if (ph->type == PT_LOAD && ph->memsz > 0 &&
		    uvm_alloc(pt, ph->vaddr, ph->vaddr + ph->memsz, perm) < 0)
			return -1;
	}
	return 0;
}

/* Physical runs load_range reads into at a time: LOAD_RUNS pages always
 * fit, and fresh pages come in ascending order, so a segment is most often
 * one or two runs. A run is read by one readi: a page at a time, a program
 * of 1 MiB would cost 256 readi calls of a few hundred kernel instructions
 * each. */
#define LOAD_RUNS 8
#define LOAD_MAX  (VMM_U64(1) << 30) /* a run's length fits the 32-bit len */

/* Read file bytes [off, off + n) of ip into user addresses from va in pt,
 * mapped: 0, or -1 if the file ends early or the disk fails. */
static int load_range(pagetable_t pt, struct inode *ip, uint64_t va, uint64_t off, uint64_t n)
{
	struct vmm_blk_seg run[LOAD_RUNS];
	uint64_t len;
	uint32_t k;

	for (; n > 0; va += len, n -= len) {
		len = n < LOAD_MAX ? n : LOAD_MAX;
		if (!(k = uvm_extents(pt, va, len, 0, run, LOAD_RUNS))) {
			len = LOAD_RUNS * PGSIZE - va % PGSIZE;
			if (len > n)
				len = n;
			if (!(k = uvm_extents(pt, va, len, 0, run, LOAD_RUNS)))
				return -1;
		}
		for (uint32_t i = 0; i < k; off += run[i++].len) {
			if (readi(ip, 0, (uintptr_t)p2v(run[i].addr), off, run[i].len) !=
			    (long)run[i].len)
				return -1;
		}
	}
	return 0;
}

/* Read the segments' file bytes from ip into their mapped pages: 0, or -1
 * if the file ends early or the disk fails. */
static int load_segments(pagetable_t pt, struct inode *ip, const struct elfhdr *eh,
                         const struct proghdr *ph)
{
	for (unsigned i = 0; i < eh->phnum; i++, ph++) {
		if (ph->type == PT_LOAD &&
		    load_range(pt, ip, ph->vaddr, ph->offset, ph->filesz) < 0)
			return -1;
	}
	return 0;
}

/* Build in im the memory for the executable ip (locked) with arguments a:
 * 0, or -1 with nothing left over. */
static int build(struct image *im, struct inode *ip, struct args *a)
{
	char *head = a->s->head;
	const struct elfhdr *eh = (const struct elfhdr *)head;
	const struct proghdr *ph;
	uint64_t stack, size = PGROUNDUP(args_size(a)) + USTACKSIZE;
	struct pagebatch freed = {0, 0, 0};
	long n;

	if (ip->type != FS_T_FILE ||
	    (n = readi(ip, 0, (uintptr_t)head, 0, sizeof a->s->head)) <= 0 ||
	    !(ph = check_header(head, n)) || !(stack = PGROUNDUP(check_segments(eh, ph, ip->size))))
		return -1;
	stack += PGSIZE; /* the guard page */
	if (stack > USERTOP || size > USERTOP - stack || !(im->pt = uvm_create()))
		return -1;
	im->sz = stack + size;
	im->entry = eh->entry;
	if (map_segments(im->pt, eh, ph) < 0 || uvm_alloc(im->pt, stack, im->sz, UVM_WRITE) < 0 ||
	    load_segments(im->pt, ip, eh, ph) < 0) {
		pflush(); /* nothing queued may land in a page once it is free */
		uvm_free(im->pt, im->sz, &freed);
		kfree_batch(&freed);
		return -1;
	}
	push_args(im, im->sz, a);
	pflush(); /* the image is in place before the program runs */
	return 0;
}

/* A new program's x87/SSE registers: FNINIT's control word (0x37F: every
 * exception masked, 64-bit precision, round to nearest), MXCSR's value at
 * reset (0x1F80: the same for SSE), every register empty and zero. Both
 * lie at the same offsets in the 32- and 64-bit formats. */
static const struct fpu fpu_initial = {.area = {[0] = 0x7f, [1] = 0x03, [24] = 0x80, [25] = 0x1f}};

/* The last element of path, for the process's name. */
static const char *last_elem(const char *path)
{
	const char *s = path;

	for (; *path; path++) {
		if (*path == '/' && path[1])
			s = path + 1;
	}
	return s;
}

/* Make im, loaded from inode inum, the process's memory, and free the old. */
static void commit(struct proc *p, struct image *im, const char *path, uint32_t inum, uint64_t argc)
{
	struct pagebatch freed = {0, 0, 0};
	pagetable_t old = p->pagetable;
	uint64_t oldsz = p->sz;
	const char *name = last_elem(path);
	size_t i;

	p->pagetable = im->pt;
	p->sz = p->heap = im->sz;
	tf_init_user(p->tf, im->entry, im->sp, argc, im->argv);
	fpu_restore(&fpu_initial); /* p runs: the CPU holds its registers */
	for (i = 0; i < sizeof p->prog.name - 1 && name[i] && name[i] != '/'; i++)
		p->prog.name[i] = name[i];
	p->prog.name[i] = 0;
	p->prog.inum = inum;
	uvm_switch(p);
	uvm_free(old, oldsz, &freed);
	kfree_batch(&freed);
}

/*
 * Run the executable at path (a kernel string) in the calling process,
 * with the null-terminated array of argument strings at argv: in user
 * memory if user, else in the kernel. The open files and the current
 * directory stay. 0 (the process returns to user mode in the new
 * program), EXEC_NOENT if path names no file, or EXEC_BAD if it cannot be
 * run or the arguments are bad; the caller's memory is then untouched.
 */
int exec(const char *path, uint64_t argv, int user)
{
	struct args a = {0};
	struct image im;
	struct inode *ip;
	int r = EXEC_BAD, logged;

	if (args_copy(&a, argv, user) < 0) {
		args_free(&a);
		return EXEC_BAD;
	}
	/* Path lookups and the final iput belong in a log operation (fs.h);
	 * a read-only disk refuses it, and needs none. */
	logged = begin_op() == 0;
	if ((ip = namei(path))) {
		if (ilock(ip) == 0) { /* else damaged: EXEC_BAD */
			if (build(&im, ip, &a) == 0) {
				commit(myproc(), &im, path, ip->inum, a.argc);
				r = 0;
			}
			iunlock(ip);
		}
		iput(ip);
	} else {
		r = EXEC_NOENT;
	}
	if (logged)
		end_op();
	args_free(&a);
	return r;
}
