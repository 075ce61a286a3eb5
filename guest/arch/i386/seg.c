/*
 * The kernel's GDT, TSS and IDT (i386). The descriptors that hold an
 * address (the TSS's, the gates) are filled in at boot: x86 scatters an
 * address over several bit fields, which a linker cannot compute into a
 * 32-bit image. On the hardware this kernel runs on, that is a few
 * microseconds once.
 */
#include "defs.h"
#include "mmu.h"
#include "trap.h"
#include "x86.h"

extern char bootstack_top[]; /* entry.S */
extern const char vectors[]; /* vectors.S: NVECTORS 16-byte stubs */

/* ESP0 is the stack for traps from user mode: the running process's kernel
 * stack (tss_set_kstack), the boot stack's top until there is one. */
static struct tss tss = {
    .esp0 = (uint32_t)bootstack_top,
    .ss0 = SEG_KDATA,
    .iomap_base = sizeof(struct tss),
};

/* Writable: ltr marks the TSS descriptor busy. */
static uint64_t gdt[] = {
    [SEG_KCODE >> 3] = SEG_CODE32(0),
    [SEG_KDATA >> 3] = SEG_DATA32(0),
    [SEG_UDATA >> 3] = SEG_DATA32(DPL_USER),
    [SEG_UCODE >> 3] = SEG_CODE32(DPL_USER),
    [SEG_TSS >> 3] = 0, /* arch_init */
};

static uint64_t idt[NVECTORS];

static const struct dtr gdtr = {sizeof gdt - 1, (uint32_t)gdt};
static const struct dtr idtr = {sizeof idt - 1, (uint32_t)idt};

/* Load the GDT and every segment register from it. */
static void load_segments(void)
{
	lgdt(&gdtr);
	__asm__ volatile("ljmp %0, $1f\n"
	                 "1:\n\t"
	                 "mov %1, %%ds\n\t"
	                 "mov %1, %%es\n\t"
	                 "mov %1, %%ss\n\t"
	                 "mov %2, %%fs\n\t"
	                 "mov %2, %%gs"
	                 :
	                 : "i"(SEG_KCODE), "r"(SEG_KDATA), "r"(0)
	                 : "memory");
}

/* Switch from the loader's segments to ours and load the IDT and TSS. Every
 * gate is an interrupt gate (interrupts off in the handler); only the
 * system-call gate is open to user mode. */
void arch_init(void)
{
	gdt[SEG_TSS >> 3] = SEG_TSS32((uint32_t)&tss, sizeof tss - 1);
	for (int i = 0; i < NVECTORS; i++)
		idt[i] = GATE_INTR32((uint32_t)vectors + 16 * i, i == T_SYSCALL ? DPL_USER : 0);
	load_segments();
	lidt(&idtr);
	ltr(SEG_TSS);
}

/* Traps from user mode land on the kernel stack whose top is top. */
void tss_set_kstack(uint64_t top)
{
	tss.esp0 = (uint32_t)top;
}
