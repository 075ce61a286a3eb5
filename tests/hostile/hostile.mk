# The hostile guest for tests/hostile.sh: a small kernel of its own, linked
# with the tiny test guests' script (tests/guests/guest.ld.S).
HOSTILE_ELF := build/tests/hostile.elf
HOSTILE_OBJS := $(patsubst tests/hostile/%.c,build/tests/hostile/%.o,$(wildcard tests/hostile/*.c)) \
	build/tests/hostile/entry.o
HOSTILE_FORMAT := $(wildcard tests/hostile/*.c tests/hostile/*.h)
# -fno-tree-loop-distribute-patterns: memset and memcpy here must not
# become calls to themselves.
HOSTILE_CFLAGS := -ffreestanding -nostdlib -mno-red-zone -mgeneral-regs-only -mcmodel=kernel \
	-fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-tree-loop-distribute-patterns -O2 -g -Wall -Wextra -Werror -std=c11 -Iinclude -MMD -MP

build/tests/hostile/%.o: tests/hostile/%.c tests/hostile/hostile.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(HOSTILE_CFLAGS) -c -o $@ $<

build/tests/hostile/%.o: tests/hostile/%.S tests/hostile/hostile.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(HOSTILE_CFLAGS) -c -o $@ $<

$(HOSTILE_ELF): $(HOSTILE_OBJS) $(TG_DIR)/guest.ld
	$(CC) -nostdlib -static -no-pie -z max-page-size=4096 -Wl,--build-id=none \
		-T $(TG_DIR)/guest.ld -o $@ $(HOSTILE_OBJS)
