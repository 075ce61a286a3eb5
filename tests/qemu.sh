# The same guest.img under QEMU (scripts/qemu, TCG here): the kernel's PVH
# entry, its PC drivers (UART console, ATA disk, isa-debug-exit) and the
# script's handling of statuses and errors; then the i386 image under
# qemu-system-i386 (its Multiboot entry, the same drivers). Every run uses
# a sparse scratch copy of an image, which ./vmm and QEMU share. Sourced by
# tests/run.
if ! command -v qemu-system-x86_64 >/dev/null; then
	skip "qemu: qemu-system-x86_64 is missing (scripts/deps installs it)"
	return 0
fi
Q_IMG=$T_OUT/qemu.img
cp --sparse=always guest.img "$Q_IMG"

# $Q [-i INPUT] ARGS...: runs scripts/qemu with INPUT as its standard input
# (else /dev/null). A guest that powers off with 1 or 2 says so on stderr,
# as check wants one line there for those statuses.
Q=$T_OUT/qemu-run
cat >"$Q" <<'EOF'
#!/bin/bash
if [ "$1" = -i ]; then
	input=$2
	shift 2
	printf '%s' "$input" | scripts/qemu "$@"
else
	scripts/qemu "$@" </dev/null
fi
rc=$?
if [ $rc -eq 1 ] || [ $rc -eq 2 ]; then echo "qemu: exit status $rc" >&2; fi
exit $rc
EOF
chmod +x "$Q"

# Boot, command line, console, power-off with its status.
check "qemu: -- echo hello prints hello, exits 0" 0 "^hello$" "" "$Q" "$Q_IMG" -- echo hello
check "qemu: the banner: RAM from the memory map, the command line, native" 0 \
	'^xv6-64: 12[0-9] MiB RAM, cmdline "echo hi", kernel instructions native$' "" \
	"$Q" "$Q_IMG" -- echo hi
check "qemu: -m 64M gives the guest less RAM" 0 '^xv6-64: 6[0-9] MiB RAM' "" \
	"$Q" -m 64M "$Q_IMG" -- true
check "qemu: -- false exits 1" 1 "" "" "$Q" "$Q_IMG" -- false
check "qemu: exit 7 passes through" 7 "" "" "$Q" "$Q_IMG" -- sh -c 'exit 7'
check "qemu: exit 200 passes through (above what isa-debug-exit carries)" 200 "" "" \
	"$Q" "$Q_IMG" -- sh -c 'exit 200'
check "qemu: an unknown command exits 127" 127 "^init: nosuch: not found$" "" \
	"$Q" "$Q_IMG" -- nosuch
check "qemu: words with blanks and quotes stay whole" 0 "^a  b\|c it's$" "" \
	"$Q" "$Q_IMG" -- echo "a  b|c" "it's"
check "qemu: a kernel panic exits 3 and says so" 3 "^panic: requested by command line$" \
	"guest kernel panic" "$Q" "$Q_IMG" -- panic-test
build/mkimage -o "$T_OUT/triple.img" build/tests/guests/pvh-triple.elf
check "qemu: a triple fault exits 3 and says so" 3 "" "triple fault" \
	"$Q" "$T_OUT/triple.img"

# Console input through the UART: the shell reads the piped lines, and the
# end of the input ends it.
check "qemu: console input: 'echo a | wc -c; exit 3' prints 2, ends with 3" 3 '^2$' "" \
	"$Q" -i $'echo a | wc -c\nexit 3\n' "$Q_IMG"
check "qemu: console input: no input, the shell ends by itself" 0 "" "" "$Q" "$Q_IMG"
check "qemu: console input: 5 KiB through wc arrive whole" 0 "^1200 1200 4893$" "" \
	bash -c "seq 1 1200 | scripts/qemu $Q_IMG -- wc"

# The file system on the ATA disk: written and read back in one boot, in
# the next boot, and by ./vmm on the same image; and the other way round.
check "qemu: a file written and read back" 0 "^over ata$" "" \
	"$Q" "$Q_IMG" -- sh -c 'echo over ata > /tmp/q1; cat /tmp/q1'
check "qemu: the file is there in the next boot" 0 "^over ata$" "" "$Q" "$Q_IMG" -- cat /tmp/q1
check "qemu: ./vmm reads the file QEMU wrote" 0 "^over ata$" "" $VMM "$Q_IMG" -- cat /tmp/q1
check "qemu: QEMU reads a file ./vmm wrote" 0 "^from vmm$" "" sh -c \
	"$VMM $Q_IMG -- sh -c 'echo from vmm > /tmp/q2' >/dev/null && scripts/qemu $Q_IMG -- cat /tmp/q2 </dev/null"
