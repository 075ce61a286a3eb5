/*
 * The contract between the monitor (monitor/) and the guest kernel (guest/):
 * boot protocol, boot-information block, device ports, request layouts and
 * status codes. Both sides include this file; nothing here is defined twice.
 *
 * Boot protocol (x86-64), the state of the vCPU when the kernel's first
 * instruction runs:
 *   - 64-bit long mode, CPL0, interrupts off (RFLAGS = 0x2).
 *   - CR0 = PE|MP|ET|NE|WP|PG, CR4 = PAE|OSFXSR|OSXMMEXCPT,
 *     EFER = LME|LMA|NXE.
 *   - CR3 = VMM_BOOT_PML4. The tables (2 MiB pages, present, writable,
 *     accessed and dirty preset) map
 *       VMM_DIRECT_BASE + p -> p  for every p in RAM (the direct map), and
 *       VMM_KERNEL_BASE + p -> p  for every p below min(RAM, 2 GiB),
 *     and nothing else: there is no identity map, so a NULL dereference
 *     faults. The kernel may keep these tables or build its own.
 *   - GDT at VMM_BOOT_GDT (physical; GDTR holds its direct-map address):
 *     VMM_SEL_CODE64 a 64-bit code segment, VMM_SEL_DATA a flat data segment.
 *     CS = VMM_SEL_CODE64, DS = ES = SS = VMM_SEL_DATA, FS = GS = 0.
 *   - IDTR limit 0: an exception before the kernel loads its own IDT is a
 *     triple fault, which the monitor reports.
 *   - RIP = the ELF entry point (a virtual address in VMM_KERNEL_BASE space).
 *     RDI = physical address of struct vmm_boot_info. RSP = 0: the kernel
 *     loads its own stack before it pushes anything. Other GPRs are 0.
 *   - The local APIC is in the host kernel (split irqchip), xAPIC mode at its
 *     default base; x2APIC is offered in CPUID.
 *   - Physical memory [0, VMM_RESERVED_END) holds the monitor's boot
 *     structures and the word at VMM_PROG_CURRENT, which the kernel writes.
 *     The kernel's PT_LOAD segments lie in [VMM_RESERVED_END, RAM) and
 *     satisfy p_vaddr = p_paddr + VMM_KERNEL_BASE; a segment's bytes past
 *     its file size (its .bss) read as zero.
 *     [free_start, ram_size) is free and reads as zero.
 *
 * Boot protocol (i386), for an ELF32 kernel: the Multiboot machine state
 * (multiboot.h), so that the same kernel boots under any Multiboot loader:
 *   - 32-bit protected mode, paging off, CPL0, interrupts off (EFLAGS = 0x2);
 *     CR0 = PE|ET, CR4 = 0, EFER = 0.
 *   - GDT at VMM_BOOT_GDT: VMM_SEL_CODE32 a flat 32-bit code segment,
 *     VMM_SEL_DATA a flat data segment; CS = VMM_SEL_CODE32, DS = ES = FS =
 *     GS = SS = VMM_SEL_DATA. IDTR limit 0.
 *   - EIP = the ELF entry point, a physical address. EAX =
 *     MULTIBOOT_LOADER_MAGIC, EBX = VMM_BOOT_MBI, the physical address of
 *     struct multiboot_info; ESP = 0, other GPRs 0.
 *   - The Multiboot information gives the command line, mem_lower/upper, a
 *     memory map ([0, VMM_RESERVED_END) reserved, the rest available), the
 *     loader's name "vmm", and one module: the struct vmm_boot_info at
 *     VMM_BOOT_INFO, the same block as on x86-64, named
 *     VMM_BOOT_INFO_MODULE. A kernel that finds no such module was started
 *     by another loader and has none of the monitor's devices.
 *   - The kernel's PT_LOAD segments lie in [VMM_RESERVED_END, RAM) at their
 *     p_paddr; virtual addresses are the kernel's own affair.
 *   - The header must ask for nothing but MULTIBOOT_PAGE_ALIGN and
 *     MULTIBOOT_MEMORY_INFO. kvm_pvm cannot run 32-bit paging: there the
 *     monitor refuses an ELF32 kernel.
 *
 * Devices are reached by port I/O. A request that carries more than one value
 * is a descriptor in guest RAM: the guest writes the descriptor's physical
 * address (below 4 GiB) with a 32-bit OUT to the device's port, the monitor
 * handles it during that one exit and stores a VMM_STATUS_* into the
 * descriptor. A port no device claims reads as all ones and ignores writes.
 *
 * The monitor trusts nothing the guest hands it. A device refuses an access
 * of the wrong size or direction (every port here takes only 32-bit OUTs; a
 * read gives all ones), a descriptor whose fixed part is not wholly in RAM
 * (there is then nowhere to store a status: nothing happens) and a bad
 * value. A refused request moves nothing (a copy batch stops at its first
 * bad operation) and counts as one of the device's errors in --stats.
 * Fields named reserved are ignored.
 */
