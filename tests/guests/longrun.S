/* Runs about a second between two console writes (2^31 TSC cycles: 0.9 s
 * at 2.4 GHz), so a test can signal the monitor while the guest runs, on
 * any KVM: a fixed loop would take a second where kernel instructions are
 * emulated (kvm_pvm) and a millisecond where they are native. */
#include "macros.inc"

	.text
	.globl _start
_start:
	console desc
	rdtsc
	shl $32, %rdx
	or %rax, %rdx
	mov %rdx, %r12		/* the start */
1:	pause
	rdtsc
	shl $32, %rdx
	or %rax, %rdx
	sub %r12, %rdx
	mov $(1 << 31), %eax	/* zero-extended: a cmp immediate is signed */
	cmp %rax, %rdx
	jb 1b
	console desc
	xor %eax, %eax
	poweroff_eax

	.data
msg:	.ascii "tick\n"
msg_end:
desc:	.quad msg - VMM_KERNEL_BASE
	.long msg_end - msg
	.long 0
