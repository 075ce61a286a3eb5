# Sanitizer builds, with clang: the monitor with AddressSanitizer and
# UndefinedBehaviorSanitizer (build/asan/vmm, which make test runs the
# integration tests on), and one libFuzzer target per file in tests/fuzz/
# (build/fuzz/NAME), linked with the monitor built the same way plus
# libFuzzer's coverage instrumentation. Any sanitizer report is fatal.
SAN_CC := clang
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -Idisk/format -Ibuild/gen \
	-MMD -MP \
	$(SAN_FLAGS)

build/asan/monitor/core/sandbox.o $(FUZZ_DIR)/obj/monitor/core/sandbox.o: build/gen/syscall_names.inc

FUZZ_DIR := build/fuzz
FUZZ_SRCS := $(wildcard tests/fuzz/*.c)
FUZZ_TARGETS := $(filter-out fuzz seeds,$(basename $(notdir $(FUZZ_SRCS))))
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%)
FUZZ_MONITOR_OBJS := $(filter-out %/main.o,$(VMM_SRCS:%.c=$(FUZZ_DIR)/obj/%.o))

build/asan/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -Imonitor -c $< -o $@

build/asan/vmm: $(VMM_SRCS:%.c=build/asan/%.o)
	$(SAN_CC) $(SAN_FLAGS) -o $@ $^ -lelf -pthread

$(FUZZ_DIR)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -fsanitize=fuzzer-no-link -Imonitor -c $< -o $@

$(FUZZ_DIR)/libmonitor.a: $(FUZZ_MONITOR_OBJS)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BINS): $(FUZZ_DIR)/%: $(FUZZ_DIR)/obj/tests/fuzz/%.o $(FUZZ_DIR)/obj/tests/fuzz/fuzz.o $(FUZZ_DIR)/libmonitor.a
	$(SAN_CC) $(SAN_FLAGS) -fsanitize=fuzzer -o $@ $^ -lelf -pthread

# The seed generator is an ordinary program (it writes tests/fuzz/corpus/).
$(FUZZ_DIR)/seeds: tests/fuzz/seeds.c tests/fuzz/fuzz.h include/vmm_abi.h $(DISKFMT_LIB) \
		| $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Imonitor -o $@ $< $(DISKFMT_LIB)

.PHONY: fuzz fuzz-seeds
# Runs every target for FUZZ_TIME seconds (default 60) on a fresh copy of
# its corpus; fails on any finding.
fuzz: $(FUZZ_BINS)
	tests/fuzz/run $(FUZZ_TARGETS)

# Rewrites the seed corpus from guest.img and the test guests.
fuzz-seeds: $(FUZZ_DIR)/seeds guest.img $(TEST_GUESTS)
	rm -rf tests/fuzz/corpus && mkdir tests/fuzz/corpus
	$(FUZZ_DIR)/seeds tests/fuzz/corpus
