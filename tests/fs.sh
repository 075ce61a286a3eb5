# The file system as user programs see it: fstest (user/tests/fstest.c) in the
# guest, then what the host can check: fsck after the suite, persistence
# across boots, the monitor's exclusive lock on an image, --readonly.
# Every run uses a sparse scratch copy of $IMG, never $IMG itself.
# Sourced by tests/run.
#   FS_FULL=1  runs the whole fstest (the 64 MiB file, 500 names in one
#              directory, 1000 files: about 90 s on kvm_pvm) instead of
#              fstest -q (about 25 s)
FS_IMG=$T_OUT/fs.img
cp --sparse=always $IMG "$FS_IMG"

# The output without its "ok" lines, so that a failure shows why.
FS_NOT_OK=(bash -c 'set -o pipefail; $VMM -m 256M "$@" | grep -v "^ok - "' fstest)
if [ -n "${FS_FULL:-}" ]; then
	CHECK_TIMEOUT=900 check "fstest passes (the whole suite)" 0 \
		"^fstest: [0-9]+ passed, 0 failed$" "" "${FS_NOT_OK[@]}" "$FS_IMG" -- fstest
else
	CHECK_TIMEOUT=120 check "fstest -q passes (all but the 64 MiB file, smaller wide and many)" 0 \
		"^fstest: [0-9]+ passed, 0 failed$" "" "${FS_NOT_OK[@]}" "$FS_IMG" -- fstest -q
	CHECK_TIMEOUT=120 check "fstest bigfile: a 64 MiB file written and verified" 0 \
		"^fstest: 1 passed, 0 failed$" "" "${FS_NOT_OK[@]}" "$FS_IMG" -- fstest bigfile
fi
check "fsck: the image is clean after fstest" 0 "^fsck: clean" "" build/fsck "$FS_IMG"

# crashwork N ends after N operations and a clean power-off; the next boot
# must find every file it reported.
check "files written in one boot are intact in the next" 0 "^crashwork: verify ok: 40 " "" \
	sh -c "$VMM $FS_IMG -- crashwork 7 40 >/dev/null && $VMM $FS_IMG -- crashwork verify 7 40"
check "fsck: clean after the two boots" 0 "^fsck: clean" "" build/fsck "$FS_IMG"
# Without fsync, the power-off at the end must commit what is pending.
cp --sparse=always $IMG "$T_OUT/ns.img"
check "files written without fsync are on disk after a clean power-off" 0 \
	"^crashwork: verify ok: 40 " "" sh -c "$VMM $T_OUT/ns.img -- crashwork 8 40 nosync >/dev/null &&
	$VMM $T_OUT/ns.img -- crashwork verify 8 40"

# A second monitor on an image in use is refused, in one line; the first
# one's lock goes with it.
cp --sparse=always $IMG "$T_OUT/lock.img"
check "a second ./vmm on an image in use is refused" 1 "" "in use" sh -c \
	"$VMM $T_OUT/lock.img -- crashwork 1 1000000 >/dev/null 2>&1 & p=\$!; sleep 0.5;
	 $VMM $T_OUT/lock.img; rc=\$?; kill -KILL \$p; wait \$p 2>/dev/null; exit \$rc"
check "the image is free again once the first ./vmm is gone" 0 "" "" $VMM "$T_OUT/lock.img"

# --readonly: reads work, every change fails with -1 in the guest, and not
# a byte of the image changes.
cp --sparse=always "$FS_IMG" "$T_OUT/ro-before.img"
check "fstest readonly: changes fail on a --readonly disk" 0 "^fstest: 1 passed, 0 failed$" "" \
	$VMM --readonly -m 256M "$FS_IMG" -- fstest readonly
check "--readonly leaves the image unchanged" 0 "" "" cmp "$T_OUT/ro-before.img" "$FS_IMG"

# A full disk: an 8 MiB file system with 64 inodes, holding only init and
# fstest.
build/mkfs -o "$T_OUT/small.fs" -s 8 -i 64 $UPROGS/init $UPROGS/fstest >/dev/null &&
	build/mkimage -o "$T_OUT/small.img" $KERNEL "$T_OUT/small.fs"
check "fstest diskfull: out of inodes and out of blocks, -1 and no panic" 0 \
	"^fstest: 1 passed, 0 failed$" "" $VMM -m 256M "$T_OUT/small.img" -- fstest diskfull
check "fsck: the small disk is clean after it was full" 0 "^fsck: clean" "" \
	build/fsck "$T_OUT/small.img"
