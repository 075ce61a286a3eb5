/* Layout of the tiny test guests: the kernel layout of include/vmm_abi.h
 * (linked at VMM_KERNEL_BASE + 1 MiB, loaded at 1 MiB). The bad-input
 * guests move it with --defsym tg_base=ADDRESS. */
#include "vmm_abi.h"
ENTRY(_start)
SECTIONS
{
	. = DEFINED(tg_base) ? tg_base : VMM_KERNEL_BASE + VMM_KERNEL_LOAD;
	.text : AT(ADDR(.text) - VMM_KERNEL_BASE) { *(.text*) *(.rodata*) }
	. = ALIGN(4096);
	.data : AT(ADDR(.data) - VMM_KERNEL_BASE) { *(.data*) *(.bss*) }
	/DISCARD/ : { *(.note*) *(.comment) *(.eh_frame) }
}
