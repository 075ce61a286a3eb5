/*
 * The system calls that get a plain stub, one SYSCALL(name) each, for
 * user/arch/<arch>/syscalls.S, which defines SYSCALL for its calling
 * convention and includes this list. poweroff has a stub of its own there.
 */
#include "syscall.h"

/* Catches a call added to or removed from syscall.h without its stub. */
#if SYS_NCALLS != 31
#error "syscall.h changed: update the stubs below"
#endif

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