#ifndef VMM_ABI_H
#define VMM_ABI_H

#ifdef __ASSEMBLER__
#define VMM_U64(x) x
#else
#include <stdint.h>
#define VMM_U64(x) x##ull
#endif

/* Virtual address layout set up by the monitor. */
#define VMM_DIRECT_BASE VMM_U64(0xFFFF800000000000) /* PML4 slot 256 */
#define VMM_KERNEL_BASE VMM_U64(0xFFFFFFFF80000000) /* top 2 GiB, -mcmodel=kernel */

/* Physical placement of the monitor's boot structures. */
#define VMM_BOOT_INFO    VMM_U64(0x1000) /* struct vmm_boot_info, one page */
#define VMM_BOOT_GDT     VMM_U64(0x2000) /* boot GDT, one page */
#define VMM_BOOT_PML4    VMM_U64(0x3000) /* PML4, then 2 PDPTs, then the PDs */
#define VMM_BOOT_MBI     VMM_U64(0x3000) /* i386: Multiboot information, one page */
#define VMM_RESERVED_END VMM_U64(0x100000)
#define VMM_KERNEL_LOAD  VMM_U64(0x100000) /* where our kernel links its image */

#define VMM_SEL_CODE64 0x08
#define VMM_SEL_CODE32 0x08 /* i386: the boot GDT's code segment is 32-bit */
#define VMM_SEL_DATA   0x10

/* i386: the Multiboot module holding struct vmm_boot_info. */
#define VMM_BOOT_INFO_MODULE "vmm_boot_info"

/* RAM sizes the monitor accepts (-m); a multiple of 2 MiB. */
#define VMM_RAM_MIN     (VMM_U64(16) << 20)
#define VMM_RAM_MAX     (VMM_U64(16) << 30)
#define VMM_RAM_DEFAULT (VMM_U64(128) << 20)

/* ---- Boot-information block ---- */
#define VMM_BOOT_MAGIC   0x424d4d56 /* "VMMB" */
#define VMM_BOOT_VERSION 2
#define VMM_CMDLINE_MAX  2048 /* bytes, including the terminating NUL */

/* devices: which monitor devices exist */
#define VMM_DEV_CONSOLE    (VMM_U64(1) << 0)
#define VMM_DEV_POWEROFF   (VMM_U64(1) << 1)
#define VMM_DEV_COPY       (VMM_U64(1) << 2)
#define VMM_DEV_MARK       (VMM_U64(1) << 3)
#define VMM_DEV_BLOCK      (VMM_U64(1) << 4) /* present when the image has a partition 2 */
#define VMM_DEV_CONSOLE_IN (VMM_U64(1) << 5)
#define VMM_DEV_COUNTERS   (VMM_U64(1) << 6)

/* flags: facts about the host */
/* Kernel instructions are emulated (kvm_pvm), ~1 us each: bulk memory work
 * belongs to the monitor. */
#define VMM_BOOT_F_EMULATED (VMM_U64(1) << 0)
/* The monitor's standard input is a terminal (a person typing), not a pipe
 * or a file: the guest's console echoes what it reads. */
