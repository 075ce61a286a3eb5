# scripts/icount, the exact instruction counter (QEMU TCG and our plugin,
# build/icount.so), on both architectures' images: the same counts in three
# runs of one command; the kernel's instructions per fork of forkbench
# taken two ways (the whole run's count for two loop lengths, and the mark
# region around the loop) agree within 1%; the profile; the budgets
# (tests/budgets); Linux counted the same way (--linux); bad input. Needs
# no KVM. Sourced by tests/run.
if ! command -v qemu-system-x86_64 >/dev/null; then
	skip "icount: qemu-system-x86_64 is missing (scripts/deps installs it)"
	return 0
fi
if [ ! -f build/icount.so ]; then
	skip "icount: build/icount.so is missing (make builds it)"
	return 0
fi
I_OUT=$T_OUT/icount
mkdir -p "$I_OUT"

# ic_exact FILE: the report's lines that must repeat exactly: all but the
# host-timed ones (wait:) and the guest's own output (its timings).
ic_exact() {
	grep -E '^[^ ]+ +(kernel|user|firmware|entries) ' "$1"
}
# ic_per_fork SHORT LONG N_SHORT N_LONG: the kernel's instructions per fork
# from the whole runs' difference and from LONG's region, and whether they
# agree within 1%.
ic_per_fork() {
	awk -v ns="$3" -v nl="$4" '
	FNR == 1 { f++ }
	$1 == "all" && $2 == "kernel" { whole[f] = $3 }
	$1 == "forkbench" && $2 == "kernel" { region[f] = $3 }
	END {
		a = (whole[2] - whole[1]) / (nl - ns); b = region[2] / nl
		printf "per fork: %.1f from the two runs, %.1f from the region\n", a, b
		d = a > b ? a - b : b - a
		exit !(b > 0 && d <= b / 100)
	}' "$1" "$2"
}
# ic_op SHORT LONG N_SHORT N_LONG LABEL: one operation's kernel
# instructions, raw and hardware-style, from the region LABEL of two runs
# whose loops ran N_SHORT and N_LONG times: what the loop does once, less
# what the region holds besides (the marks, the benchmark's clock reads).
ic_op() {
	awk -v ns="$3" -v nl="$4" -v l="$5" '
	FNR == 1 { f++ }
	$1 == l && $2 == "kernel" { raw[f] = $3; hw[f] = $4 }
	END {
		if (raw[1] == "" || raw[2] == "")
			exit 1
		printf "%d %d\n", (raw[2] - raw[1]) / (nl - ns), (hw[2] - hw[1]) / (nl - ns)
	}' "$1" "$2"
}
# ic_budget OP ARCH RAW HW: passes when the figures are within OP's limits
# for ARCH in tests/budgets (or $BUDGETS; hardware-style, then raw), and
# says both.
ic_budget() {
	local limits file=${BUDGETS:-tests/budgets}
	limits=$(awk -v op="$1" -v arch="$2" '$1 == op && $2 == arch {print $3, $4}' "$file")
	[ -n "$limits" ] || { echo "no budget for $1 on $2 in $file" >&2; return 1; }
	set -- "$1" "$2" "$3" "$4" $limits
	echo "$1 ($2): $4 hardware-style kernel instructions (limit $5), $3 raw (limit $6)"
	[ "$4" -le "$5" ] && [ "$3" -le "$6" ] || {
		echo "$1 ($2) grew past its budget: $4 > $5 or $3 > $6 (tests/budgets)" >&2
		return 1
	}
}
export -f ic_exact ic_per_fork ic_op ic_budget

