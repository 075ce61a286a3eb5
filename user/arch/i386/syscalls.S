/*
 * System-call stubs (i386), one per call in include/syscall.h (the list is
 * user/arch/syscall_stubs.h). The C calling convention passes arguments on
 * the stack; the kernel takes them in ebx, ecx, edx, esi, edi, ebp
 * (syscall.h). Each stub loads its number and joins syscall6, which loads
 * six arguments whatever the call takes: the extra ones are whatever the
 * caller's frame holds, and unread.
 */
#include "syscall.h"

#define SYSCALL(name)                  \
	.globl name;                   \
	.type name, @function;         \
	name:                          \
	mov $SYS_##name, %eax;         \
	jmp syscall6;                  \
	.size name, . - name

	.text
/* ebx, esi, edi and ebp belong to the caller: saved around the call. */
syscall6:
	push %ebx
	push %esi
	push %edi
	push %ebp
	mov 20(%esp), %ebx
	mov 24(%esp), %ecx
	mov 28(%esp), %edx
	mov 32(%esp), %esi
	mov 36(%esp), %edi
	mov 40(%esp), %ebp
	int $SYSCALL_VECTOR
	pop %ebp
	pop %edi
	pop %esi
	pop %ebx
	ret

#include "../syscall_stubs.h"

/* poweroff is declared noreturn: should the kernel refuse it, the process
 * exits with the status instead (ebx still holds it), which powers the
 * machine off too when it is the first process. */
	.globl poweroff
	.type poweroff, @function
poweroff:
	mov 4(%esp), %ebx
	mov $SYS_poweroff, %eax
	int $SYSCALL_VECTOR
	mov $SYS_exit, %eax
	int $SYSCALL_VECTOR
	.size poweroff, . - poweroff

/* No executable stack (the linker warns about an object without this). */
	.section .note.GNU-stack, "", @progbits
