/*
 * System-call stubs, one per call in include/syscall.h (the list is
 * user/arch/syscall_stubs.h). The C calling convention already puts a
 * function's arguments where the kernel wants them (rdi, rsi, rdx, rcx,
 * ...) and takes the result from rax, so a stub only loads the call number.
 */
#include "syscall.h"

#define SYSCALL(name)                  \
	.globl name;                   \
	.type name, @function;         \
	name:                          \
	mov $SYS_##name, %eax;         \
	int $SYSCALL_VECTOR;           \
	ret;                           \
	.size name, . - name

	.text
#include "../syscall_stubs.h"

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
