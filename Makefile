# Builds the monitor (./vmm), the guest kernel (guest/kernel), the disk tools
# and the bootable image (guest.img); runs the tests and benchmarks.
# `make run` boots the guest; `make test` runs every test suite.
#
# ARCH picks the guest's architecture: x86_64 (the default: guest/kernel and
# guest.img, objects under build/) or i386 (guest/kernel-i386 and
# guest-i386.img, objects under build/i386/). The monitor and the disk tools
# are the same for both.

CC := gcc
HOST_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -Idisk/format -Ibuild/gen \
	-MMD -MP
DEPS_STAMP := build/.deps-ok

# The host library for the disk format (disk/format/, diskfmt.h): the disk
# tools link it as an archive; the monitor, its sanitizer builds and the
# fuzz targets build it with their own sources.
DISKFMT_SRCS := $(wildcard disk/format/*.c)
DISKFMT_LIB := build/host/libdiskfmt.a
VMM_SRCS := $(wildcard monitor/*/*.c) $(DISKFMT_SRCS)
VMM_OBJS := $(VMM_SRCS:%.c=build/host/%.o)
VMM_LIB_OBJS := $(filter-out build/host/monitor/core/main.o,$(VMM_OBJS))
# The monitor's parts name each other by room: "core/vm.h", "devices/block.h".
$(VMM_OBJS): HOST_CFLAGS += -Imonitor
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:%.c=build/host/%.o)
DISK_SRCS := $(wildcard disk/*.c)
BOX_SRCS := $(wildcard scripts/box/*.c)
FSCK_OBJS := $(patsubst %.c,build/host/%.o,$(wildcard disk/fsck*.c))
DAMAGE_SRCS := $(wildcard tests/damage/*.c)
HOST_SRCS := $(VMM_SRCS) $(DISK_SRCS) $(UNIT_SRCS) $(wildcard tests/preload/*.c) $(BOX_SRCS) \
	$(DAMAGE_SRCS)
# The native reference of make bench: the guest's benchmarks as static host
# programs, and what they exec (a tiny program and a 1 MiB one).
NATIVE_SRCS := scripts/native-bench.c scripts/native-true.c
NATIVE_BENCH := build/native-bench build/native-true build/native-bigtrue
NATIVE_CFLAGS := -std=c11 -O2 -static -Wall -Wextra -Werror -D_GNU_SOURCE

ARCH ?= x86_64
ifeq ($(ARCH),x86_64)
ARCH_BUILD   := build
GUEST_KERNEL := guest/kernel
GUEST_IMAGE  := guest.img
else ifeq ($(ARCH),i386)
ARCH_BUILD   := build/i386
GUEST_KERNEL := guest/kernel-i386
GUEST_IMAGE  := guest-i386.img
else
$(error ARCH=$(ARCH): the guest is built for x86_64 or i386)
endif

.PHONY: all run gdb test test-box test-long bench deps clean format compile_commands.json
all: vmm $(GUEST_IMAGE) build/fsck build/fsget build/vmm-box build/vmm-boxd build/icount.so

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/deps
	scripts/deps
	@mkdir -p $(@D) && touch $@

build/host/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

# The sandbox names a forbidden system call: the x86-64 names by number,
# from the kernel headers installed here.
build/gen/syscall_names.inc: | $(DEPS_STAMP)
	@mkdir -p $(@D)
	echo '#include <asm/unistd_64.h>' | $(CC) -E -dM -x c - | \
		sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9]*\)$$/[\2] = "\1",/p' >$@
build/host/monitor/core/sandbox.o: build/gen/syscall_names.inc

vmm: $(VMM_OBJS)
	$(CC) -o $@ $^ -lelf -pthread

# The instruction counter's QEMU plugin (scripts/icount): QEMU loads it and
# provides the plugin API's functions itself.
ICOUNT_SRCS := scripts/icount-plugin/plugin.c scripts/icount-plugin/symbols.c
build/icount.so: $(ICOUNT_SRCS) $(wildcard scripts/icount-plugin/*.h) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -fPIC -shared -fvisibility=hidden \
		-o $@ $(ICOUNT_SRCS)

# The KVM box's client (on the host) and server (inside the box).
build/vmm-box: build/host/scripts/box/client.o build/host/scripts/box/frame.o
	$(CC) -o $@ $^

build/vmm-boxd: build/host/scripts/box/server.o build/host/scripts/box/session.o \
		build/host/scripts/box/frame.o
	$(CC) -o $@ $^

$(DISKFMT_LIB): $(DISKFMT_SRCS:%.c=build/host/%.o)
	rm -f $@
	ar rcs $@ $^

build/mkimage: build/host/disk/mkimage.o $(DISKFMT_LIB)
	$(CC) -o $@ $^

build/mkfs: build/host/disk/mkfs.o $(DISKFMT_LIB)
	$(CC) -o $@ $^

build/fsck: $(FSCK_OBJS) $(DISKFMT_LIB)
	$(CC) -o $@ $^

# Copies a file out of an image's file system (scripts/gdb: a user program's
# symbols); the monitor's file-system reader does the reading.
build/host/disk/fsget.o: HOST_CFLAGS += -Imonitor
build/fsget: build/host/disk/fsget.o build/host/monitor/observe/fs_read.o $(DISKFMT_LIB)
	$(CC) -o $@ $^

# tests/corrupt.sh's tool that damages images on purpose.
build/fsdamage: $(DAMAGE_SRCS:%.c=build/host/%.o) $(DISKFMT_LIB)
	$(CC) -o $@ $^

build/native-bench: scripts/native-bench.c user/bench/sieve.h scripts/icount-plugin/mark.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) -o $@ $<

build/native-true: scripts/native-true.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) -nostdlib -o $@ $<

# Its payload is the size of the guest's /bin/bigtrue's.
build/native-bigtrue: scripts/native-true.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(NATIVE_CFLAGS) -nostdlib -DPAYLOAD_BYTES=1048576 -o $@ $<

include user/user.mk
include guest/guest.mk
include tests/guests/guests.mk
include tests/hostile/hostile.mk
include tests/fuzz/fuzz.mk

# The file system: /bin holds every user program. fs.list is rewritten
# only when the list changes, so removing a program rebuilds it.
$(ARCH_BUILD)/fs.list: FORCE
	@mkdir -p $(@D)
	@echo '$(USER_PROGS)' | cmp -s - $@ || echo '$(USER_PROGS)' >$@

$(ARCH_BUILD)/fs.img: build/mkfs $(USER_PROGS) $(ARCH_BUILD)/fs.list
	build/mkfs -o $@ $(USER_PROGS)

$(GUEST_IMAGE): $(GUEST_KERNEL) build/mkimage $(ARCH_BUILD)/fs.img
	build/mkimage -o $@ $(GUEST_KERNEL) $(ARCH_BUILD)/fs.img

# The other architecture's image, for the tests of both: built by a second
# make once the host tools it shares are.
ifeq ($(ARCH),x86_64)
guest-i386.img: build/mkfs build/mkimage FORCE
	$(MAKE) ARCH=i386 guest-i386.img
endif

$(UNIT_OBJS): HOST_CFLAGS += -Imonitor

build/unit-tests: $(UNIT_OBJS) $(VMM_LIB_OBJS)
	$(CC) -o $@ $^ -lelf -pthread

# On a host without a usable /dev/kvm the guest boots through the KVM box.
run: all
	@if [ "$$(scripts/kvmbox pick)" = host ]; then ./vmm guest.img; \
	else scripts/kvmbox run guest.img; fi

# The guest under gdb, stopped before its first instruction (docs/gdb.md);
# through the KVM box where there is no /dev/kvm. GDB_CMD: the guest's
# command (make gdb GDB_CMD='ls /').
gdb: all
	scripts/gdb $(GUEST_IMAGE) $(if $(GDB_CMD),-- $(GDB_CMD))

# tests/sandbox.sh makes the monitor call what its sandbox forbids.
TEST_PRELOAD := build/tests/fdatasync-as-fsync.so
$(TEST_PRELOAD): build/tests/%.so: tests/preload/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -fPIC -shared -o $@ $<

test: all build/unit-tests $(TEST_GUESTS) $(HOSTILE_ELF) $(TEST_PRELOAD) $(FUZZ_BINS) build/asan/vmm $(NATIVE_BENCH) build/fsdamage guest-i386.img
	tests/run

# Every suite through the KVM box, whatever KVM this host has.
test-box: all build/unit-tests $(TEST_GUESTS) $(HOSTILE_ELF) $(TEST_PRELOAD) $(FUZZ_BINS) build/asan/vmm $(NATIVE_BENCH) build/fsdamage guest-i386.img
	VMM_KVM=box tests/run

# The longer run: the whole fstest, the whole usertests, 100 crash trials,
# a power cut at every write of the power-loss workload and 500 damaged
# images per architecture (several minutes).
test-long: all build/unit-tests $(TEST_GUESTS) $(HOSTILE_ELF) $(TEST_PRELOAD) $(FUZZ_BINS) build/asan/vmm $(NATIVE_BENCH) build/fsdamage guest-i386.img
	FS_FULL=1 USERTESTS_FULL=1 CRASH_TRIALS=100 POWERLOSS_POINTS=100000 CORRUPT_IMAGES=500 tests/run

# Exact kernel instructions per operation beside Linux's (any host), exits
# per operation on the KVM in use (the KVM box without /dev/kvm), then
# times where they mean something (scripts/bench; docs/benchmarks.md).
bench: all $(NATIVE_BENCH) guest-i386.img
	scripts/bench

format:
	clang-format -i $(HOST_SRCS) $(NATIVE_SRCS) $(ICOUNT_SRCS) scripts/icount-plugin/*.h $(wildcard include/*.h monitor/*/*.h disk/*.h disk/*/*.h tests/unit/*.h tests/damage/*.h) \
		$(FUZZ_SRCS) tests/fuzz/fuzz.h $(GUEST_FORMAT) $(USER_FORMAT) $(HOSTILE_FORMAT)

# For editors and clang-tidy: one entry per C file with its real flags.
compile_commands.json:
	@{ echo '['; \
	  for f in $(HOST_SRCS) $(NATIVE_SRCS); do \
	    printf '{"directory":"%s","file":"%s","command":"%s"},\n' \
	      "$(CURDIR)" "$$f" "$(CC) $(HOST_CFLAGS) -Imonitor -c $$f"; done; \
	  for f in $(FUZZ_SRCS); do \
	    printf '{"directory":"%s","file":"%s","command":"%s"},\n' \
	      "$(CURDIR)" "$$f" "$(SAN_CC) $(SAN_CFLAGS) -Imonitor -c $$f"; done; \
	  for f in $(GUEST_C_SRCS); do \
	    printf '{"directory":"%s","file":"%s","command":"%s"},\n' \
	      "$(CURDIR)" "$$f" "$(GUEST_CC) $(GUEST_CFLAGS) -c $$f"; done; \
	  for f in $(USER_C_SRCS); do \
	    printf '{"directory":"%s","file":"%s","command":"%s"},\n' \
	      "$(CURDIR)" "$$f" "$(USER_CC) $(USER_CFLAGS) -c $$f"; done; \
	} | sed '$$ s/,$$//' >$@
	@echo ']' >>$@

FORCE:

clean:
	rm -rf build vmm guest.img guest-i386.img guest/kernel guest/kernel-i386 compile_commands.json

-include $(shell find build -name '*.d' 2>/dev/null)
