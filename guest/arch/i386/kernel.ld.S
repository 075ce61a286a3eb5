/*
 * Kernel image layout (i386). Linked at KERNBASE + VMM_KERNEL_LOAD and
 * loaded at physical VMM_KERNEL_LOAD: every segment's virtual address is its
 * physical address + KERNBASE, the direct map entry.S turns on. The entry
 * point is physical (entry.S): a Multiboot loader jumps there with paging
 * off. Preprocessed with cpp (guest.mk) so the constants come from the
 * headers.
 */
#include "memlayout.h"

OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
ENTRY(_start)

PHDRS
{
	text   PT_LOAD FLAGS(5); /* R-X */
	rodata PT_LOAD FLAGS(4); /* R-- */
	data   PT_LOAD FLAGS(6); /* RW- */
}

SECTIONS
{
	. = KERNBASE + VMM_KERNEL_LOAD;

	/* The Multiboot header first: loaders look for it in the file's first
	 * 8 KiB. */
	.text : AT(ADDR(.text) - KERNBASE) {
		KEEP(*(.multiboot))
		*(.text .text.*)
	} :text

	. = ALIGN(4096);
	.rodata : AT(ADDR(.rodata) - KERNBASE) {
		*(.rodata .rodata.*)
		. = ALIGN(4);
		extable_start = .; /* extable.h */
		KEEP(*(extable))
		extable_end = .;
	} :rodata

	. = ALIGN(4096);
	.data : AT(ADDR(.data) - KERNBASE) {
		*(.data .data.*)
	} :data

	.bss : AT(ADDR(.bss) - KERNBASE) {
		*(.bss .bss.*)
		*(COMMON)
	} :data

	. = ALIGN(4096);
	kernel_end = .; /* first byte after the image, page aligned */

	/DISCARD/ : {
		*(.note .note.*)
		*(.comment)
		*(.eh_frame .eh_frame_hdr)
	}
}

ASSERT(vectors_end - vectors == 256 * 16, "trap stubs must be 16 bytes each")
ASSERT(kernel_end - KERNBASE <= PHYS_TOP, "the kernel must lie in the direct map")
