/*
 * System-call dispatch (the ABI is include/syscall.h). trap() (trap.c)
 * calls syscall with the call number; handlers fetch their arguments with
 * argraw and return the result, -1 for a failure.
 */
#include "defs.h"
#include "proc.h"
#include "syscall.h"

static long (*const calls[SYS_NCALLS])(void) = {
    [SYS_fork] = sys_fork,           [SYS_exit] = sys_exit,         [SYS_wait] = sys_wait,
    [SYS_kill] = sys_kill,           [SYS_getpid] = sys_getpid,     [SYS_sbrk] = sys_sbrk,
    [SYS_sleep] = sys_sleep,         [SYS_uptime] = sys_uptime,     [SYS_write] = sys_write,
    [SYS_exec] = sys_exec,           [SYS_open] = sys_open,         [SYS_close] = sys_close,
    [SYS_read] = sys_read,           [SYS_dup] = sys_dup,           [SYS_pipe] = sys_pipe,
    [SYS_fstat] = sys_fstat,         [SYS_link] = sys_link,         [SYS_unlink] = sys_unlink,
    [SYS_mkdir] = sys_mkdir,         [SYS_chdir] = sys_chdir,       [SYS_mknod] = sys_mknod,
    [SYS_fsync] = sys_fsync,         [SYS_lseek] = sys_lseek,       [SYS_setpgid] = sys_setpgid,
    [SYS_tcsetpgrp] = sys_tcsetpgrp, [SYS_procs] = sys_procs,       [SYS_poweroff] = sys_poweroff,
    [SYS_mark] = sys_mark,           [SYS_counters] = sys_counters, [SYS_uptime_ns] = sys_uptime_ns,
};

/* Argument n (0-5) of the current system call, as the user passed it. */
uint64_t argraw(int n)
{
	return tf_arg(myproc()->tf, n);
}

long syscall(uint64_t num)
{
	if (num >= SYS_NCALLS || !calls[num])
		return -1;
	return calls[num]();
}
