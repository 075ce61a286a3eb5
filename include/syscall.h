/*
 * The system-call ABI between user programs (user/) and the kernel (guest/).
 *
 * A user program executes `int $0x40` with the call number in rax and up to
 * six arguments in rdi, rsi, rdx, rcx, r8, r9 (the C calling convention's
 * order, so a library stub is just "mov $N, %eax; int $0x40; ret"). The
 * result comes back in rax; every other register is preserved. A call that
 * fails returns -1. On hardware KVM the instruction arrives as vector 0x40;
 * on kvm_pvm it arrives as #UD at a `cd 40` instruction and the kernel treats
 * it the same way.
 *
 * On i386 the same: the number in eax, the arguments in ebx, ecx, edx, esi,
 * edi, ebp (Linux's order), the result in eax, every other register
 * preserved; a program starts with argc in ebx and argv in ecx. Values are
 * the C types of the comments below, 32 bits wide where they are long or a
 * pointer.
 */
#ifndef SYSCALL_H
#define SYSCALL_H

#define SYSCALL_VECTOR 0x40

#define SYS_fork      1  /* () -> child pid in the parent, 0 in the child */
#define SYS_exit      2  /* (int status) -> does not return */
#define SYS_wait      3  /* (int *status or 0) -> pid of a child that exited */
#define SYS_kill      4  /* (int pid) -> 0 */
#define SYS_getpid    5  /* () -> pid */
#define SYS_sbrk      6  /* (long delta) -> the old break, or -1 */
#define SYS_sleep     7  /* (long ticks) -> 0, or -1 if killed while asleep */
#define SYS_uptime    8  /* () -> ticks since boot */
#define SYS_write     9  /* (int fd, const void *buf, long n) -> bytes written */
#define SYS_exec      10 /* (const char *path, char *const argv[]) -> -1, or no return */
#define SYS_open      11 /* (const char *path, int flags) -> fd; flags O_* below */
#define SYS_close     12 /* (int fd) -> 0 */
#define SYS_read      13 /* (int fd, void *buf, long n) -> bytes read, 0 at the end */
#define SYS_dup       14 /* (int fd) -> the lowest free fd, sharing fd's file */
#define SYS_pipe      15 /* (int fds[2]) -> 0; fds[0] reads, fds[1] writes */
#define SYS_fstat     16 /* (int fd, struct stat *st) -> 0 */
#define SYS_link      17 /* (const char *old, const char *new) -> 0 */
#define SYS_unlink    18 /* (const char *path) -> 0; not a non-empty directory */
#define SYS_mkdir     19 /* (const char *path) -> 0 */
#define SYS_chdir     20 /* (const char *path) -> 0 */
#define SYS_mknod     21 /* (const char *path, int major, int minor) -> 0 */
#define SYS_fsync     22 /* (int fd) -> 0 once every write before it is on disk */
#define SYS_lseek     23 /* (int fd, long off, int whence) -> the new offset */
#define SYS_setpgid   24 /* (int pid, int pgid) -> 0; pid 0: the caller; pgid 0: pid */
#define SYS_tcsetpgrp 25 /* (int fd, int pgid) -> 0: fd's console sends Ctrl-C to pgid */
#define SYS_procs     26 /* (struct procinfo *buf, int max) -> processes listed */
#define SYS_poweroff  27 /* (int status) -> does not return: the machine powers off */
#define SYS_mark      28 /* (const char *label, or 0) -> 0: opens/closes a --stats region */
#define SYS_counters  29 /* (struct vmm_counters *c) -> 0: the host counters; -1 without */
#define SYS_uptime_ns 30 /* () -> ns since boot (TSC; ticks when its rate is unknown) */
#define SYS_NCALLS    31 /* one more than the highest number */

/* open flags (Linux's values) */
#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR   0x002
#define O_CREATE 0x040 /* create the file if it does not exist */
#define O_TRUNC  0x200 /* truncate it to 0 bytes */
#define O_APPEND 0x400 /* every write goes to the end */

/* lseek whence */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* Limits of exec: at most MAXARG arguments, ARG_MAX bytes of strings. */
#define MAXARG  256
#define ARG_MAX (64 * 1024)

/* What SYS_procs reports for each process; state is a PS_*. */
#define PS_SLEEPING 1
#define PS_RUNNABLE 2
#define PS_RUNNING  3
#define PS_ZOMBIE   4

/* What fstat reports. ST_TTY: the console, with a person typing at it (the
 * monitor's input is a terminal): programs may prompt. */
#define ST_TTY 1
#ifndef __ASSEMBLER__
#include <stdint.h>
struct stat {
	uint32_t dev;   /* the disk: 1 */
	uint32_t ino;   /* inode number */
	uint16_t type;  /* FS_T_DIR, FS_T_FILE or FS_T_DEV; 0 for a pipe */
	uint16_t nlink; /* links to the inode */
	uint32_t flags; /* ST_* */
	uint64_t size;  /* bytes */
};

struct procinfo {
	int32_t pid, ppid, pgid, state;
	uint64_t sz; /* bytes of user memory */
	char name[16];
};
#endif

#define SYS_TICK_HZ 100 /* ticks per second for sleep and uptime */

/* Exit status of a process the kernel kills (a fault or kill()), as wait()
 * reports it. */
#define SYS_KILLED_STATUS (-1)

#endif
