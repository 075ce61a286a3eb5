/*
 * Copies between the kernel and the current process's memory. Every user
 * range is checked to lie inside the process, [0, sz), without overflow;
 * a page inside that is missing or read-only makes the copy fault, and the
 * exception table (extable.h) turns the fault into -1. So a bad pointer
 * costs the caller -1, never the kernel a fault, and a good one costs no
 * page-table walk: the common case stays a few instructions.
 */
#include "defs.h"
#include "memlayout.h"
#include "proc.h"

/* From this size on, copyin hands the work to the copy engine (copy.c):
 * a page-table walk per page and one exit cost less than the CPU's rep
 * movsq, at ~1.4 us per 8 bytes on kvm_pvm. */
#define ENGINE_MIN 512

/* Whether [va, va + n) lies inside the current process's memory. */
static int in_user(uint64_t va, size_t n)
{
	uint64_t sz = myproc()->sz;

	return n <= sz && va <= sz - n;
}

/* Copy through the page tables and the copy engine; 0 or -1. */
static int copyin_pages(char *dst, uint64_t src, size_t n)
{
	pagetable_t pt = myproc()->pagetable;
	const char *k;
	size_t len;
	int r = 0;

	for (; n > 0; dst += len, src += len, n -= len) {
		len = PGSIZE - (src & (PGSIZE - 1));
		if (len > n)
			len = n;
		if (!(k = uvm_kaddr(pt, src))) {
			r = -1;
			break;
		}
		pcopy(v2p(dst), v2p(k), len);
	}
	pflush();
	return r;
}

/* Copy n bytes from user address src to dst; 0, or -1 for a bad range. */
int copyin(void *dst, uint64_t src, size_t n)
{
	if (!in_user(src, n))
		return -1;
	if (n >= ENGINE_MIN && copy_engine_on())
		return copyin_pages(dst, src, n);
	return copy_user(dst, (const void *)(uintptr_t)src, n);
}

/* Copy n bytes from src to user address dst; 0, or -1 for a bad range. */
int copyout(uint64_t dst, const void *src, size_t n)
{
	if (!in_user(dst, n))
		return -1;
	return copy_user((void *)(uintptr_t)dst, src, n);
}

/* Copy the string at user address src and its NUL, at most max bytes in
 * all, to dst; its length, or -1 for a bad address or no NUL in time. */
long copyinstr(char *dst, uint64_t src, size_t max)
{
	uint64_t sz = myproc()->sz;

	if (src >= sz)
		return -1;
	if (max > sz - src)
		max = sz - src;
	return copy_user_str(dst, (const char *)(uintptr_t)src, max);
}

/* Queue copies between physical pa and the user range [uva, uva + n), a
 * page piece at a time: to the user (out) or from it. 0, or -1 if the
 * range is outside the process or a page is missing (or, out, read-only);
 * the pieces before such a page are queued. */
static int copy_phys(uint64_t uva, uint64_t pa, size_t n, int out)
{
	pagetable_t pt = myproc()->pagetable;
	uint64_t upa;
	size_t len;

	if (!in_user(uva, n))
		return -1;
	for (; n > 0; uva += len, pa += len, n -= len) {
		len = PGSIZE - (uva & (PGSIZE - 1));
		if (len > n)
			len = n;
		if (!(upa = uvm_pa(pt, uva, out)))
			return -1;
		if (out)
			pcopy(upa, pa, len);
		else
			pcopy(pa, upa, len);
	}
	return 0;
}

int copyout_phys(uint64_t uva, uint64_t pa, size_t n)
{
	return copy_phys(uva, pa, n, 1);
}

int copyin_phys(uint64_t pa, uint64_t uva, size_t n)
{
	return copy_phys(uva, pa, n, 0);
}
