# Power loss: a sweep of simulated power cuts over one workload.
# `./vmm --fail-writes-after N` lets the first N write requests reach the
# disk and stops the guest at the next one, which never lands. The sweep
# first runs `crashwork SEED OPS` (user/tests/crashwork.c: each operation fsyncs
# before it prints its line) to completion with --stats, to learn how many
# write requests it makes (W); then, for POINTS values of N spread over
# [0, W), on a fresh sparse copy of $IMG each: the cut run (exit 4, and
# --stats must count exactly N writes), fsck, a boot of
# `crashwork verify SEED M` (the mount replays the log; M is the number of
# operations the cut run reported committed: every one must be intact), and
# fsck again (recover_check in tests/lib.sh). One check line per point.
# Sourced by tests/run.
#   POWERLOSS_POINTS  points (default 50; every write when W is smaller)
#   POWERLOSS_OPS     operations of the workload (default 16)
#   POWERLOSS_SEED    its seed (default 7)
# A failing point reruns alone: POWERLOSS_POINT=N bash tests/powerloss.sh
PL_OPS=${POWERLOSS_OPS:-16}
PL_SEED=${POWERLOSS_SEED:-7}

# powerloss_point N IMAGE: one cut after N writes; says what happened on
# stdout, why it failed in one line on stderr, and exits 0 when every
# committed operation survived and the file system is clean.
powerloss_point() {
	local n=$1 img=$2 out=$2.out rc m writes
	cp --sparse=always $IMG "$img" || return 1
	$VMM --stats --fail-writes-after "$n" "$img" -- crashwork "$PL_SEED" "$PL_OPS" \
		>"$out" 2>"$out.err"
	rc=$?
	m=$(grep -cE '^(done|deleted) ' "$out")
	writes=$(sed -n 's/^block device: .*), \([0-9]*\) writes .*/\1/p' "$out.err")
	echo "cut after $n writes: $m operations reported committed"
	if [ "$rc" -ne 4 ] || ! grep -q '^vmm: power cut: write request' "$out.err"; then
		echo "no power cut (status $rc): $(grep -v '^ ' "$out.err" | tail -n 1)" >&2
		return 1
	fi
	if [ "$writes" != "$n" ]; then
		echo "--stats counts ${writes:-no} writes, not $n" >&2
		return 1
	fi
	recover_check "$img" "$out" verify "$PL_SEED" "$m"
}

# Run as a script (by check below): one point.
if [ -n "${POWERLOSS_POINT:-}" ]; then
	cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
	pl_tmp=$(mktemp -d) || exit 1
	trap 'rm -rf "$pl_tmp"' EXIT
	T_OUT=$pl_tmp
	. tests/lib.sh
	powerloss_point "$POWERLOSS_POINT" "$pl_tmp/cut.img"
	exit
fi

pl_img=$T_OUT/powerloss.img
cp --sparse=always $IMG "$pl_img"
$VMM --stats "$pl_img" -- crashwork "$PL_SEED" "$PL_OPS" >"$pl_img.out" 2>"$pl_img.err"
pl_writes=$(sed -n 's/^block device: .*), \([0-9]*\) writes .*/\1/p' "$pl_img.err")
check "power loss: the workload (crashwork $PL_SEED $PL_OPS) runs to completion, ${pl_writes:-?} writes" \
	0 "^crashwork: $PL_OPS operations$" "" sh -c "cat $pl_img.out && [ ${pl_writes:-0} -gt 0 ]"
pl_points=${POWERLOSS_POINTS:-50}
[ "${pl_writes:-0}" -lt "$pl_points" ] && pl_points=${pl_writes:-0}
for ((pl_i = 0; pl_i < pl_points; pl_i++)); do
	pl_n=$((pl_i * pl_writes / pl_points))
	check "power cut after $pl_n of $pl_writes writes: fsck clean, every committed operation intact" \
		0 "verify ok" "" env POWERLOSS_POINT=$pl_n POWERLOSS_OPS=$PL_OPS POWERLOSS_SEED=$PL_SEED \
		bash tests/powerloss.sh
done
