/*
 * Program entry. The kernel starts a program with argc in rdi and argv in
 * rsi, where main(argc, argv) expects them; main's return value becomes the
 * exit status.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xor %ebp, %ebp /* the outermost frame, where a backtrace stops */
	and $-16, %rsp /* the C ABI wants rsp 16-byte aligned at each call */
	call main
	mov %eax, %edi
	call exit
	.size _start, . - _start

/* No executable stack (the linker warns about an object without this). */
	.section .note.GNU-stack, "", @progbits
