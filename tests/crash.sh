# Crash safety: seeded trials, each on a fresh sparse copy of $IMG.
# A trial boots `crashwork SEED 1000000` (user/tests/crashwork.c), SIGKILLs the
# monitor (SIGTERM on the box: crash_signal) after a seeded delay (50-800 ms), checks the image with fsck
# (which judges the file system as the log replay will leave it), boots
# `crashwork verify SEED M` (the mount replays the log; M is the number of
# operations the workload reported committed), and checks the image with
# fsck again. Sourced by tests/run; one check line per trial.
#   CRASH_TRIALS         trials (default 20)
#   CRASH_NOSYNC_TRIALS  trials of crashwork SEED N nosync, which commits
#                        only as the kernel's group commit decides (default 5)
#   CRASH_SEED           the first trial's seed (default 1); trial i uses
#                        seed + i
# A failing trial reruns alone: CRASH_TRIAL=SEED [CRASH_NOSYNC=1] bash tests/crash.sh
# Besides the trials: the replay of a committed log made by hand, and a
# crash while a file unlinked but open (crashwork orphan).

# crash_delay SEED [nosync]: the trial's delay in ms, from bash's
# generator seeded with SEED, so a seed always names the same delay:
# 50-800 ms, or 1000-3000 ms for a nosync run (whose first commit comes
# after about a second, when the kernel's group commit decides).
crash_delay() {
	local hi lo
	RANDOM=$1
	hi=$RANDOM lo=$RANDOM # one draw alone moves in step with the seed
	if [ -n "${2:-}" ]; then
		echo $((1000 + (hi * 32768 + lo) % 2001))
	else
		echo $((50 + (hi * 32768 + lo) % 751))
	fi
}

# crash_trial SEED IMAGE [nosync]: one trial; says what happened on
# stdout, why it failed in one line on stderr, and exits 0 when the disk
# kept its promises. A nosync run promises nothing but consistency: the
# check after it is fsck and crashwork prefixes (every file a prefix of
# its pattern), not verify.
# The signal that crashes a trial. On the box a SIGKILLed client cannot pass
# it on: the run inside goes on for tens of milliseconds, doing operations
# whose reports never arrive, and verify would find more than M done. The
# client passes SIGTERM on instead, the monitor dies by it at once (it has
# no handler without a terminal: no clean-up runs, as with SIGKILL), and
# its output up to then arrives.
crash_signal=KILL
[ "${KVM_KIND:-}" = box ] && crash_signal=TERM
crash_trial() {
	local seed=$1 img=$2 nosync=${3:-} delay pid rc m out=$2.out
	delay=$(crash_delay "$seed" $nosync)
	cp --sparse=always $IMG "$img" || return 1
	$VMM "$img" -- crashwork "$seed" 1000000 $nosync >"$out" 2>"$out.err" &
	pid=$!
	sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
	kill -"$crash_signal" "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null # without bash's "Killed" line
	rc=$?
	m=$(grep -cE '^(done|deleted) ' "$out")
	echo "seed $seed: killed after $delay ms, $m operations reported${nosync:+ (not promised: nosync)}"
	if [ "$rc" -ne $((128 + $(kill -l "$crash_signal"))) ]; then
		echo "the workload ended by itself (status $rc): $(tail -n 1 "$out.err") $(tail -n 1 "$out")" >&2
		return 1
	fi
	if [ -n "$nosync" ]; then
		recover_check "$img" "$out" prefixes
	else
		recover_check "$img" "$out" verify "$seed" "$m"
	fi
}

# crash_u32 FILE OFFSET: a little-endian 32-bit field.
crash_u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }

# crash_fnv SEQ N BLOCK...: fs_log_checksum of a log header.
crash_fnv() {
	local x=2166136261 v
	for v in "$@"; do x=$((((x ^ v) * 16777619) & 0xffffffff)); done
	echo "$x"
}

