/* Several CPUs (vmm_abi.h): CPU 0 checks that the CPU-start device refuses
 * CPU 0, a CPU out of range and a descriptor outside RAM; with one CPU it
 * powers off with 41. With more, it starts CPU 1 (status OK), checks that a
 * second start of CPU 1 is refused, and spins. CPU 1 checks what it was
 * started with (argument, stack, its APIC ID in CPUID), waits until CPU 0
 * has made all its requests (so their counts are exact), prints a line and
 * powers off the whole machine with 42, from under CPU 0. Other statuses
 * name the check that failed (see fail_* below). */
#include "macros.inc"

#define BI_NCPUS 52 /* offsetof(struct vmm_boot_info, ncpus) */
#define ARG      0x5eed

	.text
	.globl _start
_start:
	lea stack_top(%rip), %rsp
	movabs $VMM_DIRECT_BASE, %rax
	mov BI_NCPUS(%rax, %rdi), %r12d        /* ncpus */
	/* CPU 0 is running: refused. */
	movl $0, req_cpu(%rip)
	call start_req
	cmp $VMM_STATUS_EINVAL, %eax
	jne fail_cpu0
	/* CPU ncpus does not exist: refused. */
	mov %r12d, req_cpu(%rip)
	call start_req
	cmp $VMM_STATUS_EINVAL, %eax
	jne fail_range
	/* A descriptor outside RAM: the access is refused, nothing written. */
	movl $0x1234, req(%rip)
	mov $0xfffffff0, %eax
	mov $VMM_PORT_CPU_START, %dx
	out %eax, %dx
	cmpl $0x1234, req(%rip)
	jne fail_pointer
	cmp $2, %r12d
	jb one_cpu
	/* CPU 1: started once, refused the second time. */
	movl $1, req_cpu(%rip)
	call start_req
	cmp $VMM_STATUS_OK, %eax
	jne fail_start
	call start_req
	cmp $VMM_STATUS_EINVAL, %eax
	jne fail_twice
	movl $1, requests_done(%rip)
	/* CPU 1 powers off; give up after a long while. */
	mov $1 << 30, %rcx
1:	pause
	dec %rcx
	jnz 1b
	mov $9, %eax
	poweroff_eax
one_cpu:
	mov $41, %eax
	poweroff_eax

/* eax = the status of the request at req. */
start_req:
	movl $0xffffffff, req(%rip)
	phys req
	mov $VMM_PORT_CPU_START, %dx
	out %eax, %dx
	mov req(%rip), %eax
	ret

fail_cpu0:
	mov $10, %eax
	poweroff_eax
fail_range:
	mov $11, %eax
	poweroff_eax
fail_pointer:
	mov $12, %eax
	poweroff_eax
fail_start:
	mov $13, %eax
	poweroff_eax
fail_twice:
	mov $14, %eax
	poweroff_eax

/* CPU 1: rdi = ARG, rsp = the top of ap_stack, APIC ID 1. */
ap_entry:
	cmp $ARG, %rdi
	jne ap_fail
	lea ap_stack_top(%rip), %rax
	cmp %rax, %rsp
	jne ap_fail
	push %rdi /* the stack works */
	mov $1, %eax
	cpuid
	shr $24, %ebx
	cmp $1, %ebx
	jne ap_fail
1:	pause
	cmpl $0, requests_done(%rip)
	je 1b
	console ap_desc
	mov $42, %eax
	poweroff_eax
ap_fail:
	mov $20, %eax
	poweroff_eax

	.data
requests_done:
	.long 0
	.balign 8
req:	.long 0xffffffff
req_cpu:
	.long 0
	.quad ap_entry
	.quad ap_stack_top
	.quad ARG
ap_msg:	.ascii "hello from CPU 1\n"
ap_msg_end:
	.balign 8
ap_desc:
	.quad ap_msg - VMM_KERNEL_BASE
	.long ap_msg_end - ap_msg
	.long 0xffffffff
	.balign 16
stack:
	.fill 256, 1, 0
stack_top:
ap_stack:
	.fill 256, 1, 0
ap_stack_top:
