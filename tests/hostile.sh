# The hostile guest (tests/hostile/): a kernel of its own throws random and
# adversarial port I/O at every device from a fixed seed, checking every
# answer against the ABI. The monitor must stay up, count each request it
# refused exactly as the guest counted them, and leave the image byte for
# byte unchanged outside the guest's partition (2). Partition 3, right after
# it, is a sentinel of random bytes the guest has no way to reach.
# HOSTILE_SEED and HOSTILE_ROUNDS override the seed and the length (about
# 10 s here). Sourced by tests/run.
H_SEED=${HOSTILE_SEED:-20240501}
H_ROUNDS=${HOSTILE_ROUNDS:-6000}
H_IMG=$T_OUT/hostile.img
MIB=1048576

# verdict NAME WHY: passes when WHY is empty.
verdict() {
	if [ -z "$2" ]; then
		passed=$((passed + 1))
		echo "ok   - $1"
	else
		failed=$((failed + 1))
		echo "FAIL - $1: $2"
	fi
}

# range_sum FILE OFFSET LENGTH: a checksum of those bytes.
range_sum() {
	tail -c +$(($2 + 1)) "$1" | head -c "$3" | sha256sum | cut -d' ' -f1
}

# mbr_u32 FILE OFFSET: the little-endian 32-bit number at OFFSET.
mbr_u32() {
	od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '
}

# The guest's partition: 8 MiB and 5 sectors of zeros (the guest's shadow
# of the disk starts from zeros), an odd size so that "the end" is not a
# round number. Partition 3 starts at the next MiB.
truncate -s $((8 * MIB + 5 * 512)) "$T_OUT/hostile-data"
build/mkimage -o "$H_IMG" build/tests/hostile.elf "$T_OUT/hostile-data"
p2_off=$(($(mbr_u32 "$H_IMG" $((0x1BE + 16 + 8))) * 512))
p2_len=$(($(mbr_u32 "$H_IMG" $((0x1BE + 16 + 12))) * 512))
p3_off=$(((p2_off + p2_len + MIB - 1) / MIB * MIB))
head -c $MIB /dev/urandom >"$T_OUT/hostile-p3"
dd if="$T_OUT/hostile-p3" of="$H_IMG" bs=$MIB seek=$((p3_off / MIB)) conv=notrunc status=none
patch "$H_IMG" $((0x1BE + 32)) 00 fe ff ff 83 fe ff ff $(le32 $((p3_off / 512))) $(le32 $((MIB / 512)))
size=$(stat -c %s "$H_IMG")
before_p2=$(range_sum "$H_IMG" 0 "$p2_off")
after_p2=$(range_sum "$H_IMG" $((p2_off + p2_len)) $((size - p2_off - p2_len)))
p1_sum=$(range_sum "$H_IMG" $MIB $((p2_off - MIB)))
p3_sum=$(sha256sum <"$T_OUT/hostile-p3" | cut -d' ' -f1)

CHECK_TIMEOUT=90 check "hostile guest: $H_ROUNDS rounds, every answer as the ABI allows" 0 \
	"^hostile: wrong answers 0$" "" $VMM --stats "$H_IMG" -- seed="$H_SEED" rounds="$H_ROUNDS"
cp "$T_OUT/out" "$T_OUT/hostile.out"
cp "$T_OUT/err" "$T_OUT/hostile.err"
sed -n 's/^hostile: seed .*, \([0-9]*\) inputs tried$/       hostile inputs tried: \1/p' "$T_OUT/hostile.out"

# The guest's count of refused requests against --stats, device by device.
why=""
for dev in console poweroff copy mark block console-in counters; do
	want=$(sed -n "s/^hostile: refused.* $dev \([0-9]*\).*$/\1/p" "$T_OUT/hostile.out")
	got=$(sed -n "/^device errors/,/^block device/s/^  $dev  *\([0-9]*\)$/\1/p" "$T_OUT/hostile.err")
	if [ -z "$want" ] || [ -z "$got" ] || [ "$want" != "$got" ] || [ "$got" -eq 0 ]; then
		why="$why $dev: guest refused '$want', --stats '$got';"
	fi
done
verdict "hostile guest: --stats counts every refused request, for every device" "$why"

want=$(sed -n 's/^hostile: unclaimed port reads \([0-9]*\), writes \([0-9]*\); unbacked addresses \([0-9]*\)$/\1 \2 \3/p' \
	"$T_OUT/hostile.out")
got=$(sed -n 's/^  unclaimed port reads \([0-9]*\), writes \([0-9]*\) (.*); unmapped MMIO \([0-9]*\)$/\1 \2 \3/p' \
	"$T_OUT/hostile.err")
why=""
[ -n "$want" ] && [ "$want" = "$got" ] || why="guest '$want', --stats '$got'"
verdict "hostile guest: unclaimed port reads, writes and unbacked accesses counted" "$why"

why=""
[ "$(stat -c %s "$H_IMG")" = "$size" ] || why="$why the image changed size;"
[ "$(range_sum "$H_IMG" 0 "$p2_off")" = "$before_p2" ] || why="$why bytes before partition 2 changed;"
[ "$(range_sum "$H_IMG" $((p2_off + p2_len)) $((size - p2_off - p2_len)))" = "$after_p2" ] ||
	why="$why bytes after partition 2 changed;"
[ "$(range_sum "$H_IMG" $MIB $((p2_off - MIB)))" = "$p1_sum" ] || why="$why partition 1 changed;"
[ "$(range_sum "$H_IMG" "$p3_off" $MIB)" = "$p3_sum" ] || why="$why partition 3 changed;"
verdict "hostile guest: the image is unchanged outside the guest's partition" "$why"

why=""
range_sum "$H_IMG" "$p2_off" "$p2_len" | grep -qx "$(head -c "$p2_len" /dev/zero | sha256sum | cut -d' ' -f1)" &&
	why="nothing was written"
verdict "hostile guest: its good writes reached its partition" "$why"

# The counterpart: the real kernel at work (console, disk reads, writes and
# flushes, the copy engine, power-off) makes no device refuse anything.
check "a normal run: no device errors" 0 "" "" $VMM --stats $IMG -- \
	sh -c 'ls /bin >/tmp/h; cat /tmp/h | wc; forkbench 3; rm /tmp/h'
why=$(sed -n '/^device errors/,/^[A-Za-z]/{/^  [a-z-]*  *[0-9]*$/p}' "$T_OUT/err" |
	awk '$2 != 0 { printf "%s %s; ", $1, $2 } END { if (NR != 8) printf "%d devices listed", NR }')
verdict "a normal run: every device's error count is 0" "$why"
