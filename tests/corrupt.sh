# The kernel on damaged disks (docs/filesystem.md): whatever the damage, a
# call that meets it fails, the kernel says so in one line, and it neither
# panics (the monitor's status 3) nor hangs. Sourced by tests/run, once per
# architecture.
#
# The base image: a 16 MiB file system with init, fswalk, ls and cat in
# /bin, and the tree that `fswalk make /d` (user/tests/fswalk.c) builds in a
# first boot: small files, a wide and a deep directory, a file with a
# single-indirect block, a sparse one with a double-indirect block, and one
# with two links. Every test damages a fresh sparse copy of it with
# build/fsdamage (tests/damage/), which also checks fsck names the damage.
#
# First the cases of issue 16, each damaged by hand (fsdamage set): block
# pointers past the end of the disk, in an inode and in indirect blocks; a
# directory entry naming an inode past the last; sizes far past the
# largest file, which made readers run for ever; a block freed twice; a
# log header that names a block outside the log's reach. Then the random
# images: CORRUPT_IMAGES (default 100) seeds from CORRUPT_SEED (default 1),
# each damaged as `fsdamage SEED` picks, and booted with `fswalk -w /`: walk
# the whole tree, read every file, then write a file and remove everything.
# Each boot gets CORRUPT_TIMEOUT seconds (default 20).
#
# A failing image reruns alone: CORRUPT_SEED=S CORRUPT_IMAGES=1 tests/run corrupt

# corrupt_boot IMAGE WANT REGEX... -- COMMAND...: boots COMMAND on IMAGE
# with a time limit; passes when the monitor's status is WANT (any status
# but the panic's 3 when WANT is "any"), each REGEX matches a line of the
# output and none says "panic". Prints the kernel's "fs:" lines and the
# command's last line; says why it failed in one line on stderr.
corrupt_boot() {
	local img=$1 want=$2 re rc limit=${CORRUPT_TIMEOUT:-20}
	local -a res=()
	shift 2
	while [ "$1" != -- ]; do res+=("$1") && shift; done
	shift
	timeout "$limit" $VMM -m 32M "$img" -- "$@" >"$img.out" 2>&1
	rc=$?
	grep -aE '^fs: ' "$img.out" | head -n 5
	tail -n 1 "$img.out" | tr -c '[:print:]\n' '?'
	if [ "$rc" -eq 124 ]; then
		echo "$*: no end within $limit s: $(tail -n 1 "$img.out")" >&2
		return 1
	fi
	if [ "$rc" -eq 3 ] || grep -aq panic "$img.out"; then
		echo "$*: status $rc: $(grep -a -m 1 panic "$img.out")" >&2
		return 1
	fi
	if [ "$want" != any ] && [ "$rc" -ne "$want" ]; then
		echo "$*: status $rc, want $want" >&2
		return 1
	fi
	for re in "${res[@]}"; do
		grep -aEq -- "$re" "$img.out" && continue
		echo "$*: the output lacks /$re/" >&2
		return 1
	done
}

# corrupt_damage IMAGE FSDAMAGE-ARGS...: a fresh copy of the base image at
# IMAGE, damaged by each `fsdamage ARGS` (several separated by ";"); fsck
# must then name the damage.
corrupt_damage() {
	local img=$1 arg
	local -a args=()
	shift
	cp --sparse=always "$CORRUPT_BASE" "$img" || return 1
	for arg in "$@" ";"; do
		if [ "$arg" != ";" ]; then
			args+=("$arg")
			continue
		fi
		build/fsdamage "${args[@]}" "$img" >>"$img.what" || return 1
		args=()
	done
	if build/fsck "$img" >"$img.fsck" 2>&1; then
		echo "fsck did not name the damage: $(tail -n 1 "$img.what")" >&2
		return 1
	fi
}

# Run as a script (by check below): CORRUPT_CASE="FSDAMAGE-ARGS" damages
# a copy (each fsdamage call's arguments; IMAGE goes last), then boots as
# corrupt_boot's arguments say.
if [ -n "${CORRUPT_CASE:-}" ]; then
	cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
	corrupt_tmp=$(mktemp -d) || exit 1
	trap 'rm -rf "$corrupt_tmp"' EXIT
	T_OUT=$corrupt_tmp
	. tests/lib.sh
	read -ra corrupt_args <<<"$CORRUPT_CASE" # split on blanks, no globbing of addr[0]
	corrupt_damage "$corrupt_tmp/img" "${corrupt_args[@]}" || exit 1
	corrupt_boot "$corrupt_tmp/img" "$@"
	exit
fi

