/*
 * The kernel's GDT, TSS and IDT. All are complete in the kernel image:
 * kernel.ld computes the address fields x86 scatters over descriptor bits,
 * so loading them costs three instructions, not a boot-time fill loop.
 */
#include "defs.h"
#include "mmu.h"
#include "x86.h"

extern char bootstack_top[];                    /* entry.S */
extern const char idt[];                        /* vectors.S, NVECTORS 16-byte gates */
extern const char tss_base_lo[], tss_base_hi[]; /* kernel.ld: tss's address, split */

static char dfstack[4096] __attribute__((aligned(16)));

/*
 * RSP0 is the stack for traps from user mode: the running process's kernel
 * stack (tss_set_kstack), the boot stack's top until there is one. Double
 * faults use their own stack (IST), since the usual cause is a broken kernel
 * stack.
 */
struct tss tss = {
    .rsp = {(uint64_t)bootstack_top},
    .ist = {[IST_DF - 1] = (uint64_t)(dfstack + sizeof dfstack)},
    .iomap_base = sizeof(struct tss),
};

/* Writable: ltr marks the TSS descriptor busy. */
static uint64_t gdt[] = {
    [SEG_KCODE >> 3] = SEG_CODE64(0),
    [SEG_KDATA >> 3] = SEG_DATA(0),
    [SEG_UDATA >> 3] = SEG_DATA(DPL_USER),
    [SEG_UCODE >> 3] = SEG_CODE64(DPL_USER),
    [SEG_TSS >> 3] = (uint64_t)tss_base_lo + SEG_TSS64(sizeof(struct tss) - 1),
    [(SEG_TSS >> 3) + 1] = (uint64_t)tss_base_hi,
};

static const struct dtr gdtr = {sizeof gdt - 1, (uint64_t)gdt};
static const struct dtr idtr = {NVECTORS * 16 - 1, (uint64_t)idt};

/* Switch from the monitor's boot GDT to ours and load the IDT and TSS. */
void arch_init(void)
{
	lgdt(&gdtr);
	lidt(&idtr);
	ltr(SEG_TSS);
}

/* Traps from user mode land on the kernel stack whose top is top. */
void tss_set_kstack(uint64_t top)
{
	tss.rsp[0] = top;
}
