# The benchmarks, so that make bench cannot rot: every guest benchmark and
# every native one runs with tiny counts and prints well-formed BENCH lines
# (under ./vmm with numbers from the host counters, natively with n/a), the
# regions make bench reads are there, and scripts/bench (make bench) runs
# end to end in its quick mode, on the KVM the suites use. Timings are
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
vbench "conbench writes to the console" "console_write 3" conbench 3
vbench "fsbench writes with fsync" "fs_write_1m 1" fsbench write /tmp/b 1
vbench "fsbench reads cold and warm" "fs_read_cold 1 fs_read_warm 1" fsbench read2 /tmp/b
check "a null system call never exits to the monitor (exact)" 0 "vmm_exits_per_op=0\.0$" "" \
	"$VMM" -m 16M "$B_IMG" -- nullbench 200
check "a one-byte console write is one exit to the monitor" 0 "^BENCH name=console_write .* vmm_exits_per_op=1\.0$" "" \
	"$VMM" -m 16M "$B_IMG" -- conbench 20
check "the benchmarks' loops are --stats regions" 0 \
	"^conbench forkbench fs_read_cold fs_read_warm fs_write nullbench pipebench $" "" sh -c '
	c="forkbench 1; nullbench 1; pipebench 1; conbench 1; fsbench write /r 1; fsbench read2 /r"
	"$VMM" --stats -m 64M "$1" -- sh -c "$c" 2>&1 >/dev/null |
		sed -n "s/^region \"\([a-z_]*\)\": entered 1 times$/\1/p" | sort | tr "\n" " "' sh "$B_IMG"
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

check "native-bench marks lists its regions" 0 "^1 fork 2 exec_fork .* 10 fs_read_warm $" "" \
	sh -c 'build/native-bench marks | tr "\n" " "'

# make bench, quick, once (it runs both architectures itself): every
# section's rows in the CSV (exact: ours on both architectures and Linux,
# 3 metrics of 6 and 5 operations; exits: 2 metrics of 8 operations on
# both; time: 13 rows a platform, 12 natively), the time section as the
# KVM allows (./vmm alone in the box, never beside native), every target
# (8 exact, 8 exits, 2 more of time beside QEMU), both charts.
if [ "$IMG" = guest.img ]; then
	if [ "${KVM_KIND:-}" = box ]; then
		b_time="box=13 vmm=0 qemu=0 native=0" b_targets=16 b_kvm="the KVM box"
	else
		b_time="box=0 vmm=13 qemu=0 native=12" b_targets=18 b_kvm="this host's /dev/kvm ($KVM_KIND)"
		[ -x scripts/qemu ] && b_time="box=0 vmm=13 qemu=13 native=12"
	fi
	CHECK_TIMEOUT=600 check "make bench (scripts/bench -q) writes every section, target and chart" 0 \
		"^ours=36 linux=15 exits=32 $b_time targets=$b_targets png=PNG,PNG kvm=yes$" "" sh -c "
		scripts/bench -q -o $T_OUT/all >$T_OUT/all.log 2>&1 || { tail -n 3 $T_OUT/all.log; exit 1; }
		c() { grep -c \"\$1\" $T_OUT/all/raw.csv; }
		printf 'ours=%s linux=%s exits=%s box=%s vmm=%s qemu=%s native=%s targets=%s png=%s,%s kvm=%s\n' \
			\$(c '^exact,ours,') \$(c '^exact,linux,x86_64,') \$(c '^exits,$KVM_KIND,') \
			\$(c '^time,box,') \$(c '^time,vmm,') \$(c '^time,qemu,') \$(c '^time,native,') \
			\$(grep -c ' target ' $T_OUT/all/targets.txt) \
			\$(head -c 4 $T_OUT/all/chart.png | tail -c 3) \$(head -c 4 $T_OUT/all/time.png | tail -c 3) \
			\$(grep -qF \"KVM: $b_kvm\" $T_OUT/all.log && grep -qF \"$b_kvm\" $T_OUT/all/table.md &&
				echo yes || echo no)"
	check "make bench: fork and exec reach the monitor 0 times, a console write and a block request once" \
		0 "^0 0 1 1 0 0 1 1 $" "" sh -c "
		for a in x86_64 i386; do for o in fork exec console_write block_request; do
			awk -F, -v a=\$a -v o=\$o '\$1 == \"exits\" && \$3 == a && \$4 == o && \$7 == \"vmm_exits\" {
				printf \"%g \", \$8 }' $T_OUT/all/raw.csv; done; done"
fi
check "bench-compare: a bad round count is a usage error" 2 "" "^usage: scripts/bench-compare" \
	scripts/bench-compare -r x
check "bench: an unknown option is a usage error" 2 "" "^usage: scripts/bench " scripts/bench -x
check "bench-exact: an argument is a usage error" 2 "" "^usage: scripts/bench-exact" \
	scripts/bench-exact guest.img
check "bench-exits: an unknown option is a usage error" 2 "" "^usage: scripts/bench-exits" \
	scripts/bench-exits -x
check "bench-fs: a bad run count is a usage error" 2 "" "^usage: scripts/bench-fs" \
	scripts/bench-fs guest.img x
check "bench-table refuses a file that is not its CSV" 1 "" "not a make bench CSV" \
	scripts/bench-table README.md "$T_OUT/tbl"
check "bench-table refuses an unknown section" 2 "" "no section 'speed'" \
	scripts/bench-table README.md "$T_OUT/tbl" speed