# The base image, for this architecture.
CORRUPT_BASE=$T_OUT/corrupt-base.img
export CORRUPT_BASE
rm -f "$CORRUPT_BASE"
build/mkfs -o "$T_OUT/corrupt.fs" -s 16 -i 256 -l 80 $UPROGS/init $UPROGS/fswalk $UPROGS/ls \
	$UPROGS/cat >/dev/null && build/mkimage -o "$CORRUPT_BASE" $KERNEL "$T_OUT/corrupt.fs"
check "corrupt: the base image's tree" 0 "^fswalk: made /d" "" $VMM -m 32M "$CORRUPT_BASE" \
	-- fswalk make /d
check "corrupt: the base image is clean" 0 "^fsck: clean" "" build/fsck "$CORRUPT_BASE"
check "corrupt: fswalk reads it all, with no error" 0 \
	"^fswalk: 14 directories, 18[0-9] files, [0-9]+ bytes, 0 errors" "" \
	$VMM -m 32M "$CORRUPT_BASE" -- fswalk /

# corrupt_case NAME "FSDAMAGE-ARGS" WANT REGEX... -- COMMAND...
corrupt_case() {
	local name=$1 damage=$2
	shift 2
	CHECK_TIMEOUT=$((${CORRUPT_TIMEOUT:-20} + 20)) check "corrupt: $name" 0 "" "" \
		env CORRUPT_CASE="$damage" bash tests/corrupt.sh "$@"
}

# Issue 16, finding 3: block numbers from inodes and indirect blocks were
# used unchecked (panic: bio: block N is past the end of the disk), and
# inode numbers from directory entries (panic: ilock: inode N does not
# exist).
corrupt_case "a block pointer past the end of the disk, in an inode: cat fails" \
	"set /d/small/f10 addr[0] 4000000000" 1 "^fs: inode [0-9]+: .*4000000000" -- cat /d/small/f10
corrupt_case "an indirect block's entry past the end of the disk: the read fails" \
	"set /d/ind ind[5] 0xfffff000" 1 "^fs: .*4294963200" "^fswalk: /d/ind: read error" \
	-- fswalk /d/ind
corrupt_case "a double-indirect block's entry past the end of the disk: the read fails" \
	"set /d/sparse dind[0] 77777777" 1 "^fs: .*77777777" "^fswalk: /d/sparse: read error" \
	-- fswalk /d/sparse
corrupt_case "an entry naming an inode past the last: ls lists the rest" \
	"set /d/small/f3 entry 1000000" 1 "^fs: .*1000000" "^f4 " -- ls /d/small
corrupt_case "an entry naming a free inode: cat fails" \
	"set /d/small/f3 entry 250" 1 "^fs: .*250" -- cat /d/small/f3

# Finding 4: a size far past the largest file was accepted, and readers
# read holes for ever.
corrupt_case "a directory's size far past the largest file: ls ends" \
	"set /d/wide size 0x4000000000000000" 1 "^fs: inode [0-9]+: size 4611686018427387904" \
	-- ls /d/wide
corrupt_case "a directory's size far past the largest file: a lookup in it ends" \
	"set /d/wide size 0x4000000000000000" 1 "^fs: " -- cat /d/wide/nothing-by-this-name
corrupt_case "a directory with a hole: ls ends" \
	"set /d/wide size 0x40000000" 1 "^fs: .*hole" -- ls /d/wide
corrupt_case "a file's size far past the largest file: cat ends" \
	"set /d/ind size 0x4000000000000000" 1 "^fs: inode [0-9]+: size" -- cat /d/ind

# Writing on a damaged disk: freeing a block that the free map says is
# free panicked (bfree: freeing a free block). The first damage found
# makes the file system read-only: nothing more is written on it.
corrupt_case "a block in use marked free, then freed: no panic" \
	"set /d/ind free[0] 0" 0 "^fs: block [0-9]+ .*free" "removed 1 of 1" -- fswalk -w /d/ind
corrupt_case "after the first damage found, the disk is read-only" \
	"set /d/small/f10 addr[0] 4000000000" 1 "^fs: .*read-only" "removed 0 of 24" \
	-- fswalk -w /d/small
corrupt_case "a committed log naming a block it may not write: not replayed, read-only" \
	"-k log-outside 1" 1 "^fs: log: .*not replayed" "removed 0 of 25" -- fswalk -w /d/small

for ((corrupt_i = 0; corrupt_i < ${CORRUPT_IMAGES:-100}; corrupt_i++)); do
	corrupt_s=$((${CORRUPT_SEED:-1} + corrupt_i))
	cp --sparse=always "$CORRUPT_BASE" "$T_OUT/corrupt.img"
	corrupt_what=$(build/fsdamage "$corrupt_s" "$T_OUT/corrupt.img" 2>&1)
	corrupt_case "seed $corrupt_s: ${corrupt_what#fsdamage: }" "$corrupt_s" any -- fswalk -w /
done
