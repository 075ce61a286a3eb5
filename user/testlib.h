/*
 * What the test programs (ktest, fstest) share: a failing test returns why
 * (a string, often built by failf); children a test starts with tfork are
 * killed and reaped if it fails (test_clean_up); a child that finds a
 * problem says so and exits with CHILD_FAILED (child_fail). The code is
 * user/lib/testlib.c.
 */
#ifndef TESTLIB_H
#define TESTLIB_H

#include "user.h"

#define KILLED       SYS_KILLED_STATUS
#define CHILD_FAILED (-2)
#define MAXKIDS      64

extern const char *test_prog; /* the program's name, for messages: set by main */
extern const char *test_name; /* the running test, for a child's message */
extern char why[200];         /* a failure reason built by failf */
extern int kids[MAXKIDS];     /* the running test's children */
extern int nkids;

const char *failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void child_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
int tfork(void);
/* Reaps one child; why it was not pid exiting with status want, or 0. */
const char *expect_exit(int pid, int want);
/* After a failed test: kill what it left running and reap everything. */
void test_clean_up(void);

#endif
