# The disk tools: build/mkfs and build/fsck. fsck passes the images the
# build made and a small one made here; each kind of damage, done to a copy
# of the small one, is named. Sourced by tests/run.
F=$T_OUT/fsck
mkdir -p "$F/in" "$F/dup"

# Reading and writing little-endian fields with od and lib.sh's patch.
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
u8() { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '; }
poke32() { patch "$1" "$2" $(le32 "$3"); }
poke16() { patch "$1" "$2" $(printf '%02x %02x' $(($3 & 255)) $(($3 >> 8 & 255))); }

# Superblock fields (struct fs_super at block 1) and inode fields (struct
# fs_dinode: type 0, major 2, nlink 6, size 8, addrs 16).
sb_size() { u32 "$1" $((4096 + 8)); }
sb_logstart() { u32 "$1" $((4096 + 24)); }
sb_inodestart() { u32 "$1" $((4096 + 28)); }
sb_bmapstart() { u32 "$1" $((4096 + 32)); }
ino() { echo $(($(sb_inodestart "$1") * 4096 + $2 * 128)); }
addr() { u32 "$1" $(($(ino "$1" "$2") + 16 + 4 * $3)); }

# setbit IMAGE BLOCK 0|1: sets block's bit in the free map.
setbit() {
	local off=$(($(sb_bmapstart "$1") * 4096 + $2 / 8)) mask=$((1 << ($2 % 8)))
	local byte
	byte=$(u8 "$1" "$off")
	if [ "$3" -eq 1 ]; then byte=$((byte | mask)); else byte=$((byte & ~mask)); fi
	patch "$1" "$off" "$(printf '%02x' "$byte")"
}

# fnv SEQ N BLOCK...: fs_log_checksum of a log header.
fnv() {
	local x=2166136261 v
	for v in "$@"; do x=$((((x ^ v) * 16777619) & 0xffffffff)); done
	echo "$x"
}

# A small image whose inodes mkfs numbers: 1 /, 2 /bin, 3 /dev, 4 /tmp,
# 5 /dev/console, 6 a, 7 b, 8 big (past the single indirect), 9 empty.
head -c 10000 /dev/urandom >"$F/in/a"
head -c 5000 /dev/urandom >"$F/in/b"
head -c $((5 << 20)) /dev/urandom >"$F/in/big"
: >"$F/in/empty"
BASE=$F/base.img
check "mkfs: a 16 MiB image" 0 "" "" build/mkfs -o "$BASE" -s 16 -i 256 -l 30 \
	"$F/in/a" "$F/in/b" "$F/in/big" "$F/in/empty"
check "fsck: build/fs.img is clean" 0 "^fsck: clean: " "" build/fsck build/fs.img
check "fsck: guest.img (partition 2) is clean" 0 "^fsck: clean: " "" build/fsck guest.img
check "fsck: the small image is clean" 0 "^fsck: clean: 9 inodes" "" build/fsck "$BASE"
check "mkfs: the image is sparse" 0 "" "" test "$(du -k build/fs.img | cut -f1)" -lt 65536
check "mkfs: a large file is one run of blocks, read back whole" 0 "" "" sh -c \
	"dd if='$BASE' bs=4096 skip=$(addr "$BASE" 8 0) count=1280 status=none | cmp -s - '$F/in/big'"
check "mkfs: a double-indirect file" 0 "" "" test "$(addr "$BASE" 8 13)" -ne 0
# Any file will do as the kernel: fsck reads partition 2 only.
build/mkimage -o "$F/disk.img" "$F/in/a" "$BASE"
check "fsck: a disk made by mkimage is clean" 0 "^fsck: clean: 9 inodes" "" build/fsck "$F/disk.img"

# damage NAME: a fresh copy of the small image to damage.
damage() {
	cp "$BASE" "$F/$1.img"
	echo "$F/$1.img"
}
bin_block() { echo $(($(addr "$1" 2 0) * 4096)); }

I=$(damage magic) && poke32 "$I" 4096 0
check "fsck: bad magic" 1 "bad superblock magic 0x00000000" "1 problem" build/fsck "$I"
I=$(damage freeused) && A=$(addr "$I" 6 0) && setbit "$I" "$A" 0
check "fsck: a block in use marked free" 1 "block $A marked free but in use by inode 6 \(/bin/a\)$" \
	"" build/fsck "$I"
I=$(damage usedfree) && S=$(($(sb_size "$I") - 1)) && setbit "$I" "$S" 1
check "fsck: a free block marked in use" 1 "block $S marked in use but owned by no inode" "" \
	build/fsck "$I"
I=$(damage twice) && B=$(addr "$I" 7 0) && poke32 "$I" $(($(ino "$I" 6) + 16 + 4)) "$B"
check "fsck: a block owned twice" 1 "block $B owned twice: by inode 6 \(/bin/a\) and by inode 7" \
	"" build/fsck "$I"
I=$(damage nlink) && poke16 "$I" $(($(ino "$I" 6) + 6)) 2
check "fsck: a wrong link count" 1 "inode 6 \(/bin/a\): nlink 2, but 1 directory entries" "" \
	build/fsck "$I"
I=$(damage freeino) && poke32 "$I" $(($(bin_block "$I") + 2 * 64)) 200
check "fsck: an entry naming a free inode" 1 '\(/bin\): entry "a" names free inode 200' "" \
	build/fsck "$I"
I=$(damage dotdot) && poke32 "$I" $(($(bin_block "$I") + 64)) 3
check "fsck: a bad \"..\"" 1 '\(/bin\): ".." names inode 3, not its parent 1' "" build/fsck "$I"
I=$(damage past) && S=$(($(sb_size "$I") + 5)) && poke32 "$I" $(($(ino "$I" 6) + 16)) "$S"
check "fsck: a block pointer past the data region" 1 "block pointer $S outside the data region" \
	"" build/fsck "$I"
I=$(damage size) && poke32 "$I" $(($(ino "$I" 7) + 8)) 100
check "fsck: a block pointer past the size" 1 "inode 7 \(/bin/b\): block pointer [0-9]+ past the end" \
	"" build/fsck "$I"
I=$(damage orphan) && poke16 "$I" "$(ino "$I" 200)" 2
check "fsck: an orphan inode" 1 "inode 200: in use with no links: an orphan" "" build/fsck "$I"
I=$(damage dupname) && patch "$I" $(($(bin_block "$I") + 3 * 64 + 4)) 61
check "fsck: a name twice in a directory" 1 '\(/bin\): name "a" appears more than once' "" \
	build/fsck "$I"
I=$(damage major) && poke16 "$I" $(($(ino "$I" 5) + 2)) 9
check "fsck: a device with an unknown major" 1 "\(/dev/console\): device with unknown major 9" \
	"" build/fsck "$I"
I=$(damage notdev) && poke16 "$I" $(($(ino "$I" 6) + 2)) 1
check "fsck: a major on a file" 1 "inode 6 \(/bin/a\): major 1, minor 0, but not a device" "" \
	build/fsck "$I"
I=$(damage dirhole) && poke32 "$I" $(($(ino "$I" 2) + 8)) 8192
check "fsck: a directory with a hole" 1 "inode 2 \(/bin\): a hole at block 1: a directory has none" \
	"" build/fsck "$I"
I=$(cp "$F/disk.img" "$F/disk2.img" && echo "$F/disk2.img")
patch "$I" $((0x1BE + 16 + 4)) 83
check "fsck: partition 2 not a file system" 1 "" "partition 2 is not a file system \(type 0x83" \
	build/fsck "$I"
I=$(cp "$F/disk.img" "$F/disk3.img" && echo "$F/disk3.img")
OFF=$(($(u32 "$I" $((0x1BE + 16 + 8))) * 512))
poke16 "$I" $((OFF + $(u32 "$I" $((OFF + 4096 + 28))) * 4096 + 6 * 128 + 6)) 3
check "fsck: damage inside partition 2" 1 "inode 6 \(/bin/a\): nlink 3" "" build/fsck "$I"

# The log. A committed transaction holding the good inode block, whose home
# copy is damaged: fsck checks what replay would leave; -r replays it.
I=$(damage log) && L=$(sb_logstart "$I") && IS=$(sb_inodestart "$I")
dd if="$I" of="$I" bs=4096 skip="$IS" seek=$((L + 1)) count=1 conv=notrunc status=none
poke16 "$I" $(($(ino "$I" 6) + 6)) 5
poke32 "$I" $((L * 4096)) 1 && poke32 "$I" $((L * 4096 + 4)) 7 &&
	poke32 "$I" $((L * 4096 + 12)) "$IS" && poke32 "$I" $((L * 4096 + 8)) "$(fnv 7 1 "$IS")"
check "fsck: a committed log is a note, not a problem" 0 \
	"note: log holds a committed transaction of 1 blocks \(replayable\)" "" build/fsck "$I"
check "fsck -r replays the log" 0 "replayed a committed transaction of 1 blocks" "" \
	build/fsck -r "$I"
check "fsck -r empties the log" 0 "^ *0$" "" od -An -tu4 -j $((L * 4096)) -N4 "$I"
check "fsck -r wrote the block home" 0 "^fsck: clean: " "" build/fsck "$I"
I=$(damage torn) && L=$(sb_logstart "$I") && IS=$(sb_inodestart "$I")
poke32 "$I" $((L * 4096)) 1 && poke32 "$I" $((L * 4096 + 4)) 7 &&
	poke32 "$I" $((L * 4096 + 12)) "$IS" && poke32 "$I" $((L * 4096 + 8)) $(($(fnv 7 1 "$IS") ^ 1))
check "fsck: a log header with a bad checksum is nothing to replay" 0 \
	"not committed, nothing to replay" "" build/fsck "$I"
check "fsck -r leaves an uncommitted log alone" 0 "^fsck: clean: " "" build/fsck -r "$I"
I=$(damage logsuper) && L=$(sb_logstart "$I")
poke32 "$I" $((L * 4096)) 1 && poke32 "$I" $((L * 4096 + 12)) 1 &&
	poke32 "$I" $((L * 4096 + 8)) "$(fnv 0 1 1)"
check "fsck: a committed log over the superblock" 1 "log: entry 0 names block 1, outside" "" \
	build/fsck -r "$I"

# Usage and unreadable input.
check "fsck: no image" 2 "" "no IMAGE" build/fsck
check "fsck: unknown option" 2 "" "unknown option '-x'" build/fsck -x "$BASE"
check "fsck: a missing image" 1 "" "no-such.img: No such file" build/fsck "$F/no-such.img"
head -c 3000 "$BASE" >"$F/short.img"
check "fsck: an image too small" 1 "" "too small for a file system" build/fsck "$F/short.img"
head -c 5000 "$BASE" >"$F/short.img"
check "fsck: a truncated image" 1 "size 4096 blocks, but the image holds only 1" "" \
	build/fsck "$F/short.img"
if command -v flock >/dev/null; then
	check "fsck: an image a vmm holds" 1 "" "in use by a running vmm" \
		flock -x "$BASE" build/fsck "$BASE"
else
	skip "fsck: an image a vmm holds (no flock(1))"
fi

# mkfs's refusals: one line, no image, no OUT.tmp left behind.
cp "$F/in/a" "$F/dup/a"
LONG=$F/in/$(head -c 61 /dev/zero | tr '\0' n)
: >"$LONG"
check "mkfs: a missing file" 1 "" "mkfs: .*no-such: No such file" \
	build/mkfs -o "$F/m.img" "$F/in/a" "$F/in/no-such"
check "mkfs: duplicate names" 1 "" "mkfs: .*duplicate name a in /bin" \
	build/mkfs -o "$F/m.img" "$F/in/a" "$F/dup/a"
check "mkfs: a name too long" 1 "" "mkfs: .*name longer than 60 bytes" \
	build/mkfs -o "$F/m.img" "$LONG"
check "mkfs: image too small for the files" 1 "" "mkfs: image too small: the files need" \
	build/mkfs -o "$F/m.img" -s 2 -i 64 -l 8 "$F/in/big"
check "mkfs: image too small for its metadata" 1 "" "mkfs: a 1 MiB image is too small" \
	build/mkfs -o "$F/m.img" -s 1
check "mkfs: nothing left behind" 0 "" "" sh -c "! ls '$F'/m.img*"
check "mkfs: no -o" 2 "" "mkfs: no -o OUT" build/mkfs "$F/in/a"
check "mkfs: a bad size" 2 "" "mkfs: bad SIZE_MIB '12Q'" build/mkfs -o "$F/m.img" -s 12Q
check "mkfs: a log too large" 1 "" "mkfs: LOGBLOCKS 5000 out of range" \
	build/mkfs -o "$F/m.img" -l 5000
