# The monitor's side of the disk: the image lock and --readonly, on a copy
# of the guest's image, and on lock.img: longrun.elf (about a second of
# work) in partition 1 of a small image whose partition 2 is a file-system
# partition. Sourced by tests/run.
G=build/tests/guests
head -c 1048576 /dev/zero >"$T_OUT/fs0"
build/mkimage -o "$T_OUT/lock.img" $G/longrun.elf "$T_OUT/fs0"

# hold_image [OPTION]: a vmm on hold.img (the guest sleeping a minute) in
# the background, once its kernel runs: the image is locked by then, on any
# host, however loaded. release_image ends it.
cp "$IMG" "$T_OUT/hold.img"
hold_image() {
	$VMM "$@" "$T_OUT/hold.img" -- sleep 60 >"$T_OUT/hold.out" 2>&1 &
	holder=$!
	for _ in $(seq 1 300); do
		grep -q "^$BANNER" "$T_OUT/hold.out" && return
		sleep 0.1
	done
}
release_image() {
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	kvm_settle
}

hold_image
check "a second vmm on the same image is refused" 1 "" "hold.img: in use by another vmm" \
	$VMM "$T_OUT/hold.img"
check "a --readonly vmm cannot share an image being written" 1 "" "in use by another vmm" \
	$VMM --readonly "$T_OUT/hold.img"
release_image

hold_image --readonly
check "--readonly users share an image" 0 "^hi$" "" $VMM --readonly "$T_OUT/hold.img" -- echo hi
check "a writing vmm cannot share an image being read" 1 "" "in use by another vmm" \
	$VMM "$T_OUT/hold.img"
release_image

chmod 444 "$T_OUT/lock.img"
check "--readonly boots an image that cannot be written" 0 "^tick$" "" \
	$VMM --readonly "$T_OUT/lock.img"
check "an image is unchanged by a read-only boot" 0 "" "" cmp "$T_OUT/fs0" \
	<(tail -c 1048576 "$T_OUT/lock.img")
