# Builds the monitor (./vmm), the guest kernel (guest/kernel), the disk tools
# and the bootable image (guest.img); runs the tests and benchmarks.
# `make run` boots the guest; `make test` runs every test suite.

CC := gcc
HOST_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -MMD -MP
DEPS_STAMP := build/.deps-ok

VMM_SRCS := $(wildcard monitor/*.c)
VMM_OBJS := $(VMM_SRCS:%.c=build/host/%.o)
VMM_LIB_OBJS := $(filter-out build/host/monitor/main.o,$(VMM_OBJS))
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:%.c=build/host/%.o)
HOST_SRCS := $(VMM_SRCS) disk/mkimage.c $(UNIT_SRCS)

.PHONY: all run test bench deps clean format compile_commands.json
all: vmm guest.img

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/deps
	scripts/deps
	@mkdir -p $(@D) && touch $@

build/host/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

vmm: $(VMM_OBJS)
	$(CC) -o $@ $^ -lelf -pthread

build/mkimage: build/host/disk/mkimage.o
	$(CC) -o $@ $^

include user/user.mk
include guest/guest.mk
include tests/guests/guests.mk

guest.img: guest/kernel build/mkimage
	build/mkimage -o $@ guest/kernel

$(UNIT_OBJS): HOST_CFLAGS += -Imonitor

build/unit-tests: $(UNIT_OBJS) $(VMM_LIB_OBJS)
	$(CC) -o $@ $^ -lelf -pthread

run: all
	./vmm guest.img

test: all build/unit-tests $(TEST_GUESTS)
	tests/run

bench: all
	scripts/bench-boot
	scripts/bench-kernel

format:
	clang-format -i $(HOST_SRCS) $(wildcard include/*.h monitor/*.h tests/unit/*.h) $(GUEST_FORMAT) \
		$(USER_FORMAT)

# For editors and clang-tidy: one entry per C file with its real flags.
compile_commands.json:
	@{ echo '['; \
	  for f in $(HOST_SRCS); do \
	    printf '{"directory":"%s","file":"%s","command":"%s"},\n' \
	      "$(CURDIR)" "$$f" "$(CC) $(HOST_CFLAGS) -Imonitor -c $$f"; done; \
	  for f in $(GUEST_C_SRCS); do \
	    printf '{"directory":"%s","file":"%s","command":"%s"},\n' \
	      "$(CURDIR)" "$$f" "$(GUEST_CC) $(GUEST_CFLAGS) -c $$f"; done; \
	  for f in $(USER_C_SRCS); do \
	    printf '{"directory":"%s","file":"%s","command":"%s"},\n' \
	      "$(CURDIR)" "$$f" "$(USER_CC) $(USER_CFLAGS) -c $$f"; done; \
	} | sed '$$ s/,$$//' >$@
	@echo ']' >>$@

clean:
	rm -rf build vmm guest.img guest/kernel compile_commands.json

-include $(shell find build -name '*.d' 2>/dev/null)