# crash_committed_log IMG: makes IMG's log hold a committed transaction,
# as a crash between a commit's header and its clearing leaves it: one
# block, a copy of the root directory's first block. Replaying it changes
# nothing, and its first word (the inode number of ".") is not zero.
crash_committed_log() {
	local img=$1 part logstart inodestart blk seq
	part=$(($(crash_u32 "$img" $((0x1BE + 16 + 8))) * 512)) # partition 2
	logstart=$(crash_u32 "$img" $((part + 4096 + 24)))
	inodestart=$(crash_u32 "$img" $((part + 4096 + 28)))
	blk=$(crash_u32 "$img" $((part + inodestart * 4096 + 128 + 16))) # inode 1's addrs[0]
	dd if="$img" of="$img" bs=4096 skip=$((part / 4096 + blk)) \
		seek=$((part / 4096 + logstart + 1)) count=1 conv=notrunc status=none
	seq=$(($(crash_u32 "$img" $((part + logstart * 4096 + 4))) + 1))
	patch "$img" $((part + logstart * 4096)) $(le32 1) $(le32 $seq) \
		$(le32 "$(crash_fnv $seq 1 "$blk")") $(le32 "$blk")
}

# crash_orphan IMAGE: a crash while a process holds a file it unlinked
# (crashwork orphan); the next boot must free the inode, so fsck after it
# finds no orphan.
crash_orphan() {
	local img=$1 pid i
	cp --sparse=always $IMG "$img" || return 1
	: >"$img.out"
	$VMM "$img" -- crashwork orphan >"$img.out" 2>&1 &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		grep -q '^orphaned$' "$img.out" && break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null
	if ! grep -q '^orphaned$' "$img.out"; then
		echo "crashwork orphan did not get ready: $(tail -n 1 "$img.out")" >&2
		return 1
	fi
	if ! $VMM "$img" -- crashwork verify 1 0 >"$img.verify" 2>&1; then
		echo "the boot after the crash failed: $(tail -n 1 "$img.verify")" >&2
		return 1
	fi
	build/fsck "$img" >"$img.fsck" 2>&1 && return 0
	echo "fsck after the boot: $(grep -v note "$img.fsck" | head -n 1)" >&2
	return 1
}

# Run as a script (by check below): one trial, or the orphan case.
if [ -n "${CRASH_TRIAL:-}${CRASH_ORPHAN:-}" ]; then
	cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
	crash_tmp=$(mktemp -d) || exit 1
	trap 'rm -rf "$crash_tmp"' EXIT
	T_OUT=$crash_tmp
	. tests/lib.sh
	if [ -n "${CRASH_ORPHAN:-}" ]; then
		crash_orphan "$crash_tmp/orphan.img"
	else
		crash_trial "$CRASH_TRIAL" "$crash_tmp/crash.img" ${CRASH_NOSYNC:+nosync}
	fi
	exit
fi

# The replay itself, without luck in the timing.
crash_img=$T_OUT/replay.img
cp --sparse=always $IMG "$crash_img"
crash_committed_log "$crash_img"
check "replay: fsck sees the committed transaction made for the test" 0 \
	"log holds a committed transaction of 1 blocks" "" build/fsck "$crash_img"
check "replay: the kernel mounts a disk whose log holds a committed transaction" 0 \
	"^fstest: 1 passed, 0 failed$" "" $VMM -m 256M "$crash_img" -- fstest dots
check "replay: the log is empty and fsck clean afterwards" 0 "^fsck: clean" "" sh -c \
	"build/fsck $crash_img >$T_OUT/replay.fsck && ! grep 'log holds' $T_OUT/replay.fsck &&
	 cat $T_OUT/replay.fsck"

check "a file unlinked while open at a crash is freed by the next boot" 0 "" "" \
	env CRASH_ORPHAN=1 bash tests/crash.sh

for ((crash_i = 0; crash_i < ${CRASH_TRIALS:-20}; crash_i++)); do
	crash_s=$((${CRASH_SEED:-1} + crash_i))
	check "crash trial seed $crash_s (killed after $(crash_delay $crash_s) ms): verify and fsck" \
		0 "verify ok" "" env CRASH_TRIAL=$crash_s bash tests/crash.sh
done

for ((crash_i = 0; crash_i < ${CRASH_NOSYNC_TRIALS:-5}; crash_i++)); do
	crash_s=$((${CRASH_SEED:-1} + 1000 + crash_i))
	check "crash trial without fsync seed $crash_s (killed after $(crash_delay $crash_s nosync) ms): prefixes and fsck" \
		0 "prefixes ok" "" env CRASH_TRIAL=$crash_s CRASH_NOSYNC=1 bash tests/crash.sh
done
