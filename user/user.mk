# User programs and their libraries. Included by the top-level Makefile,
# which runs from the repository root; builds each program into a static
# executable for ARCH (an ELF64 for x86_64, an ELF32 for i386)
# $(ARCH_BUILD)/user/<name>, which mkfs puts in the guest's /bin
# (USER_PROGS). The sources live in rooms by role, each program one file
# (and, when too big for one, the rest in a folder of its name beside it):
#
#   user/<name>.c          the utilities, the shell and init
#   user/lib/              the user library every program links (user.h)
#   user/bench/<name>.c    the benchmarks and the programs they time;
#                          bench/lib/ is what they share
#   user/tests/<name>.c    the in-guest test suites; tests/lib/ is what
#                          they share
#
# A program's name is its file's, whatever its room: every name is
# distinct. Objects go under $(ARCH_BUILD)/user/obj/, by room. Every
# variable starts with USER_ so the monitor's and the kernel's builds can
# sit beside it. The architecture's part, user/arch/$(ARCH)/: program
# entry, system-call stubs and the tests' few machine-specific pieces
# (arch.mk lists them, with the compiler flags).

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
	$(wildcard user/bench/lib/*.c) \
	$(wildcard user/tests/lib/*.c)
USER_PROG_SRCS := $(wildcard user/*.c user/bench/*.c user/tests/*.c)
USER_NAMES     := $(notdir $(USER_PROG_SRCS:.c=))
ifneq ($(words $(USER_NAMES)),$(words $(sort $(USER_NAMES))))
$(error two user programs have one name: $(sort $(USER_NAMES)))
endif
# A program's parts: user/[ROOM/]<name>/*.c beside user/[ROOM/]<name>.c.
USER_PROG_PARTS = $(wildcard $(1:.c=)/*.c)
USER_PART_SRCS := $(foreach p,$(USER_PROG_SRCS),$(call USER_PROG_PARTS,$(p)))

USER_C_SRCS := $(USER_PROG_SRCS) $(USER_PART_SRCS) $(filter %.c,$(USER_LIB_SRCS))
USER_FORMAT := $(sort $(USER_C_SRCS) $(wildcard user/*.h user/*/*.h user/*/*/*.h user/arch/*/*.[ch]))
# In the order of their names, as mkfs lays them out in /bin.
USER_PROGS  := $(addprefix $(USER_BUILD)/,$(sort $(USER_NAMES)))

USER_LIB_OBJS := $(patsubst user/%,$(USER_OBJ)/%.o,$(basename $(USER_LIB_SRCS)))
USER_LDS      := user/user.ld

# Floating point and SSE are allowed: each process has x87/SSE registers of
# its own, which the kernel switches (docs/kernel.md).
USER_CFLAGS := $(USER_ARCH_CFLAGS) -ffreestanding -nostdlib -fno-pic \
	-fno-pie -no-pie -static -fno-stack-protector -fno-asynchronous-unwind-tables -O2 -g \
	-Wall -Wextra -Werror -std=c11 -Iinclude -Iuser -Iuser/arch/$(ARCH) -MMD -MP
USER_LDFLAGS := $(USER_ARCH_CFLAGS) -nostdlib -static -no-pie -z max-page-size=4096 \
	-Wl,--build-id=none

# The installed program leaves out the debugging sections, which only make
# the file system bigger and exec slower; $(USER_OBJ)/[ROOM/]<name>.debug
# keeps them for gdb and addr2line.
USER_DEBUG := $(patsubst user/%.c,$(USER_OBJ)/%.debug,$(USER_PROG_SRCS))

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

# Each program from its source user/[ROOM/]<name>.c: installed from its
# .debug, which its parts link into.
define USER_PROGRAM
$(USER_BUILD)/$(notdir $(1:.c=)): $(1:user/%.c=$(USER_OBJ)/%.debug)
	objcopy --strip-debug $$< $$@
$(1:user/%.c=$(USER_OBJ)/%.debug): $(patsubst user/%.c,$(USER_OBJ)/%.o,$(call USER_PROG_PARTS,$(1)))
endef
$(foreach p,$(USER_PROG_SRCS),$(eval $(call USER_PROGRAM,$(p))))

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
