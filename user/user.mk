# User programs and their library. Included by the top-level Makefile, which
# runs from the repository root; builds each program user/<name>.c into a
# static executable for ARCH (an ELF64 for x86_64, an ELF32 for i386)
# $(ARCH_BUILD)/user/<name>, which mkfs puts in the guest's /bin
# (USER_PROGS). Objects go under $(ARCH_BUILD)/user/obj/. Every variable
# starts with USER_ so the monitor's and the kernel's builds can sit beside
# it. The architecture's part, user/arch/$(ARCH)/: program entry, system-call
# stubs and the tests' few machine-specific pieces (arch.mk lists them, with
# the compiler flags).

USER_BUILD := $(ARCH_BUILD)/user
USER_OBJ   := $(USER_BUILD)/obj
USER_CC    ?= gcc

include user/arch/$(ARCH)/arch.mk

USER_LIB_SRCS := \
	$(USER_ARCH_SRCS) \
	user/lib/printf.c \
	user/lib/string.c \
	user/lib/str.c \
	user/lib/malloc.c \
	user/lib/getopt.c \
	user/lib/fd.c \
	user/lib/lineio.c \
	user/lib/path.c \
	user/lib/util.c \
	user/lib/testlib.c \
	user/lib/testdata.c \
	user/lib/bench.c
USER_PROG_SRCS := $(wildcard user/*.c)
# A program too big for one file keeps the rest in user/<name>/*.c.
USER_PROG_PARTS = $(wildcard user/$(1)/*.c)
USER_PART_SRCS := $(foreach p,$(USER_PROG_SRCS:user/%.c=%),$(call USER_PROG_PARTS,$(p)))

USER_C_SRCS := $(USER_PROG_SRCS) $(USER_PART_SRCS) $(filter %.c,$(USER_LIB_SRCS))
USER_FORMAT := $(USER_C_SRCS) $(wildcard user/*.h user/*/*.h user/arch/*/*.[ch])
USER_PROGS  := $(patsubst user/%.c,$(USER_BUILD)/%,$(USER_PROG_SRCS))

USER_LIB_OBJS := $(patsubst user/%,$(USER_OBJ)/%.o,$(basename $(USER_LIB_SRCS)))
USER_LDS      := user/user.ld

# General registers only: then no process has floating-point or vector state
# the kernel must save across a switch (an fxsave/fxrstor pair is hundreds of
# emulated instructions on kvm_pvm).
USER_CFLAGS := $(USER_ARCH_CFLAGS) -ffreestanding -nostdlib -mgeneral-regs-only -fno-pic \
	-fno-pie -no-pie -static -fno-stack-protector -fno-asynchronous-unwind-tables -O2 -g \
	-Wall -Wextra -Werror -std=c11 -Iinclude -Iuser -Iuser/arch/$(ARCH) -MMD -MP
USER_LDFLAGS := $(USER_ARCH_CFLAGS) -nostdlib -static -no-pie -z max-page-size=4096 \
	-Wl,--build-id=none

# The installed program leaves out the debugging sections, which only make
# the file system bigger and exec slower; $(USER_OBJ)/<name>.debug keeps them for gdb and
# addr2line.
USER_DEBUG := $(patsubst user/%.c,$(USER_OBJ)/%.debug,$(USER_PROG_SRCS))

$(USER_PROGS): $(USER_BUILD)/%: $(USER_OBJ)/%.debug
	objcopy --strip-debug $< $@

# The library is an archive, so a program links only the parts it uses
# (forkbench's code stays one page); start.o goes into every program.
USER_START := $(USER_OBJ)/arch/$(ARCH)/start.o
USER_LIB_A := $(USER_OBJ)/ulib.a

$(USER_LIB_A): $(filter-out $(USER_START),$(USER_LIB_OBJS))
	rm -f $@
	ar rcs $@ $^

$(USER_DEBUG): $(USER_OBJ)/%.debug: $(USER_OBJ)/%.o $(USER_START) $(USER_LIB_A) $(USER_LDS)
	$(USER_CC) $(USER_LDFLAGS) -T $(USER_LDS) -o $@ $(filter %.o,$^) $(USER_LIB_A) \
		$(USER_ARCH_LIBS)

# Each program's parts (user/<name>/*.c) link into it.
$(foreach p,$(USER_PROG_SRCS:user/%.c=%),$(eval $(USER_OBJ)/$(p).debug: \
	$(patsubst user/%.c,$(USER_OBJ)/%.o,$(call USER_PROG_PARTS,$(p)))))

# Static pattern rules: they apply to the user objects only. A change of flags
# here rebuilds them.
USER_COBJS := $(patsubst user/%.c,$(USER_OBJ)/%.o,$(USER_C_SRCS))
USER_SOBJS := $(patsubst user/%.S,$(USER_OBJ)/%.o,$(filter %.S,$(USER_LIB_SRCS)))

$(USER_COBJS): $(USER_OBJ)/%.o: user/%.c user/user.mk user/arch/$(ARCH)/arch.mk
	@mkdir -p $(@D)
	$(USER_CC) $(USER_CFLAGS) -c -o $@ $<

$(USER_SOBJS): $(USER_OBJ)/%.o: user/%.S user/user.mk user/arch/$(ARCH)/arch.mk
	@mkdir -p $(@D)
	$(USER_CC) $(USER_CFLAGS) -c -o $@ $<

-include $(USER_COBJS:.o=.d) $(USER_SOBJS:.o=.d)
