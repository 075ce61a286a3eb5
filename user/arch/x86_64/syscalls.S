/*
 * System-call stubs, one per call in include/syscall.h. The C calling
 * convention already puts a function's arguments where the kernel wants
 * them (rdi, rsi, rdx, rcx, ...) and takes the result from rax, so a stub
 * only loads the call number.
 */
#include "syscall.h"

/* Catches a call added to or removed from syscall.h without its stub. */
#if SYS_NCALLS != 31
#error "syscall.h changed: update the stubs below"
#endif

#define SYSCALL(name)                  \
	.globl name;                   \
	.type name, @function;         \
	name:                          \
	mov $SYS_##name, %eax;         \
	int $SYSCALL_VECTOR;           \
	ret;                           \
	.size name, . - name

	.text
SYSCALL(fork)
SYSCALL(exit)
SYSCALL(wait)
SYSCALL(kill)
SYSCALL(getpid)
SYSCALL(sbrk)
SYSCALL(sleep)
SYSCALL(uptime)
SYSCALL(write)
SYSCALL(exec)
SYSCALL(open)
SYSCALL(close)
SYSCALL(read)
SYSCALL(dup)
SYSCALL(pipe)
SYSCALL(fstat)
SYSCALL(link)
SYSCALL(unlink)
SYSCALL(mkdir)
SYSCALL(chdir)
SYSCALL(mknod)
SYSCALL(fsync)
SYSCALL(lseek)
SYSCALL(setpgid)
SYSCALL(tcsetpgrp)
SYSCALL(procs)
SYSCALL(mark)
SYSCALL(counters)
SYSCALL(uptime_ns)

/* poweroff is declared noreturn: should the kernel refuse it, the process
 * exits with the status instead (rdi still holds it), which powers the
 * machine off too when it is the first process. */
	.globl poweroff
	.type poweroff, @function
poweroff:
	mov $SYS_poweroff, %eax
	int $SYSCALL_VECTOR
	mov $SYS_exit, %eax
	int $SYSCALL_VECTOR
	.size poweroff, . - poweroff

/* No executable stack (the linker warns about an object without this). */
	.section .note.GNU-stack, "", @progbits
