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
	guest/clock.c \
	guest/console.c \
	guest/copy.c \
	guest/exec.c \
	guest/init.c \
	guest/kalloc.c \
	guest/kprintf.c \
	guest/power.c \
	guest/proc.c \
	guest/progs.S \
	guest/sched.c \
	guest/sleeplock.c \
	guest/spinlock.c \
	guest/syscall.c \
	guest/sysfile.c \
	guest/sysproc.c \
	guest/usercopy.c \
	$(GUEST_ARCHDIR)/entry.S \
	$(GUEST_ARCHDIR)/lapic.c \
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

# The embedded user programs: user/user.mk's USER_PROGS (build/user/<name>;
# the top-level Makefile includes user.mk first), one PROG line each in
# progs.inc for progs.S. The list is checked on every run and rewritten only
# when it changes, so a program added or removed is noticed.
GUEST_PROGS_INC := $(GUEST_BUILD)/progs.inc

$(GUEST_PROGS_INC): GUEST_FORCE
	@mkdir -p $(@D)
	@for p in $(USER_PROGS); do printf 'PROG %s, "%s"\n' "$${p##*/}" "$$p"; done >$@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

$(GUEST_BUILD)/progs.o: $(GUEST_PROGS_INC) $(USER_PROGS)
$(GUEST_BUILD)/progs.o: GUEST_CFLAGS += -I$(GUEST_BUILD)

.PHONY: GUEST_FORCE
GUEST_FORCE:

-include $(GUEST_OBJS:.o=.d)