#define VMM_BOOT_F_INPUT_TTY (VMM_U64(1) << 1)
/* [free_start, ram_size) may hold a firmware's leftovers, not zeros: the
 * kernel zeroes RAM before it relies on that. Never set by the monitor,
 * whose RAM is fresh; set by the kernel's own PVH boot under QEMU, where
 * SeaBIOS ran first (guest/arch/x86_64/pvh.c). */
#define VMM_BOOT_F_RAM_DIRTY (VMM_U64(1) << 2)

#ifndef __ASSEMBLER__
struct vmm_boot_info {
	uint32_t magic;       /* VMM_BOOT_MAGIC */
	uint32_t version;     /* VMM_BOOT_VERSION */
	uint64_t ram_size;    /* bytes of RAM, from physical address 0 */
	uint64_t free_start;  /* first free physical byte (page aligned) */
	uint64_t devices;     /* VMM_DEV_* */
	uint64_t flags;       /* VMM_BOOT_F_* */
	uint64_t tsc_khz;     /* TSC frequency, 0 if unknown */
	uint32_t cmdline_len; /* bytes in cmdline, not counting the NUL */
	uint32_t ncpus;       /* vCPUs, 1..VMM_CPUS_MAX: CPU i has local APIC ID i */
	char cmdline[VMM_CMDLINE_MAX]; /* words after "--", space separated */
};
#endif

/* ---- Ports ---- */
#define VMM_PORT_CONSOLE    0x500 /* OUT32: phys addr of struct vmm_buf */
#define VMM_PORT_POWEROFF   0x501 /* OUT32: status, see below */
#define VMM_PORT_COPY       0x502 /* OUT32: phys addr of struct vmm_copy_batch */
#define VMM_PORT_MARK       0x503 /* OUT32: phys addr of a label, or 0; see below */
#define VMM_PORT_BLOCK      0x504 /* OUT32: phys addr of struct vmm_blk_req */
#define VMM_PORT_CONSOLE_IN 0x505 /* OUT32: phys addr of struct vmm_buf to fill */
#define VMM_PORT_COUNTERS   0x506 /* OUT32: phys addr of struct vmm_counters to fill */
#define VMM_PORT_CPU_START  0x507 /* OUT32: phys addr of struct vmm_cpu_start */

/* POWEROFF value: bits 0-7 are the exit status the monitor exits with.
 * VMM_POWEROFF_PANIC or'ed in marks a kernel panic: the monitor reports
 * "guest kernel panic" and exits with its crash status. A value with any
 * other bit set is refused, and the guest runs on. */
#define VMM_POWEROFF_PANIC 0x100

/* Console output: len bytes at guest-physical addr, written in one exit. */
#ifndef __ASSEMBLER__
struct vmm_buf {
	uint64_t addr;
	uint32_t len;
	uint32_t status; /* VMM_STATUS_*, written by the monitor */
};
#endif
#define VMM_CONSOLE_MAX (1 << 20) /* longest single console write */

/* Console input: the monitor reads its standard input (a terminal in raw
 * mode, a pipe or a file). An OUT of a struct vmm_buf's address to
 * VMM_PORT_CONSOLE_IN moves up to len waiting bytes into the buffer and sets
 * len to their number. A read that finds nothing sets len 0 and arms the
 * interrupt: the next input (or the end of input) raises vector
 * VMM_VEC_CONSOLE_IN once on the local APIC, as an MSI. After the last byte
 * the read reports VMM_STATUS_EOF with len 0. */
#define VMM_VEC_CONSOLE_IN 0x24

/* Copy engine: a batch of copies and fills of guest-physical memory, done by
 * the monitor during one exit (a 4 KiB copy costs ~14 us that way, against
 * ~0.7 ms as emulated kernel instructions on kvm_pvm). Operations run in
 * order; the batch stops at the first bad one, whose index is in done, and
 * status says why. The monitor writes guest RAM from the host, which the
 * shadow MMU of kvm_pvm does not see: never use it on a page that is, was
 * or will be a page table. */
#define VMM_COPY_MAX_OPS 64
#define VMM_COPY_MAX_LEN (VMM_U64(2) << 20) /* bytes per operation */
#define VMM_COPY_OP_COPY 1                  /* len bytes from src to dst (may overlap) */
#define VMM_COPY_OP_FILL 2                  /* len bytes of the byte value src (0-255) at dst */
#ifndef __ASSEMBLER__
struct vmm_copy_op {
	uint32_t op; /* VMM_COPY_OP_* */
	uint32_t reserved;
	uint64_t dst, src, len;
};
struct vmm_copy_batch {
	uint32_t count;  /* operations in ops[], at most VMM_COPY_MAX_OPS */
	uint32_t status; /* VMM_STATUS_*, written by the monitor */
	uint32_t done;   /* operations completed, written by the monitor */
	uint32_t reserved;
	struct vmm_copy_op ops[];
};
#endif

/* Region marks for --stats: an OUT32 of the physical address of a
 * NUL-terminated label (1 to VMM_MARK_LABEL_MAX - 1 printable ASCII
 * characters, then the NUL; anything else is refused) opens a region with
 * that label; an OUT32 of 0 closes the innermost open one.
 * Regions nest up to VMM_MARK_DEPTH deep; every counter of --stats is
 * reported per label, summed over every time the region was entered. */
#define VMM_MARK_LABEL_MAX 32
#define VMM_MARK_DEPTH     8

/* Block device: partition 2 of the image (the file system), as an array of
 * VMM_BLK_SECTOR-byte sectors numbered from 0 at the partition's start. One
 * request is one exit: the monitor reads or writes straight between the
 * image file and the guest buffers listed in seg[], in order, sector after
 * sector from sector. Every segment's len is a non-zero multiple of
 * VMM_BLK_SECTOR; the request moves their sum, at most VMM_BLK_MAX_BYTES.
 *   READ, WRITE  nseg segments, 1..VMM_BLK_MAX_SEGS, wholly inside RAM; the
 *                sectors wholly inside the partition. WRITE on a read-only
 *                disk fails with VMM_STATUS_EROFS and writes nothing.
 *   FLUSH        what was written is on stable storage when it completes
 *                (fdatasync); nseg 0.
 *   INFO         the monitor fills sectors (the partition's size) and flags
 *                (VMM_BLK_F_*); nseg 0.
 * A malformed request completes with an error status and moves nothing. */
#define VMM_BLK_SECTOR     512
#define VMM_BLK_MAX_SEGS   256
#define VMM_BLK_MAX_BYTES  (VMM_U64(4) << 20)
#define VMM_BLK_OP_READ    1
#define VMM_BLK_OP_WRITE   2
#define VMM_BLK_OP_FLUSH   3
#define VMM_BLK_OP_INFO    4
#define VMM_BLK_F_READONLY 1 /* --readonly: every WRITE fails */
#ifndef __ASSEMBLER__
struct vmm_blk_seg {
	uint64_t addr; /* guest-physical */
	uint32_t len;  /* bytes, a multiple of VMM_BLK_SECTOR */
	uint32_t reserved;
};
struct vmm_blk_req {
	uint32_t op;     /* VMM_BLK_OP_* */
	uint32_t nseg;   /* segments in seg[] */
	uint64_t sector; /* READ, WRITE: first sector; INFO: the partition's sectors */
	uint32_t flags;  /* INFO: VMM_BLK_F_*, written by the monitor */
	uint32_t status; /* VMM_STATUS_*, written by the monitor */
	struct vmm_blk_seg seg[];
};
#endif

/* Host counters: an OUT32 of the physical address of a struct
 * vmm_counters (8-byte aligned, wholly in RAM) fills it with the monitor's
 * and KVM's counters as of that request, its own exit and OUT instruction
 * included. Two snapshots around some work differ by the work's exact cost
 * plus one counters exit: a guest benchmark reports its own cost per
 * operation. A misaligned or out-of-RAM address is refused (nothing is
 * written). A KVM statistic the host kernel lacks reads VMM_COUNTER_NONE;
 * when KVM's statistics cannot be read, status is VMM_STATUS_EIO and all
 * of them read VMM_COUNTER_NONE. */
#define VMM_COUNTER_NONE   (~VMM_U64(0))
#define VMM_COUNTERS_PORTS 8 /* port_io[i]: accesses to port VMM_PORT_CONSOLE + i */
#ifndef __ASSEMBLER__
struct vmm_counters {
	uint32_t status; /* VMM_STATUS_*, written by the monitor */
	uint32_t reserved;
	uint64_t host_ns; /* the host's CLOCK_MONOTONIC, in ns */
	/* KVM's own statistics of the vCPU that asks (KVM_GET_STATS_FD) */
	uint64_t insn_emulation; /* instructions KVM emulated: on kvm_pvm, every kernel one */
	uint64_t kvm_exits;      /* every exit, also those the host kernel handles itself */
	/* Its exits that reached the monitor (returns from KVM_RUN), by kind */
	uint64_t exits;      /* all of them */
	uint64_t io_exits;   /* port I/O */
	uint64_t mmio_exits; /* memory-mapped I/O */
	/* Port accesses the monitor served: one per element of a string
	 * instruction, so one exit may count several */
	uint64_t port_io[VMM_COUNTERS_PORTS];
	uint64_t unclaimed_io; /* to ports no device claims */
};
#endif

/* The running program, for the profiler (--profile names user functions).
 * Every process holds a struct vmm_prog, filled in by exec (the executable's
 * inode in partition 2's file system and the last element of its path) and
 * copied by fork. When the kernel switches to a process it stores the
 * address of that process's struct vmm_prog, a kernel-image virtual address
 * (VMM_KERNEL_BASE + physical), in the 64-bit word at guest-physical
 * VMM_PROG_CURRENT; 0 says nothing is known. The kernel changes a record
 * only in kernel mode, so whenever the vCPU is in user mode the word names
 * the program that runs. The monitor only reads the word and the record,
 * and checks both: they are written by the guest. Each CPU has its own word:
 * CPU i's is at VMM_PROG_CURRENT + 8 * i (VMM_CPUS_MAX of them fit the page). */
#define VMM_PROG_CURRENT  VMM_U64(0xFF000) /* the last page below VMM_RESERVED_END */
#define VMM_PROG_NAME_MAX 16               /* bytes of vmm_prog.name, the NUL included */
#ifndef __ASSEMBLER__
struct vmm_prog {
	uint32_t inum; /* the executable's inode (fs_format.h), 0 before the first exec */
	uint32_t reserved;
	char name[VMM_PROG_NAME_MAX]; /* NUL-terminated */
};
#endif

/* ---- Several CPUs ----
 * The monitor creates ncpus vCPUs (boot information); CPU 0 starts at the
 * kernel's entry as above, the others wait until the kernel starts each
 * once through VMM_PORT_CPU_START: no INIT/SIPI and no real-mode trampoline,
 * since the monitor builds the boot state anyway. CPU `cpu` (1..ncpus-1,
 * not yet started) then starts in the boot state of its architecture (the
 * same page tables, GDT and segments as CPU 0; i386: paging off) with
 * RIP/EIP = entry, RSP/ESP = stack, RDI/EDI = arg, other GPRs 0, interrupts
 * off. The request is refused (VMM_STATUS_EINVAL, nothing started) for a
 * CPU out of range or already started; status VMM_STATUS_OK says the CPU
 * will run, not that it has: the kernel waits for its own sign of life. */
#define VMM_CPUS_MAX 64
#ifndef __ASSEMBLER__
struct vmm_cpu_start {
	uint32_t status; /* VMM_STATUS_*, written by the monitor */
	uint32_t cpu;    /* 1..ncpus-1 */
	uint64_t entry;  /* x86-64: a kernel virtual address; i386: physical */
	uint64_t stack;
	uint64_t arg;
};
#endif

/* ---- Status codes written back into descriptors ---- */
#define VMM_STATUS_OK     0
#define VMM_STATUS_EFAULT 1 /* an address or length outside guest RAM */
#define VMM_STATUS_EINVAL 2 /* a malformed request */
#define VMM_STATUS_EIO    3 /* the host failed the operation */
#define VMM_STATUS_EROFS  4 /* a write to a read-only disk */
#define VMM_STATUS_EOF    5 /* console input has ended */

#endif
