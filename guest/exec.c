/*
 * Loading a program: a new address space from an ELF executable, with its
 * arguments on the user stack. The executable is checked before anything is
 * built from it: a malformed one is refused, never trusted.
 *
 * User memory, from address 0: page 0 unmapped (a NULL dereference faults),
 * the program's segments, an unmapped guard page, the stack (USTACKSIZE),
 * and then the heap, which sbrk grows from there.
 */
#include "defs.h"
#include "elf.h"
#include "kalloc.h"
#include "memlayout.h"
#include "proc.h"

/* Whether [off, off + n) lies inside a file of size bytes. */
static int in_file(uint64_t off, uint64_t n, uint64_t size)
{
	return n <= size && off <= size - n;
}

/* The program headers of an executable for this machine, or 0. */
static const struct proghdr *check_header(const char *elf, size_t size)
{
	const struct elfhdr *eh = (const struct elfhdr *)elf;

	if (size < sizeof *eh || eh->magic != ELF_MAGIC || eh->class != ELF_CLASS ||
	    eh->data != ELF_DATA || eh->type != ET_EXEC || eh->machine != ELF_MACHINE ||
	    eh->phentsize != sizeof(struct proghdr) || eh->phoff % 8 != 0 ||
	    !in_file(eh->phoff, (uint64_t)eh->phnum * sizeof(struct proghdr), size))
		return 0;
	return (const struct proghdr *)(elf + eh->phoff);
}

/* Check the loadable segments against the file and user memory; the end of
 * the image, or 0 if a segment is bad, there is none, or the entry point is
 * in no executable segment. */
static uint64_t check_segments(const struct elfhdr *eh, const struct proghdr *ph, size_t size)
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
		    ph->vaddr >= USERTOP || ph->memsz > USERTOP - ph->vaddr)
			return 0;
		if (ph->vaddr + ph->memsz > end)
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

/* Queue the copies of the segments' file bytes into their mapped pages. */
static void load_segments(pagetable_t pt, const char *elf, const struct elfhdr *eh,
                          const struct proghdr *ph)
{
	for (unsigned i = 0; i < eh->phnum; i++, ph++) {
		if (ph->type == PT_LOAD)
			uvm_load(pt, ph->vaddr, elf + ph->offset, ph->filesz);
	}
}

static size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/*
 * Lay out argv in the stack's top page, below top: the strings, the
 * pointer array, and a null return address, as a call to main(argc, argv)
 * would find them, with the array 16-byte aligned. The stack pointer, or 0
 * if they do not fit.
 */
static uint64_t push_args(pagetable_t pt, uint64_t top, char *const argv[], uint64_t *argc,
                          uint64_t *uargv)
{
	uint64_t base = top - PGSIZE, sp = top, ptrs[MAXARG + 1];
	char *page = uvm_kaddr(pt, base);
	size_t n, len;

	for (n = 0; argv[n]; n++) {
		len = strlen(argv[n]) + 1;
		if (n == MAXARG || len > sp - base)
			return 0;
		sp -= len;
		memcpy(page + (sp - base), argv[n], len);
		ptrs[n] = sp;
	}
	ptrs[n] = 0;
	if (sp - base < (n + 1) * 8 + 15 + 8)
		return 0;
	sp = (sp - (n + 1) * 8) & ~15ull;
	memcpy(page + (sp - base), ptrs, (n + 1) * 8);
	*argc = n;
	*uargv = sp;
	sp -= 8;
	*(uint64_t *)(page + (sp - base)) = 0;
	return sp;
}

static void set_name(struct proc *p, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof p->name - 1 && name[i]; i++)
		p->name[i] = name[i];
	p->name[i] = 0;
}

/* Give p, a new process without memory, the program in the size bytes at
 * elf, ready to run with arguments argv (argv[0] names it): 0, or -1 if the
 * executable is malformed or memory runs out. */
int exec(struct proc *p, const char *elf, size_t size, char *const argv[])
{
	const struct elfhdr *eh = (const struct elfhdr *)elf;
	const struct proghdr *ph = check_header(elf, size);
	uint64_t stack, top, sp, argc, uargv;
	struct pagebatch freed = {0, 0, 0};
	pagetable_t pt;

	if (!ph || !(stack = PGROUNDUP(check_segments(eh, ph, size))))
		return -1;
	stack += PGSIZE; /* the guard page */
	if (stack > USERTOP - USTACKSIZE || !(pt = uvm_create()))
		return -1;
	top = stack + USTACKSIZE;
	if (map_segments(pt, eh, ph) < 0 || uvm_alloc(pt, stack, top, UVM_WRITE) < 0)
		goto bad;
	load_segments(pt, elf, eh, ph);
	pflush(); /* the image is in place before the CPU writes the stack */
	if (!(sp = push_args(pt, top, argv, &argc, &uargv)))
		goto bad;
	p->pagetable = pt;
	p->sz = p->heap = top;
	tf_init_user(p->tf, eh->entry, sp, argc, uargv);
	set_name(p, argv[0]);
	return 0;
bad:
	uvm_free(pt, top, &freed);
	kfree_batch(&freed);
	return -1;
}
