/*
 * What the test programs (ktest, fstest, usertests) share: a failing test
 * returns why (a string, often built by failf); children a test starts
 * with tfork are killed and reaped if it fails (test_clean_up); a child
 * that finds a problem says so and exits with CHILD_FAILED (child_fail).
 * run_suite runs a program's table of tests. The code is
 * user/tests/lib/testlib.c (tests and children) and testdata.c
 * (patterns, directories).
 */
#ifndef TESTLIB_H
#define TESTLIB_H

#include "user.h"

#define KILLED       SYS_KILLED_STATUS
#define CHILD_FAILED (-2)
#define MAXKIDS      64
#define PGSIZE       4096ul
#define PGROUNDUP(a) (((unsigned long)(a) + PGSIZE - 1) & ~(PGSIZE - 1))

extern const char *test_prog; /* the program's name, for messages: set by main */
extern const char *test_name; /* the running test, for a child's message */
extern char why[200];         /* a failure reason built by failf */
extern int kids[MAXKIDS];     /* the running test's children */
extern int nkids;
extern int test_times; /* run_suite adds each test's time to its line */

/* ---- A program's tests ---- */

struct test {
	const char *name;
	const char *(*run)(void); /* 0 when the test passes, or why it failed */
	int flags;                /* T_*, and the program's own from T_OWN up */
};

#define T_SLOW   1 /* left out of a quick run */
#define T_MANUAL 2 /* runs only when named */
#define T_OWN    4

struct suite {
	const char *summary; /* printed before "N passed, N failed": "ktest: ", or "" */
	const struct test *tests;
	unsigned ntests;
	/* Both optional. before runs first, and its failure fails the test
	 * without running it; after gets the result (after the clean-up of a
	 * failed test) and returns the final one. */
	const char *(*before)(const struct test *t);
	const char *(*after)(const struct test *t, const char *r);
};

/* Runs the n tests named (all of them but the manual ones, and but the
 * slow ones when quick, if n is 0), printing "ok - NAME" or
 * "FAIL - NAME: why" for each and then the summary line; 0 when all
 * passed, else 1. */
int run_suite(const struct suite *s, int quick, int n, char **names);

/* ---- Failures and children ---- */

const char *failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void child_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
int tfork(void);
/* Reaps one child; why it was not pid exiting with status want, or 0. */
const char *expect_exit(int pid, int want);
/* Reaps n children, which must all exit with status 0. */
const char *expect_all_exit(int n);
/* After a failed test: kill what it left running and reap everything. */
void test_clean_up(void);
/* Starts a child (tfork) that runs fn and then exits with status 0; its
 * pid, or -1 when fork fails. */
int spawn(void (*fn)(void));
/* Runs fn in a child, which must exit with status 0. */
const char *in_child(void (*fn)(void));
const char *kill_and_reap(int pid);
/* Whether reading addr kills a process. */
int unmapped(unsigned long addr);
/* Moves the break up to a page boundary and returns it: the page there is
 * unmapped. */
char *align_break(void);

/* addr as a pointer the compiler knows nothing about: it warns about, or
 * rewrites, uses of constant bad pointers (a NULL dereference becomes
 * ud2, a different fault). */
static inline void *opaque(unsigned long addr)
{
	__asm__("" : "+r"(addr));
	return (void *)addr;
}

/* ---- Data patterns (testdata.c): every 8-byte word of a pattern is a
 * hash of the seed and the word's index, so a byte out of place (a block
 * at the wrong offset, a stale or zeroed page) shows wherever it lands. */

/* The byte at offset off of the pattern named seed; fill and check a range. */
unsigned char pat(unsigned long seed, unsigned long off);
void pat_fill(char *dst, unsigned long seed, unsigned long off, unsigned long n);
/* The index of the first byte of src that differs from the pattern, or -1. */
long pat_diff(const char *src, unsigned long seed, unsigned long off, unsigned long n);

/* ---- Directories (testdata.c) ---- */

/* Removes a file or a whole directory tree given by an absolute path. */
int rmtree(const char *path);
/* Calls fn(name, arg) for each used entry of the directory open as fd,
 * "." and ".." included; stops at fn's first nonzero result, returned. */
long for_each_entry(int fd, long (*fn)(const struct fs_dirent *, void *), void *arg);
/* An entry's name as a C string in name (FS_NAME_MAX + 1 bytes). */
void entry_name(const struct fs_dirent *d, char *name);

#endif
