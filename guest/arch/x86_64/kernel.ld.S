/*
 * Kernel image layout (x86-64). Linked in the top 2 GiB (-mcmodel=kernel) and
 * loaded at physical VMM_KERNEL_LOAD: every segment's virtual address is its
 * physical address + VMM_KERNEL_BASE, the mapping the monitor sets up.
 * Preprocessed with cpp (guest.mk) so the constants come from
 * include/vmm_abi.h.
 */
#include "vmm_abi.h"

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

KERNEL_BASE = VMM_KERNEL_BASE;
KERNEL_LOAD = VMM_KERNEL_LOAD;

PHDRS
{
	text   PT_LOAD FLAGS(5); /* R-X */
	rodata PT_LOAD FLAGS(4); /* R-- */
	data   PT_LOAD FLAGS(6); /* RW- */
	note   PT_NOTE FLAGS(4); /* the PVH entry, for QEMU (pvh_entry.S) */
}

SECTIONS
{
	. = KERNEL_BASE + KERNEL_LOAD;

	.text : AT(ADDR(.text) - KERNEL_BASE) {
		*(.text .text.*)
	} :text

	. = ALIGN(4096);
	.rodata : AT(ADDR(.rodata) - KERNEL_BASE) {
		*(.rodata .rodata.*)
		. = ALIGN(8);
		extable_start = .; /* extable.h */
		KEEP(*(extable))
		extable_end = .;
	} :rodata

	.note.pvh : AT(ADDR(.note.pvh) - KERNEL_BASE) {
		KEEP(*(.note.pvh))
	} :rodata :note

	. = ALIGN(4096);
	.data : AT(ADDR(.data) - KERNEL_BASE) {
		*(.data .data.*)
	} :data

	.bss : AT(ADDR(.bss) - KERNEL_BASE) {
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

/*
 * Descriptor address fields, computed here because only the linker knows the
 * addresses and x86 descriptors scatter an address over several bit fields.
 * The IDT (vectors.S) and the GDT (seg.c) add their constant attribute bits
 * to these, so both tables are complete in the image: nothing fills them at
 * boot, where each kernel instruction costs ~1 us on kvm_pvm.
 *
 * idt_offset_lo/hi: the address of vectors, the first trap stub, split as an
 * interrupt gate wants it (offset 15:0 in bits 15:0, offset 31:16 in bits
 * 63:48; offset 63:32 in the second quadword). Stub i is at vectors + 16*i and
 * vectors is 4 KiB aligned, so gate i's low quadword is idt_offset_lo + 16*i
 * with no carry out of bits 15:0.
 */
idt_offset_lo = ABSOLUTE((vectors & 0xFFFF) | ((vectors & 0xFFFF0000) << 32));
idt_offset_hi = ABSOLUTE(vectors >> 32);
ASSERT((vectors & 0xFFF) == 0, "vectors must be 4 KiB aligned");
ASSERT(vectors_end - vectors == 256 * 16, "trap stubs must be 16 bytes each");

/* tss_base_lo/hi: the address of tss split as a 64-bit TSS descriptor wants
 * it (base 23:0 in bits 39:16, base 31:24 in bits 63:56; base 63:32 in the
 * second quadword). */
tss_base_lo = ABSOLUTE(((tss & 0xFFFFFF) << 16) | ((tss & 0xFF000000) << 32));
tss_base_hi = ABSOLUTE(tss >> 32);
