/*
 * ktest's shared parts: limits, the test table's shape, and the helpers
 * every group of tests uses (helpers.c). Each group of tests lives in its
 * own file in user/tests/ktest/; ktest.c runs them.
 */
#ifndef KTEST_H
#define KTEST_H

#include <limits.h>

#include "tests/lib/testlib.h"

#define SBRK_BYTES    (3 * PGSIZE + 100) /* a few pages and part of one */
#define WAKE_TICKS    200 /* a killed sleeper dies sooner (sleep_forever naps for 1000) */
#define ORPHAN_STATUS 77
#define ORPHAN_NAP    30 /* ticks */

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