for arch in x86_64 i386; do
	use_arch "$arch"
	out=$I_OUT/$arch
	for run in 1 2 3; do
		CHECK_TIMEOUT=90 check "icount: forkbench 20, run $run" 0 "^forkbench +kernel +[0-9]+" "" \
			sh -c "scripts/icount $IMG -- forkbench 20 >$out.20.$run && cat $out.20.$run"
	done
	check "icount: three runs give identical counts (kernel, user, firmware, regions)" 0 "" "" \
		bash -c "ic_exact $out.20.1 >$out.a && [ -s $out.a ] &&
			ic_exact $out.20.2 | cmp - $out.a && ic_exact $out.20.3 | cmp - $out.a"
	check "icount: the boot's host-timed loops are counted apart" 0 "" "" \
		grep -Eq "^all +wait:lapic_calibrate +[1-9]" "$out.20.1"
	check "icount: hardware-style counts rep string instructions once" 0 "" "" \
		awk '$1 == "forkbench" && $2 == "kernel" {ok = $4 < $3} END {exit !ok}' "$out.20.1"
	CHECK_TIMEOUT=90 check "icount: forkbench 60 with its kernel profile" 0 "^fork +[0-9]+" "" \
		sh -c "scripts/icount --profile=forkbench $IMG -- forkbench 60 >$out.60 && cat $out.60"
	check "icount: kernel instructions per fork: two runs' difference = the region's, within 1%" \
		0 "^per fork: " "" bash -c "ic_per_fork $out.20.1 $out.60 20 60"

	# The budgets: per fork from the runs above; per exec and null system
	# call from two more; the boot to power-off with -- true.
	CHECK_TIMEOUT=90 check "icount: execbench 10 and nullbench 100" 0 "^nullbench +kernel" "" \
		sh -c "scripts/icount $IMG -- sh -c 'execbench 10; nullbench 100' >$out.s && cat $out.s"
	CHECK_TIMEOUT=90 check "icount: execbench 30 and nullbench 300" 0 "^nullbench +kernel" "" \
		sh -c "scripts/icount $IMG -- sh -c 'execbench 30; nullbench 300' >$out.l && cat $out.l"
	CHECK_TIMEOUT=90 check "icount: -- true" 0 "^all +kernel" "" \
		sh -c "scripts/icount $IMG -- true >$out.boot && cat $out.boot"
	check "icount: budget: fork" 0 "^fork " "" \
		bash -c "ic_budget fork $arch \$(ic_op $out.20.1 $out.60 20 60 forkbench)"
	check "icount: budget: fork+exec+wait" 0 "^exec " "" \
		bash -c "ic_budget exec $arch \$(ic_op $out.s $out.l 10 30 exec)"
	check "icount: budget: null system call" 0 "^null " "" \
		bash -c "ic_budget null $arch \$(ic_op $out.s $out.l 100 300 nullbench)"
	check "icount: budget: boot with -- true to power-off" 0 "^boot " "" \
		bash -c "ic_budget boot $arch \$(awk '\$1 == \"all\" && \$2 == \"kernel\" {print \$3, \$4}' $out.boot)"
done
use_arch x86_64
printf 'fork x86_64 2035 4618\n' >"$T_OUT/budgets"
check "icount: budget: a figure past its limit fails, saying so" 1 "" "grew past its budget" \
	env BUDGETS="$T_OUT/budgets" bash -c "ic_budget fork x86_64 4618 2036"

# Linux under the same counter (--linux): the KVM box's Debian kernel and
# the native benchmarks, whose loops are regions (the plugin's NOP marks).
# Two runs of one command count the same; a run needs the box's parts.
if scripts/kvmbox fetch >/dev/null 2>&1; then
	for run in 1 2; do
		CHECK_TIMEOUT=120 check "icount --linux: native-bench fork 3, run $run" 0 \
			"^fork +kernel +[1-9][0-9]+" "" \
			sh -c "scripts/icount --linux -- native-bench fork 3 >$I_OUT/linux.$run &&
				cat $I_OUT/linux.$run"
	done
	check "icount --linux: two runs give identical counts in the region" 0 "" "" \
		bash -c "grep -E '^fork +' $I_OUT/linux.1 >$I_OUT/linux.a && [ -s $I_OUT/linux.a ] &&
			grep -E '^fork +' $I_OUT/linux.2 | cmp - $I_OUT/linux.a"
	check "icount --linux: the command's exit status comes back" 3 "" "" \
		scripts/icount --linux -- sh -c 'exit 3'
else
	skip "icount --linux: the KVM box's Linux cannot be fetched (scripts/kvmbox fetch)"
fi
check "icount: --linux takes no image" 2 "" "--linux takes no IMAGE" \
	scripts/icount --linux guest.img
check "icount: no profile of Linux" 2 "" "Linux's kernel has no symbols" \
	scripts/icount --profile --linux

# Bad input: one line on stderr, status 2 for usage, 1 for an error.
check "icount: no image is a usage error" 2 "" "^scripts/icount: usage: " scripts/icount
check "icount: an unknown option is a usage error" 2 "" "unknown option --bogus" \
	scripts/icount --bogus guest.img
check "icount: a bad --ops is a usage error" 2 "" "bad --ops 'x'" scripts/icount --ops x guest.img
check "icount: a missing image" 1 "" "nosuch.img: no such file" scripts/icount "$T_OUT/nosuch.img"
check "icount: a bare kernel is not a disk image" 1 "" "not a disk image" \
	scripts/icount guest/kernel
: >"$T_OUT/empty.img"
check "icount: an empty file is not a disk image" 1 "" "not a disk image" \
	scripts/icount "$T_OUT/empty.img"
