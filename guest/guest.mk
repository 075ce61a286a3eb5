# The guest kernel. Included by the top-level Makefile, which runs from the
# repository root; builds guest/kernel (ELF64) with objects under build/guest/.
# Every variable starts with GUEST_ so the monitor's build can sit beside it.

GUEST_ARCH    := x86_64
GUEST_ARCHDIR := guest/arch/$(GUEST_ARCH)
GUEST_BUILD   := build/guest
GUEST_CC      ?= gcc

# Architecture-independent sources first, then the architecture's.
GUEST_SRCS := \
	guest/main.c \
	guest/bio.c \
	guest/blk.c \
	guest/bmap.c \
	guest/clock.c \
	guest/ata.c \
	guest/console.c \
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
	guest/log.c \
	guest/power.c \
	guest/pipe.c \
	guest/proc.c \
	guest/rw.c \
	guest/sched.c \
	guest/sleeplock.c \
	guest/spinlock.c \
	guest/syscall.c \
	guest/sysfile.c \
	guest/sysfs.c \
	guest/sysproc.c \
	guest/procgroup.c \
	guest/tty.c \
	guest/uart.c \
	guest/usercopy.c \
	$(GUEST_ARCHDIR)/entry.S \
	$(GUEST_ARCHDIR)/lapic.c \
	$(GUEST_ARCHDIR)/pvh_entry.S \
	$(GUEST_ARCHDIR)/pvh.c \
	$(GUEST_ARCHDIR)/seg.c \
	$(GUEST_ARCHDIR)/string.S \
	$(GUEST_ARCHDIR)/swtch.S \
	$(GUEST_ARCHDIR)/trap.c \
	$(GUEST_ARCHDIR)/usercopy.S \
	$(GUEST_ARCHDIR)/vectors.S \
	$(GUEST_ARCHDIR)/vm.c

GUEST_C_SRCS := $(filter %.c,$(GUEST_SRCS))
GUEST_FORMAT := $(GUEST_C_SRCS) $(wildcard guest/*.h $(GUEST_ARCHDIR)/*.h)

GUEST_COBJS := $(patsubst guest/%.c,$(GUEST_BUILD)/%.o,$(GUEST_C_SRCS))
GUEST_SOBJS := $(patsubst guest/%.S,$(GUEST_BUILD)/%.o,$(filter %.S,$(GUEST_SRCS)))
GUEST_OBJS  := $(GUEST_COBJS) $(GUEST_SOBJS)
GUEST_LDS   := $(GUEST_BUILD)/kernel.ld

GUEST_CFLAGS := -ffreestanding -nostdlib -mno-red-zone -mgeneral-regs-only \
	-mcmodel=kernel -fno-pic -fno-pie -no-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -O2 -g -Wall -Wextra -Werror -std=c11 \
	-Iinclude -Iguest -I$(GUEST_ARCHDIR) -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=4096 -Wl,--build-id=none

guest/kernel: $(GUEST_OBJS) $(GUEST_LDS)
	$(GUEST_CC) $(GUEST_LDFLAGS) -T $(GUEST_LDS) -o $@ $(GUEST_OBJS)

# The linker script goes through cpp so its constants come from include/.
$(GUEST_LDS): $(GUEST_ARCHDIR)/kernel.ld.S include/vmm_abi.h
	@mkdir -p $(@D)
	$(GUEST_CC) -E -P -x assembler-with-cpp -Iinclude -o $@ $<

# Static pattern rules: they apply to the guest's objects only. A change of
# flags here rebuilds them.
$(GUEST_COBJS): $(GUEST_BUILD)/%.o: guest/%.c guest/guest.mk
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_SOBJS): $(GUEST_BUILD)/%.o: guest/%.S guest/guest.mk
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

-include $(GUEST_OBJS:.o=.d)
