/*
 * What the test programs (ktest, fstest, usertests, crashwork) share: a
 * failing test returns why (a string, often built by failf); children a
 * test starts with tfork are killed and reaped if it fails
 * (test_clean_up); a child that finds a problem says so and exits with
 * CHILD_FAILED (child_fail). run_suite runs a program's table of tests.
 * The code is in user/tests/lib/: testlib.c (the runner, failures,
 * refusals, memory), children.c (starting and reaping children),
 * testdata.c (patterns, directories), files.c (whole files); elf.h has
 * the executables made at run time.
 */
#ifndef TESTLIB_H
#define TESTLIB_H

#include "uarch.h"
#include "user.h"

#define KILLED       SYS_KILLED_STATUS
#define CHILD_FAILED (-2)
#define MAXKIDS      64
#define MAXFILL      1024 /* more children than any process table holds */
#define PGSIZE       4096ul
#define PGROUNDUP(a) (((unsigned long)(a) + PGSIZE - 1) & ~(PGSIZE - 1))

/* Addresses a process may pass but never own (the machine's own in
 * uarch.h: KERNEL_ADDR, DIRECT_MAP, NONCANONICAL, USER_END, FAR_UNMAPPED). */
#define KERNEL_TEXT (KERNEL_ADDR & ~0xffffful) /* where the kernel image starts */
#define LOWER_TOP   (USER_END - PGSIZE)        /* user memory's last page */

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

/* Makes path a fresh, empty directory and enters it: 0, or why not. */
const char *enter_fresh_dir(const char *path);
/* Goes back to / and removes path: r, or why the removal failed if r is 0. */
const char *remove_dir_after(const char *path, const char *r);

/* ---- Failures ---- */

const char *failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void child_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* ---- Children (children.c) ---- */

int tfork(void);
/* Reaps one child; why it was not pid exiting with status want, or 0. */
const char *expect_exit(int pid, int want);
/* Reaps n children, which must all exit with status 0. */
const char *expect_all_exit(int n);
/* Reaps children until none is left: 0 if all but ignore (-1: none)
 * exited with status 0, else why not. */
const char *reap_all(int ignore);
/* Forks n children (at most MAXKIDS), child i exiting with statuses[i]:
 * wait must return each once with its own status, and then -1. */
const char *expect_statuses(const int *statuses, unsigned n);
/* After a failed test: kill what it left running and reap everything. */
void test_clean_up(void);
/* Starts a child (tfork) that runs fn and then exits with status 0; its
 * pid, or -1 when fork fails. */
int spawn(void (*fn)(void));
/* Runs fn in a child, which must exit with status 0. */
const char *in_child(void (*fn)(void));
const char *kill_and_reap(int pid);
/* Kills the n children in pids and reaps them: each must die killed. */
const char *kill_all(const int *pids, int n);
/* Forks children that sleep until killed into pids (MAXFILL entries)
 * until fork fails; how many. */
int fill_procs(int *pids);
/* What children do until killed: run in user mode, or sleep. */
void spin_forever(void) __attribute__((noreturn));
void sleep_forever(void) __attribute__((noreturn));

/* ---- Refusals ---- */

/* In a child: call numbers that name no call (0, past the table, negative,
 * with high bits) return -1. */
const char *no_such_calls(void);
/* Every call that takes a descriptor fails on fd: 0, or why not. */
const char *bad_fd_refused(int fd);

/* ---- Memory ---- */

/* Whether reading addr kills a process. */
int unmapped(unsigned long addr);
/* Moves the break up to a page boundary and returns it: the page there is
 * unmapped. */
char *align_break(void);
/* In a child: each of the n sbrk deltas fails and leaves the break where
 * it was. */
void sbrk_refuses(const long *deltas, unsigned n);

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

/* ---- Whole files (files.c) ---- */

/* The buffer put_pattern and check_pattern go through, one write or read
 * at a time: 16 KiB unless main sets a larger one (fstest: 1 MiB, so a
 * write spans many log transactions). */
extern char *test_iobuf;
extern unsigned long test_iobuf_size;

/* Each returns 0 or why it failed. */
const char *make_file(const char *path, const char *data, long n);
/* A file of size bytes of the pattern seed; a check of one. */
const char *put_pattern(const char *path, unsigned long seed, unsigned long size);
const char *check_pattern(const char *path, unsigned long seed, unsigned long size);
/* The size of the file open as fd. */
const char *check_size(int fd, unsigned long want);
int file_exists(const char *path);

#endif
