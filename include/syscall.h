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
 */
#ifndef SYSCALL_H
#define SYSCALL_H

#define SYSCALL_VECTOR 0x40

#define SYS_fork   1  /* () -> child pid in the parent, 0 in the child */
#define SYS_exit   2  /* (int status) -> does not return */
#define SYS_wait   3  /* (int *status or 0) -> pid of a child that exited */
#define SYS_kill   4  /* (int pid) -> 0 */
#define SYS_getpid 5  /* () -> pid */
#define SYS_sbrk   6  /* (long delta) -> the old break, or -1 */
#define SYS_sleep  7  /* (long ticks) -> 0, or -1 if killed while asleep */
#define SYS_uptime 8  /* () -> ticks since boot */
#define SYS_write  9  /* (int fd, const void *buf, long n) -> bytes written */
#define SYS_NCALLS 10 /* one more than the highest number */

#define SYS_TICK_HZ 100 /* ticks per second for sleep and uptime */

/* Exit status of a process the kernel kills (a fault or kill()), as wait()
 * reports it. */
#define SYS_KILLED_STATUS (-1)

#endif
