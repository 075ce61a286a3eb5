/*
 * ktest's shared parts: limits, the test table's shape, and the helpers
 * every group of tests uses (helpers.c). Each group of tests lives in its
 * own file in user/tests/ktest/; ktest.c runs them.
 */
#ifndef KTEST_H
#define KTEST_H

#include <limits.h>

#include "tests/lib/testlib.h"
#include "uarch.h"

#define SBRK_BYTES    (3 * PGSIZE + 100) /* a few pages and part of one */
#define NAP           200 /* ticks: a kill that fails to wake a sleeper shows as a delay */
#define ORPHAN_STATUS 77
#define ORPHAN_NAP    30 /* ticks */

void spin(void);
void sleep_forever(void);

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
