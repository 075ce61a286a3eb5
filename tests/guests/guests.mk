# Tiny assembly guests for the monitor's integration tests, and ELF files
# that are wrong on purpose for the bad-input table.
TG_DIR := build/tests/guests
TG_ASFLAGS := -Iinclude -Itests/guests -ffreestanding -nostdlib -static -no-pie \
	-z max-page-size=4096 -Wl,--build-id=none
TEST_GUESTS := $(patsubst tests/guests/%.S,$(TG_DIR)/%.elf,$(filter-out %.ld.S,$(wildcard tests/guests/*.S))) \
	$(TG_DIR)/bad-elf32.elf $(TG_DIR)/bad-lowload.elf $(TG_DIR)/bad-entry.elf \
	$(TG_DIR)/bad-vaddr.elf $(TG_DIR)/bad-highload.elf

# The linker script goes through cpp so its constants come from include/.
$(TG_DIR)/guest.ld: tests/guests/guest.ld.S include/vmm_abi.h
	@mkdir -p $(@D)
	$(CC) -E -P -x assembler-with-cpp -Iinclude -o $@ $<

$(TG_DIR)/%.elf: tests/guests/%.S tests/guests/macros.inc $(TG_DIR)/guest.ld include/vmm_abi.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(TG_ASFLAGS) -T $(TG_DIR)/guest.ld -o $@ $<

# A 32-bit ELF without a Multiboot header: the monitor refuses it.
$(TG_DIR)/bad-elf32.elf: tests/guests/triple.S | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) -m32 -c -o $(TG_DIR)/bad-elf32.o $<
	ld -m elf_i386 -e _start -Ttext 0x100000 -o $@ $(TG_DIR)/bad-elf32.o

# Loaded over the monitor's boot structures (physical 0x1000).
$(TG_DIR)/bad-lowload.elf: tests/guests/triple.S | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(TG_ASFLAGS) -T $(TG_DIR)/guest.ld -Wl,--defsym,tg_base=0xFFFFFFFF80001000 -o $@ $<

# Entry point outside every loaded segment.
$(TG_DIR)/bad-entry.elf: tests/guests/hello.S $(TG_DIR)/guest.ld | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(TG_ASFLAGS) -T $(TG_DIR)/guest.ld -Wl,-e,0xFFFFFFFF90000000 -o $@ $<

# Virtual address not VMM_KERNEL_BASE + physical (linked at 1 MiB flat).
$(TG_DIR)/bad-vaddr.elf: tests/guests/triple.S tests/guests/flat.ld | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(TG_ASFLAGS) -T tests/guests/flat.ld -o $@ $<

# A segment at 32 MiB: does not fit in a 16 MiB guest.
$(TG_DIR)/bad-highload.elf: tests/guests/triple.S | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(TG_ASFLAGS) -T $(TG_DIR)/guest.ld -Wl,--defsym,tg_base=0xFFFFFFFF82000000 -o $@ $<
