# The benchmarks, so that make bench cannot rot: every guest benchmark and
# every native one runs with tiny counts and prints well-formed BENCH lines
# (under ./vmm with numbers from the host counters, natively with n/a), and
# scripts/bench-compare runs end to end in its quick mode. Timings are
# never checked; only what must be exact. Sourced by tests/run.
B_IMG=$T_OUT/bench.img
cp --sparse=always $IMG "$B_IMG"
num='[0-9]+\.[0-9]'
B_VMM="ns_per_op=$num kinsn_per_op=$num exits_per_op=$num vmm_exits_per_op=$num"
B_NATIVE="ns_per_op=$num kinsn_per_op=n/a exits_per_op=n/a vmm_exits_per_op=n/a"

# vbench NAME WANT CMD...: the guest command's BENCH lines are well formed
# and are WANT ("name ops ..." in order).
vbench() {
	local name=$1 want=$2
	shift 2
	check "$name" 0 "^$want $" "" tests/bench-lines.sh "$B_VMM" "$VMM" -m 64M "$B_IMG" -- "$@"
}
vbench "forkbench prints a BENCH line with counts" "fork 3" forkbench 3
vbench "execbench prints exec and exec_only" "exec 2 exec_only 2" execbench 2
vbench "execbench spawns the 1 MiB bigtrue" "spawn_1m 1 spawn_1m_only 1" \
	execbench 1 /bin/bigtrue spawn_1m
vbench "cpubench sieves" "cpu_sieve 1" cpubench 1
vbench "sbrkbench grows 16 MiB and shrinks" "sbrk_16m 1" sbrkbench 1
vbench "pipebench makes round trips" "pipe_rtt 3" pipebench 3
vbench "nullbench makes null calls" "null_syscall 10" nullbench 10
vbench "fsbench writes with fsync" "fs_write_1m 1" fsbench write /tmp/b 1
vbench "fsbench reads cold and warm" "fs_read_cold 1 fs_read_warm 1" fsbench read2 /tmp/b
check "a null system call never exits to the monitor (exact)" 0 "vmm_exits_per_op=0\.0$" "" \
	"$VMM" -m 16M "$B_IMG" -- nullbench 200
check "bigtrue is a program of over 1 MiB" 0 "^yes$" "" \
	sh -c '[ "$(stat -c %s $UPROGS/bigtrue)" -gt 1048576 ] && echo yes'
check "a benchmark's usage error exits 2" 0 "^2 usage: forkbench N$" "" \
	sh -c 'out=$("$VMM" -m 16M "$1" -- forkbench); echo "$? $(echo "$out" | grep usage)"' sh "$B_IMG"

nbench() {
	local name=$1 want=$2
	shift 2
	check "$name" 0 "^$want $" "" tests/bench-lines.sh "$B_NATIVE" build/native-bench "$@"
}
nbench "native fork" "fork 3" fork 3
nbench "native exec of native-true" "exec 2 exec_only 2" exec 2
nbench "native spawn of native-bigtrue" "spawn_1m 1 spawn_1m_only 1" exec 1 build/native-bigtrue spawn_1m
nbench "native sieve" "cpu_sieve 1" cpu 1
nbench "native sbrk" "sbrk_16m 1" sbrk 1
nbench "native pipe" "pipe_rtt 3" pipe 3
nbench "native null call" "null_syscall 10" null 10
nbench "native file write and reads" "fs_write_1m 1 fs_read_cold 1 fs_read_warm 1" fs "$T_OUT/native.dat" 1
check "native-bench: a usage error exits 2" 2 "" "^usage: native-bench" build/native-bench fork 0

# The whole comparison, quick: a CSV row per benchmark and platform (13:
# boot and 12 BENCH lines; natively no boot; QEMU when scripts/qemu is
# there), the table, the four targets and the chart.
q_rows=0
[ -x scripts/qemu ] && q_rows=13
CHECK_TIMEOUT=300 check "bench-compare -q runs every benchmark and draws the chart" 0 \
	"^vmm=13 qemu=$q_rows native=12 png=PNG targets=4$" "" sh -c "
	scripts/bench-compare -q -o $T_OUT/cmp >$T_OUT/cmp.log 2>&1 || { tail -n 3 $T_OUT/cmp.log; exit 1; }
	printf 'vmm=%s qemu=%s native=%s png=%s targets=%s\n' \
		\$(grep -c '^1,vmm,' $T_OUT/cmp/raw.csv) \$(grep -c '^1,qemu,' $T_OUT/cmp/raw.csv) \
		\$(grep -c '^1,native,' $T_OUT/cmp/raw.csv) \
		\$(head -c 4 $T_OUT/cmp/chart.png | tail -c 3) \$(grep -c ' target ' $T_OUT/cmp/targets.txt)"
check "bench-compare: a bad round count is a usage error" 2 "" "^usage: scripts/bench-compare" \
	scripts/bench-compare -r x
check "bench-table refuses a file that is not its CSV" 1 "" "not a bench-compare CSV" \
	scripts/bench-table README.md "$T_OUT/tbl"
