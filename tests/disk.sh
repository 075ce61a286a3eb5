# The monitor's side of the disk: the image lock and --readonly. The guest
# here is longrun.elf (about a second of work) in partition 1 of a small
# image whose partition 2 is a file-system partition. Sourced by tests/run.
G=build/tests/guests
head -c 1048576 /dev/zero >"$T_OUT/fs0"
build/mkimage -o "$T_OUT/lock.img" $G/longrun.elf "$T_OUT/fs0"

$VMM "$T_OUT/lock.img" >/dev/null 2>&1 &
first=$!
sleep 0.3
check "a second vmm on the same image is refused" 1 "" "lock.img: in use by another vmm" \
	$VMM "$T_OUT/lock.img"
check "a --readonly vmm cannot share an image being written" 1 "" "in use by another vmm" \
	$VMM --readonly "$T_OUT/lock.img"
wait $first

$VMM --readonly "$T_OUT/lock.img" >/dev/null 2>&1 &
first=$!
sleep 0.3
check "--readonly users share an image" 0 "^tick$" "" $VMM --readonly "$T_OUT/lock.img"
wait $first

chmod 444 "$T_OUT/lock.img"
check "--readonly boots an image that cannot be written" 0 "^tick$" "" \
	$VMM --readonly "$T_OUT/lock.img"
check "an image is unchanged by a read-only boot" 0 "" "" cmp "$T_OUT/fs0" \
	<(tail -c 1048576 "$T_OUT/lock.img")
