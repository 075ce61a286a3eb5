/*
 * usertests' shared parts: addresses and limits, the helpers every group
 * of tests uses (util.c), and the tests, one group per file in
 * user/tests/usertests/. usertests.c runs them.
 *
 * The user stack is one page: big buffers come from scratch() (the heap,
 * given back after each test) or static storage, never the stack.
 */
#ifndef USERTESTS_H
#define USERTESTS_H

#include <limits.h>
#include <stdint.h>

#include "tests/lib/testlib.h"

#define UT_DIR  "/tmp/usertests" /* each test runs in this fresh directory */
#define SELF    "/bin/usertests" /* exec tests run this program again */
#define ARGMODE "--args"         /* usertests --args N BYTES: the exec helper */
#define FPUMODE "--fpu-initial"  /* usertests --fpu-initial: the fpu-exec helper */

#define MAXPROCS 256  /* more than any process table here */
#define MAXFD    1024 /* more than any descriptor table */

/* Test flags of usertests' own */
#define T_NODIR T_OWN /* runs without the scratch directory */

extern int quick; /* usertests -q: smaller sizes */

/* Quick and full sizes of a test's work. */
#define SIZE(q, full) (quick ? (q) : (full))

/* ---- Helpers (util.c) ---- */

/* n bytes of heap, page-aligned, or 0 if sbrk fails; the break goes back
 * after the test. */
char *scratch(unsigned long n);

/* The process table: read into ptab, how many processes (procs), or -1. */
extern struct procinfo ptab[MAXPROCS];
int nprocs(void);
/* The entry for pid, from the table read anew, or 0. */
const struct procinfo *proc_of(int pid);
/* Waits until procs lists pid in state (PS_*); whether it did. */
int await_state(int pid, int state);
/* Waits until at most n processes exist, reaping ours; 0, or why not. */
const char *settle_procs(int n, const char *what);

/* Heap pages a fresh child of this process can get: the free memory, in
 * a fixed state of the rest of the system; -1 if the child fails. */
long free_pages(void);
/* Why free memory went from before to after pages, or 0 if it did not. */
const char *same_memory(long before, long after, const char *what);
/* Grows the heap in chunks that halve at each failure until sbrk fails,
 * or until it has max pages; the pages it got (mem.c). */
long grow_heap(long max);

/* The lowest free descriptor (dup's next), or -1 with none. */
int lowest_free_fd(void);

/* A pipe whose read end gets a byte from the first of: a child saying
 * something (write(alarm_fd[1], ...)), or the alarm child after ticks
 * ticks ('!'). Returns the alarm's pid, or -1. */
extern int alarm_fd[2];
int alarm_start(long ticks);
/* Reads the next byte from alarm_fd[0]; '!' means time ran out. */
char alarm_wait(void);
void alarm_stop(int pid);

/* ---- The tests: each returns 0 when it passes, or why it failed ---- */

/* calls.c: the process calls, normal and error paths */
const char *t_badcall(void);
const char *t_fork_wait(void);
const char *t_kill(void);
const char *t_sleep(void);
const char *t_uptime_ns(void);
const char *t_sbrk(void);
const char *t_setpgid(void);
const char *t_tcsetpgrp(void);
const char *t_procs(void);
const char *t_mark(void);
const char *t_counters(void);
const char *t_poweroff(void);

/* fscalls.c: the file calls, normal and error paths */
const char *t_open(void);
const char *t_readwrite(void);
const char *t_dup_close(void);
const char *t_pipe(void);
const char *t_fstat(void);
const char *t_link_unlink(void);
const char *t_mkdir_chdir(void);
const char *t_mknod(void);
const char *t_fsync(void);
const char *t_lseek(void);

/* hostile.c: bad pointers, lengths, descriptors and paths */
const char *t_bad_out(void);
const char *t_bad_in(void);
const char *t_straddle(void);
const char *t_misaligned(void);
const char *t_lengths(void);
const char *t_bad_fds(void);
const char *t_bad_paths(void);
const char *t_fail_leaks(void);

/* procs.c: the process table, fork bombs */
const char *t_proc_table(void);
const char *t_fork_bomb(void);
const char *t_orphans(void);
const char *t_exit_files(void);

/* mem.c: memory exhaustion and recovery */
const char *t_sbrk_exhaust(void);
const char *t_mem_hogs(void);

/* starve.c: every path that allocates, with memory gone */
const char *t_mem_fs(void);
const char *t_mem_paths(void);

/* fds.c: descriptor and file tables */
const char *t_fd_table(void);
const char *t_file_table(void);

/* pipes.c */
const char *t_pipe_big(void);
const char *t_pipe_many(void);
const char *t_pipe_ends(void);
const char *t_pipe_chain(void);

/* fsstress.c */
const char *t_fs_concurrent(void);
const char *t_fs_samename(void);

/* fpu.c: the x87/SSE registers are each process's own */
const char *t_fpu_switch(void);
const char *t_fpu_preempt(void);
const char *t_fpu_fork(void);
const char *t_fpu_exec(void);
/* The registers usertests started with (main stores them first thing), and
 * the fpu-exec helper that checks them. */
extern char fpu_at_start[];
int fpu_initial_helper(void);

/* exec.c */
const char *t_exec_bad(void);
const char *t_exec_good(void);
const char *t_exec_args(void);
int args_helper(int argc, char **argv);

#endif
