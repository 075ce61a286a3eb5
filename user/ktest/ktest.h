/*
 * ktest's shared parts: limits, the test table's shape, and the helpers
 * every group of tests uses (helpers.c). Each group of tests lives in its
 * own file in user/ktest/; ktest.c runs them.
 */
#ifndef KTEST_H
#define KTEST_H

#include <limits.h>

#include "testlib.h"
#include "uarch.h"

#define PGSIZE        4096ul
#define PGROUNDUP(a)  (((unsigned long)(a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define SBRK_BYTES    (3 * PGSIZE + 100) /* a few pages and part of one */
#define NAP           200 /* ticks: a kill that fails to wake a sleeper shows as a delay */
#define ORPHAN_STATUS 77
#define ORPHAN_NAP    30 /* ticks */

struct test {
	const char *name;
	const char *(*run)(void);
};

extern volatile char *probe_addr;

/* Starts a child that runs fn and then exits with status 0; returns its pid,
 * or -1 when fork fails. */
int spawn(void (*fn)(void));
const char *in_child(void (*fn)(void));
const char *kill_and_reap(int pid);
void spin(void);
void sleep_forever(void);
void probe(void);
/* Whether reading addr kills a process. */
int unmapped(unsigned long addr);
/* Moves the break up to a page boundary and returns it. */
char *align_break(void);

/* The tests: each returns 0 when it passes, or why it failed. */
const char *t_syscall(void);
const char *t_regs(void);
const char *t_forkwait(void);
const char *t_getpid(void);
const char *t_forkcopy(void);
const char *t_kill(void);
const char *t_kill_sleeping(void);
const char *t_kill_self(void);
const char *t_kill_waiting(void);
const char *t_orphan(void);
const char *t_orphan_zombie(void);
const char *t_preempt(void);
const char *t_uptime(void);
const char *t_fault(void);
const char *t_badwrite(void);
const char *t_badwait(void);
const char *t_sbrk(void);
const char *t_sbrk_exhaust(void);
const char *t_proctable(void);

#endif
