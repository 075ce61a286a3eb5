# Shared by the shell test suites (sourced by tests/run).
# check NAME WANT_RC STDOUT_REGEX STDERR_REGEX CMD...
#   Runs CMD (20 s limit; CHECK_TIMEOUT=S check ... for a slow one); passes
#   when the exit status is WANT_RC and each non-empty regex matches the
#   output. A failing command must say why in
#   exactly one line on stderr: checked whenever WANT_RC is 1 or 2.
T_OUT=${T_OUT:-$(mktemp -d)}
# The monitor under test: ./vmm, or the sanitizer build (tests/sanitizers.sh).
# Exported, so that the commands the suites run through sh -c see it too.
export VMM=${VMM:-./vmm}

# use_arch x86_64|i386: the guest the suites boot: IMG (its disk image),
# KERNEL (its bare kernel), BANNER (the first word it prints), UPROGS (its
# user programs, built on the host); ARCH_PREFIX goes before each test's
# name (CHECK_PREFIX), "[i386] " for the second architecture. Exported for
# the suites' sub-shells and scripts.
use_arch() {
	if [ "$1" = i386 ]; then
		IMG=guest-i386.img KERNEL=guest/kernel-i386 BANNER=xv6-32 UPROGS=build/i386/user
		ARCH_PREFIX="[i386] "
	else
		IMG=guest.img KERNEL=guest/kernel BANNER=xv6-64 UPROGS=build/user ARCH_PREFIX=""
	fi
	CHECK_PREFIX=$ARCH_PREFIX
	export IMG KERNEL BANNER UPROGS ARCH_PREFIX
}
[ -n "${IMG:-}" ] || use_arch x86_64

# use_monitor PATH: the suites' $VMM runs the monitor PATH, on this host's
# KVM or, when KVM_KIND is box (tests/kvm.sh), through the box's client.
use_monitor() {
	if [ "${KVM_KIND:-}" = box ]; then
		VMM_BOX_VMM=$(realpath -- "$1") VMM=build/vmm-box
		export VMM_BOX_VMM
	else
		VMM=$1
	fi
}

# kvm_settle: on the box, waits until nothing of a run whose client was
# killed (kill -KILL) is left writing; the host's own KVM needs no wait.
kvm_settle() {
	[ "${KVM_KIND:-}" != box ] || build/vmm-box --box-settle
}
# Put before every test's name (tests/sanitizers.sh: "[asan] ").
CHECK_PREFIX=${CHECK_PREFIX:-}
passed=${passed:-0}
failed=${failed:-0}
skipped=${skipped:-0}

check() {
	local name=$1 want=$2 out_re=$3 err_re=$4
	shift 4
	timeout "${CHECK_TIMEOUT:-20}" "$@" >"$T_OUT/out" 2>"$T_OUT/err" </dev/null
	local rc=$? why=""
	[ "$rc" -eq "$want" ] || why="exit status $rc, want $want"
	if [ -z "$why" ] && [ -n "$out_re" ] && ! grep -Eq -- "$out_re" "$T_OUT/out"; then
		why="stdout lacks /$out_re/"
	fi
	if [ -z "$why" ] && [ -n "$err_re" ] && ! grep -Eq -- "$err_re" "$T_OUT/err"; then
		why="stderr lacks /$err_re/"
	fi
	if [ -z "$why" ] && { [ "$want" -eq 1 ] || [ "$want" -eq 2 ]; } &&
		[ "$(wc -l <"$T_OUT/err")" -ne 1 ]; then
		why="error message is not exactly one line"
	fi
	name="$CHECK_PREFIX$name"
	if [ -z "$why" ]; then
		passed=$((passed + 1))
		echo "ok   - $name"
	else
		failed=$((failed + 1))
		echo "FAIL - $name: $why"
		sed 's/^/       stdout: /' "$T_OUT/out" | head -5
		sed 's/^/       stderr: /' "$T_OUT/err" | head -5
	fi
}

skip() {
	skipped=$((skipped + 1))
	echo "skip - $1"
}

# patch FILE OFFSET BYTE...: overwrite bytes (given in hex) at OFFSET.
patch() {
	local file=$1 off=$2 hex=""
	shift 2
	for b in "$@"; do hex="$hex\\x$b"; done
	printf "$hex" | dd of="$file" bs=1 seek="$off" conv=notrunc status=none
}

# le32 VALUE: the 4 little-endian hex bytes of VALUE, for patch.
le32() {
	printf '%02x %02x %02x %02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}

# recover_check IMAGE OUT CRASHWORK-ARGS...: after a crash of crashwork on
# IMAGE: fsck (which judges the file system as the log replay will leave
# it), a boot of `crashwork ARGS` (the mount replays the log; verify or
# prefixes), fsck again. Prints crashwork's verdict; on a failure says why in
# one line on stderr and returns 1. OUT prefixes the files it leaves.
recover_check() {
	local img=$1 out=$2
	shift 2
	kvm_settle
	if ! build/fsck "$img" >"$out.fsck1" 2>&1; then
		echo "fsck after the crash: $(grep -v note "$out.fsck1" | head -n 1)" >&2
		return 1
	fi
	if ! $VMM "$img" -- crashwork "$@" >"$out.verify" 2>&1; then
		echo "$1: $({ grep -E 'FAIL|panic' "$out.verify" || tail -n 1 "$out.verify"; } | head -n 1)" >&2
		return 1
	fi
	grep '^crashwork: ' "$out.verify"
	if ! build/fsck "$img" >"$out.fsck2" 2>&1; then
		echo "fsck after recovery: $(grep -v note "$out.fsck2" | head -n 1)" >&2
		return 1
	fi
}
