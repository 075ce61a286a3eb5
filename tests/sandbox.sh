# The sandbox (monitor/core/sandbox.c) on the real monitor. Every other suite
# runs with it on; here: it is on while the guest runs and off with
# --no-sandbox; a call it forbids stops the monitor with one line naming the
# call (a preloaded library turns the monitor's fdatasync into fsync); and
# on a terminal, Ctrl-A x, a forbidden call and SIGTERM each give the
# terminal back. The unit tests (tests/unit/test_sandbox.c) try each rule.
# Sourced by tests/run.
SB=$T_OUT/sandbox
mkdir -p "$SB"
SB_PRELOAD=build/tests/fdatasync-as-fsync.so
# An ASan build of ./vmm (tests/run's sanitizer pass) wants its run time
# first among the libraries; the preloaded one comes before it here.
SB_ASAN=ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

# sb_seccomp_mode OUT [OPTION...]: the Seccomp field of /proc/PID/status of
# a monitor running `sleep 2` in the guest, read once the guest has printed
# (into OUT); of every thread, each mode once (two modes make two words, so
# a thread without the filter fails the check). It reads the monitor's own
# /proc, so on the KVM box it runs inside the box (tests/in-kvm), where the
# monitor runs.
sb_seccomp_mode() {
	local out=$1 pid i
	shift
	: >"$out"
	$MONITOR "$@" $IMG -- sleep 2 >"$out" &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		grep -q "^$BANNER" "$out" && break
		sleep 0.05
	done
	awk '/^Seccomp:/ { print "Seccomp: " $2 }' /proc/$pid/task/*/status | sort -u |
		paste -sd ' '
	wait "$pid"
}
export -f sb_seccomp_mode

check "the filter is on while the guest runs (Seccomp: 2)" 0 "^Seccomp: 2$" "" \
	tests/in-kvm bash -c 'sb_seccomp_mode "$@"' - "$SB/mode.out"
check "--no-sandbox runs without it (Seccomp: 0)" 0 "^Seccomp: 0$" "" \
	tests/in-kvm bash -c 'sb_seccomp_mode "$@"' - "$SB/mode.out" --no-sandbox

# Several vCPUs: each has a thread, created before the filter (which then
# covers them all, TSYNC); a CPU the guest starts sets its registers and
# runs under it.
check "--cpus 2: the filter is on in every thread" 0 "^Seccomp: 2$" "" \
	tests/in-kvm bash -c 'sb_seccomp_mode "$@"' - "$SB/mode.out" --cpus 2
check "--cpus 2: a CPU the guest starts runs under the filter" 42 "^hello from CPU 1$" "" \
	$VMM --cpus 2 build/tests/guests/smp.elf

cp --sparse=always $IMG "$SB/disk.img"
check "a forbidden call (fsync) stops the monitor, named, exit 1" 1 "" \
	"^vmm: sandbox: forbidden system call fsync \(74\)$" \
	env "$SB_ASAN" LD_PRELOAD=$SB_PRELOAD $VMM "$SB/disk.img" -- crashwork 1 1
check "the same run with --no-sandbox completes" 0 "^crashwork: 1 operations$" "" \
	env "$SB_ASAN" LD_PRELOAD=$SB_PRELOAD $VMM --no-sandbox "$SB/disk.img" -- crashwork 1 1

# sb_on_tty KEYS CMD: runs CMD on a terminal (script(1) gives it one).
# Input typed before the guest's first read is flushed when the terminal
# goes raw (TCSAFLUSH), so KEYS are sent again every 0.2 s until the monitor
# is gone. Prints the monitor's status and whether `stty -g` is as before.
sb_on_tty() {
	local keys=$1 cmd=$2
	while printf "$keys" 2>/dev/null; do sleep 0.2; done |
		script -qec "s=\$(stty -g); $cmd; rc=\$?; [ \"\$s\" = \"\$(stty -g)\" ] &&
			echo \"tty restored, status \$rc\"" /dev/null
}
export -f sb_on_tty

if command -v script >/dev/null; then
	check "Ctrl-A x quits on a terminal and restores it" 0 "tty restored, status 0" "" \
		bash -c 'sb_on_tty "$@"' - '\001x' "$VMM $IMG"
	cp --sparse=always $IMG "$SB/tty.img"
	check "a forbidden call while the terminal is raw restores it" 0 \
		"tty restored, status 1" "" bash -c 'sb_on_tty "$@"' - '\004' \
		"$SB_ASAN LD_PRELOAD=$SB_PRELOAD $VMM $SB/tty.img -- sh -c 'cat >/tmp/f' 2>$SB/tty.err"
	check "... and names the call" 0 "^vmm: sandbox: forbidden system call fsync \(74\)" "" \
		cat "$SB/tty.err"
	check "SIGTERM while the terminal is raw restores it and kills the monitor" 0 \
		"tty restored, status 143" "" bash -c 'sb_on_tty "$@"' - ' ' \
		"exec 3<&0; $VMM $IMG <&3 & p=\$!;
		 while [ \"\$(stty -g)\" = \"\$s\" ]; do sleep 0.05; done; kill -TERM \$p; wait \$p"
else
	skip "terminal cases (script(1) is missing)"
fi
