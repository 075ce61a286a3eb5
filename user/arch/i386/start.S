/*
 * Program entry (i386). The kernel starts a program with argc in ebx and
 * argv in ecx (guest/arch/i386/regs.h); main(argc, argv) wants them on the
 * stack. main's return value becomes the exit status.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xor %ebp, %ebp /* the outermost frame, where a backtrace stops */
	and $-16, %esp /* the C ABI wants esp 16-byte aligned at each call */
	sub $8, %esp
	push %ecx
	push %ebx
	call main
	mov %eax, (%esp)
	call exit
	.size _start, . - _start

/* No executable stack (the linker warns about an object without this). */
	.section .note.GNU-stack, "", @progbits