CHECK_TIMEOUT=120 check "qemu: fstest -q passes over ATA" 0 "^fstest: [0-9]+ passed, 0 failed$" "" \
	"$Q" "$Q_IMG" -- fstest -q
check "qemu: fsck: the image is clean after fstest under QEMU" 0 "^fsck: clean" "" \
	build/fsck "$Q_IMG"
CHECK_TIMEOUT=120 check "qemu: ktest passes (timer, faults, processes, memory)" 0 \
	"^ktest: [0-9]+ passed, 0 failed$" "" "$Q" "$Q_IMG" -- ktest

# The i386 image under qemu-system-i386: QEMU's Multiboot loader enters the
# kernel, which writes its boot information from the Multiboot one and uses
# the same PC drivers, with the local APIC in xAPIC mode.
Q32_IMG=$T_OUT/qemu32.img
cp --sparse=always guest-i386.img "$Q32_IMG"
check "qemu i386: the banner: RAM from the memory map, the command line" 0 \
	'^xv6-32: 12[0-9] MiB RAM, cmdline "echo hi", kernel instructions native$' "" \
	"$Q" "$Q32_IMG" -- echo hi
check "qemu i386: -- false exits 1" 1 "" "" "$Q" "$Q32_IMG" -- false
check "qemu i386: a kernel panic exits 3 and says so" 3 "^panic: requested by command line$" \
	"guest kernel panic" "$Q" "$Q32_IMG" -- panic-test
check "qemu i386: console input: 'echo a | wc -c; exit 3' prints 2, ends with 3" 3 '^2$' "" \
	"$Q" -i $'echo a | wc -c\nexit 3\n' "$Q32_IMG"
CHECK_TIMEOUT=120 check "qemu i386: ktest passes" 0 "^ktest: [0-9]+ passed, 0 failed$" "" \
	"$Q" -m 16M "$Q32_IMG" -- ktest
CHECK_TIMEOUT=120 check "qemu i386: fstest -q passes over ATA" 0 \
	"^fstest: [0-9]+ passed, 0 failed$" "" "$Q" -m 256M "$Q32_IMG" -- fstest -q
if [ -x build/i386/user/usertests ]; then
	CHECK_TIMEOUT=300 check "qemu i386: usertests -q passes" 0 \
		"^[0-9]+ passed, 0 failed$" "" "$Q" -m 256M "$Q32_IMG" -- usertests -q
fi
check "qemu i386: fsck: the image is clean after the runs" 0 "^fsck: clean" "" \
	build/fsck "$Q32_IMG"

# Bad input: a one-line error and status 1, or 2 for usage.
check "qemu: no image is a usage error" 2 "" "^scripts/qemu: usage: " scripts/qemu
check "qemu: an unknown option is a usage error" 2 "" "unknown option --bogus" \
	scripts/qemu --bogus "$Q_IMG"
check "qemu: a bad --accel is a usage error" 2 "" "bad --accel 'hvf'" \
	scripts/qemu --accel hvf "$Q_IMG"
check "qemu: a missing image" 1 "" "nosuch.img: no such file" scripts/qemu "$T_OUT/nosuch.img"
check "qemu: a bare kernel is not a disk image" 1 "" "not a disk image" scripts/qemu guest/kernel
: >"$T_OUT/empty.img"
check "qemu: an empty file is not a disk image" 1 "" "not a disk image" \
	scripts/qemu "$T_OUT/empty.img"
head -c 4096 /dev/urandom >"$T_OUT/junk.img"
patch "$T_OUT/junk.img" 510 55 aa
patch "$T_OUT/junk.img" $((0x1BE + 4)) 83
check "qemu: partition 1 not a kernel" 1 "" "partition 1 is not a kernel" \
	scripts/qemu "$T_OUT/junk.img"
check "qemu: a command line too long" 1 "" "longer than 2047 bytes" \
	scripts/qemu "$Q_IMG" -- echo "$(head -c 2100 /dev/zero | tr '\0' x)"
check "qemu: an image in use (locked as ./vmm locks it) is refused" 1 "" "in use" \
	flock "$Q_IMG" scripts/qemu "$Q_IMG" -- true
