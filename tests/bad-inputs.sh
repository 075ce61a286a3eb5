# The bad-input table: every broken input gets a one-line error naming the
# cause and exit status 1 (monitor error) or 2 (usage error), never a crash.
# Sourced by tests/run.
G=build/tests/guests
B=$T_OUT/bad
mkdir -p "$B"

# Usage errors: exit 2.
check "no arguments" 2 "" "no IMAGE" $VMM
check "unknown option" 2 "" "unknown option '--frob'" $VMM --frob guest.img
check "two images" 2 "" "unexpected argument 'other'" $VMM guest.img other
check "-m without a value" 2 "" "needs a SIZE" $VMM guest.img -m
check "-m with garbage" 2 "" "bad memory size '12Q'" $VMM -m 12Q guest.img
check "guest command line too long" 2 "" "longer than 2047" \
	$VMM guest.img -- "$(head -c 3000 /dev/zero | tr '\0' x)"

# Bad values and files: exit 1.
check "-m too small" 1 "" "out of range" $VMM -m 1M guest.img
check "-m too large" 1 "" "out of range" $VMM -m 1T guest.img
check "-m past 64 bits" 2 "" "bad memory size '99999999999999999999G'" \
	$VMM -m 99999999999999999999G guest.img
check "-m not a multiple of 2M" 1 "" "out of range" $VMM -m 17M guest.img
check "--cpus without a value" 2 "" "needs a NUMBER" $VMM guest.img --cpus
check "--cpus with garbage" 2 "" "bad CPU count '2x'" $VMM --cpus 2x guest.img
check "--cpus negative" 2 "" "bad CPU count '-1'" $VMM --cpus=-1 guest.img
check "--cpus 0" 1 "" "CPU count 0 out of range: 1..64" $VMM --cpus 0 guest.img
check "--cpus past VMM_CPUS_MAX" 1 "" "CPU count 65 out of range: 1..64" $VMM --cpus 65 guest.img
check "--cpus past 64 bits" 1 "" "out of range" $VMM --cpus 99999999999999999999999 guest.img
check "missing file" 1 "" "no-such-file: No such file" $VMM "$B/no-such-file"
check "a directory" 1 "" "is a directory" $VMM tests
check "a character device" 1 "" "not a regular file or a block device" $VMM /dev/null
: >"$B/empty"
check "empty file" 1 "" "empty file" $VMM "$B/empty"
awk 'BEGIN { x = 12345; for (i = 0; i < 4096; i++) { x = (x * 1103515245 + 12345) % 2147483648;
	printf "%c", 32 + int(x / 65536) % 90 } }' >"$B/random"
check "random bytes" 1 "" "not a kernel ELF or a disk image" $VMM "$B/random"
head -c 300 guest/kernel >"$B/trunc.elf"
check "truncated kernel ELF" 1 "" "trunc.elf: " $VMM "$B/trunc.elf"
head -c 600000 guest.img >"$B/trunc.img"
check "truncated image" 1 "" "ends past the end of the image" $VMM "$B/trunc.img"

# Partition-table damage, each on a fresh copy of guest.img.
entry1=$((0x1BE)) entry2=$((0x1BE + 16))
cp guest.img "$B/past.img" && patch "$B/past.img" $((entry1 + 12)) $(le32 0x7fffffff)
check "partition past the end" 1 "" "partition 1 ends past the end" $VMM "$B/past.img"
cp guest.img "$B/overlap.img" && patch "$B/overlap.img" $((entry2 + 4)) 7f &&
	patch "$B/overlap.img" $((entry2 + 8)) $(le32 2049) $(le32 8)
check "overlapping partitions" 1 "" "partitions 1 and 2 overlap" $VMM "$B/overlap.img"
cp guest.img "$B/nokernel.img" && patch "$B/nokernel.img" $((entry1 + 4)) 00
check "no kernel partition" 1 "" "partition 1 \(the kernel\) is missing" $VMM "$B/nokernel.img"
cp guest.img "$B/linux.img" && patch "$B/linux.img" $((entry1 + 4)) 83
check "partition 1 not a kernel" 1 "" "type 0x83, not a kernel" $VMM "$B/linux.img"
cp guest.img "$B/gpt.img" && patch "$B/gpt.img" $((entry1 + 4)) ee
check "GPT disk" 1 "" "GPT disks are not supported" $VMM "$B/gpt.img"
cp guest.img "$B/nosig.img" && patch "$B/nosig.img" 510 00 00
check "no MBR signature" 1 "" "not a kernel ELF or a disk image" $VMM "$B/nosig.img"

# Kernel ELFs that are wrong.
check "ELF32 kernel without a Multiboot header" 1 "" "ELF32 kernel without a Multiboot header" \
	$VMM $G/bad-elf32.elf
# An i386 kernel (guest-i386.img): kvm_pvm cannot run 32-bit paging, so the
# monitor refuses it there before it runs, naming what to boot instead;
# hardware KVM runs it.
if [ "${KVM_KIND:-}" = kvm_pvm ]; then
	for i386 in guest-i386.img guest/kernel-i386; do
		check "$i386 refused on kvm_pvm, naming guest.img" 1 "" \
			"$i386: an i386 kernel, .*cannot run 32-bit paging guests; boot the x86-64 image here \(guest.img\)" \
			$VMM "$i386"
	done
else
	check "guest-i386.img boots on hardware KVM" 0 "^xv6-32: " "" $VMM --readonly guest-i386.img
fi
cp $G/hello.elf "$B/arm.elf" && patch "$B/arm.elf" 18 b7 00
check "ELF64 for another machine" 1 "" "machine 183, not x86-64" $VMM "$B/arm.elf"
check "segment over the monitor's area" 1 "" "overlaps the monitor's boot area" \
	$VMM $G/bad-lowload.elf
check "segment beyond RAM" 1 "" "does not fit in 16 MiB" $VMM -m 16M $G/bad-highload.elf
check "entry outside every segment" 1 "" "entry point 0x[0-9a-f]+ is not in" $VMM $G/bad-entry.elf
check "virtual address not kernel base + physical" 1 "" "virtual address 0x100000" \
	$VMM $G/bad-vaddr.elf

# No permission for /dev/kvm: only root can drop to another user to try.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	check "no permission for /dev/kvm" 1 "" "cannot open /dev/kvm: Permission denied" \
		tests/in-kvm setpriv --reuid=65534 --regid=65534 --clear-groups sh -c '$MONITOR "$1"' - \
		$G/hello.elf
else
	skip "no permission for /dev/kvm (needs root to switch user)"
fi
check "--trace without a file" 2 "" "option --trace needs a value" $VMM guest.img --trace
check "--trace-max not a number" 2 "" "bad --trace-max 'lots'" $VMM --trace-max lots guest.img
check "--profile rate of zero" 2 "" "bad --profile rate '0'" $VMM --profile=0 guest.img
check "--profile rate not a number" 2 "" "bad --profile rate 'fast'" $VMM --profile=fast guest.img
check "--fail-writes-after not a number" 2 "" "bad --fail-writes-after 'some'" \
	$VMM --fail-writes-after some guest.img
check "--fail-writes-after without a value" 2 "" "option --fail-writes-after needs a number" \
	$VMM guest.img --fail-writes-after
