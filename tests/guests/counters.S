/* Reads the host counters, makes exactly five console writes, reads them
 * again and prints the differences as "name=value" words on one line:
 * console (console port accesses: 5), counters (counter requests: 1),
 * exits and io (exits reaching the monitor: the 5 writes and the second
 * read), insn (kernel instructions KVM emulated between the two requests,
 * the second request's OUT included: exact on kvm_pvm) and the two
 * requests' statuses. Then powers off with 0. */
#include "macros.inc"
#include "counters.h"

/* Where the console's and the counters' port accesses are counted. */
#define CONSOLE_IO  (CTR_PORT_IO+8*(VMM_PORT_CONSOLE-VMM_PORT_CONSOLE))
#define COUNTERS_IO (CTR_PORT_IO+8*(VMM_PORT_COUNTERS-VMM_PORT_CONSOLE))

/* Reads the counters into the buffer at symbol sym. */
.macro read_counters sym
	phys \sym
	mov $VMM_PORT_COUNTERS, %dx
	out %eax, %dx
.endm

/* Prints the word at symbol name, then the difference of the counter at
 * offset off between snapshots b and a in decimal. */
.macro print_delta name, off
	lea \name(%rip), %rsi
	call puts
	mov b + \off(%rip), %rax
	sub a + \off(%rip), %rax
	call putdec
.endm

	.text
	.globl _start
_start:
	read_counters a
	mov $5, %ebx
1:	console desc
	dec %ebx
	jnz 1b
	read_counters b

	lea stack_top(%rip), %rsp
	print_delta w_console, CONSOLE_IO
	print_delta w_counters, COUNTERS_IO
	print_delta w_exits, CTR_EXITS
	print_delta w_io, CTR_IO_EXITS
	print_delta w_mmio, CTR_MMIO_EXITS
	print_delta w_insn, CTR_INSN
	lea w_status(%rip), %rsi
	call puts
	mov a + CTR_STATUS(%rip), %eax
	or b + CTR_STATUS(%rip), %eax
	call putdec
	lea w_time(%rip), %rsi
	call puts
	mov b + CTR_HOST_NS(%rip), %rax
	cmp a + CTR_HOST_NS(%rip), %rax
	seta %al
	movzbl %al, %eax
	call putdec
	lea w_nl(%rip), %rsi
	call puts
	console out_desc
	xor %eax, %eax
	poweroff_eax

/* Appends the NUL-terminated string at rsi to the output line. */
puts:
	mov out_len(%rip), %rdi
	lea out(%rip), %rcx
1:	lodsb
	test %al, %al
	jz 2f
	mov %al, (%rcx, %rdi)
	inc %rdi
	jmp 1b
2:	mov %rdi, out_len(%rip)
	mov %edi, out_desc + 8(%rip)
	ret

/* Appends rax in decimal (as a signed number) to the output line. */
putdec:
	lea digits_end(%rip), %rsi
	movb $0, (%rsi)
	mov %rax, %r8
	test %rax, %rax
	jns 1f
	neg %rax
1:	mov $10, %ecx
2:	xor %edx, %edx
	div %rcx
	add $'0', %dl
	dec %rsi
	mov %dl, (%rsi)
	test %rax, %rax
	jnz 2b
	test %r8, %r8
	jns 3f
	dec %rsi
	movb $'-', (%rsi)
3:	jmp puts

	.data
	.balign 8
a:	.fill CTR_SIZE, 1, 0xee
b:	.fill CTR_SIZE, 1, 0xee
msg:	.ascii "x\n"
msg_end:
desc:	.quad msg - VMM_KERNEL_BASE
	.long msg_end - msg
	.long 0
out_desc:
	.quad out - VMM_KERNEL_BASE
	.long 0
	.long 0
out_len: .quad 0
w_console:	.asciz "console="
w_counters:	.asciz " counters="
w_exits:	.asciz " exits="
w_io:		.asciz " io="
w_mmio:		.asciz " mmio="
w_insn:		.asciz " insn="
w_status:	.asciz " status="
w_time:		.asciz " time_advanced="
w_nl:		.asciz "\n"
out:	.fill 256, 1, 0
digits:	.fill 24, 1, 0
digits_end: .byte 0
	.balign 16
	.fill 512, 1, 0
stack_top:
