# The guest kernel. Included by the top-level Makefile, which runs from the
# repository root; builds $(GUEST_KERNEL) for the architecture ARCH (x86_64:
# guest/kernel, an ELF64; i386: guest/kernel-i386, an ELF32) with objects under
# $(GUEST_BUILD). Every variable starts with GUEST_ so the monitor's build can
# sit beside it. guest/arch/$(ARCH)/arch.mk lists the architecture's sources
# (GUEST_ARCH_SRCS) and compiler flags (GUEST_ARCH_CFLAGS).

GUEST_ARCHDIR := guest/arch/$(ARCH)
GUEST_BUILD   := $(ARCH_BUILD)/guest
GUEST_CC      ?= gcc

include $(GUEST_ARCHDIR)/arch.mk

# Architecture-independent sources first, then the architecture's.
GUEST_SRCS := \
	guest/main.c \
	guest/bio.c \
	guest/block.c \
	guest/bmap.c \
	guest/clock.c \
	guest/ata.c \
	guest/console.c \
	guest/console_in.c \
	guest/debugexit.c \
	guest/copy.c \
	guest/counters.c \
	guest/dir.c \
	guest/exec.c \
	guest/file.c \
	guest/fs.c \
	guest/init.c \
	guest/inode.c \
	guest/kalloc.c \
	guest/kprintf.c \
	guest/lapic.c \
	guest/log.c \
	guest/mark.c \
	guest/pcboot.c \
	guest/poweroff.c \
	guest/pipe.c \
	guest/proc.c \
	guest/procgroup.c \
	guest/rw.c \
	guest/sched.c \
	guest/sleeplock.c \
	guest/spinlock.c \
	guest/syscall.c \
	guest/sysfile.c \
	guest/syspath.c \
	guest/sysproc.c \
	guest/trap.c \
	guest/uart.c \
	guest/usercopy.c \
	guest/vm.c \
	$(GUEST_ARCH_SRCS)

GUEST_C_SRCS := $(filter %.c,$(GUEST_SRCS))
# make format covers both architectures.
GUEST_FORMAT := $(wildcard guest/*.[ch] guest/arch/*/*.[ch])

GUEST_COBJS := $(patsubst guest/%.c,$(GUEST_BUILD)/%.o,$(GUEST_C_SRCS))
GUEST_SOBJS := $(patsubst guest/%.S,$(GUEST_BUILD)/%.o,$(filter %.S,$(GUEST_SRCS)))
GUEST_OBJS  := $(GUEST_COBJS) $(GUEST_SOBJS)
GUEST_LDS   := $(GUEST_BUILD)/kernel.ld

GUEST_CFLAGS := $(GUEST_ARCH_CFLAGS) -ffreestanding -nostdlib -mgeneral-regs-only \
	-fno-pic -fno-pie -no-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -O2 -g -Wall -Wextra -Werror -std=c11 \
	-Iinclude -Iguest -I$(GUEST_ARCHDIR) -MMD -MP
GUEST_LDFLAGS := $(GUEST_ARCH_CFLAGS) -nostdlib -static -no-pie -z max-page-size=4096 \
	-Wl,--build-id=none

# GUEST_ARCH_LIBS: what the compiler's code may call (i386: libgcc's 64-bit
# division).
$(GUEST_KERNEL): $(GUEST_OBJS) $(GUEST_LDS)
	$(GUEST_CC) $(GUEST_LDFLAGS) -T $(GUEST_LDS) -o $@ $(GUEST_OBJS) $(GUEST_ARCH_LIBS)

# The linker script goes through cpp so its constants come from include/.
$(GUEST_LDS): $(GUEST_ARCHDIR)/kernel.ld.S include/vmm_abi.h $(wildcard $(GUEST_ARCHDIR)/*.h)
	@mkdir -p $(@D)
	$(GUEST_CC) -E -P -x assembler-with-cpp -Iinclude -I$(GUEST_ARCHDIR) -o $@ $<

# Static pattern rules: they apply to the guest's objects only. A change of
# flags here rebuilds them.
$(GUEST_COBJS): $(GUEST_BUILD)/%.o: guest/%.c guest/guest.mk $(GUEST_ARCHDIR)/arch.mk
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_SOBJS): $(GUEST_BUILD)/%.o: guest/%.S guest/guest.mk $(GUEST_ARCHDIR)/arch.mk
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

-include $(GUEST_OBJS:.o=.d)
