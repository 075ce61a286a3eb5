# usertests, the kernel's own self-test suite (user/tests/usertests.c), in the
# guest: each of its "ok - T" or "FAIL - T: why" lines counts here as a
# test, and then its exit status and final line must agree with them.
# Then what only the host can check: fsck of the image, poweroff, --stats
# regions, usage errors; and usertests -q under QEMU. Every run uses a
# sparse scratch copy of an image. Sourced by tests/run.
#   USERTESTS_FULL=1  the whole suite with the default 128 MiB (about two
#                     minutes on kvm_pvm) instead of usertests -q with
#                     32 MiB (about 20 s): the memory tests take all of it,
#                     several times, at ~80 emulated instructions a page
UT_IMG=$T_OUT/usertests.img
cp --sparse=always $IMG "$UT_IMG"

# ut_suite NAME LIMIT VMM_ARGS...: runs the suite; each test line becomes
# a test here ("usertests: T"); then one check of the status and the end.
ut_suite() {
	local name=$1 limit=$2 rc np nf
	shift 2
	timeout "$limit" $VMM "$@" </dev/null >"$T_OUT/ut.out" 2>"$T_OUT/ut.err"
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*)
			passed=$((passed + 1))
			echo "ok   - usertests: ${line#ok - }"
			;;
		"FAIL - "*)
			failed=$((failed + 1))
			echo "FAIL - usertests: ${line#FAIL - }"
			;;
		esac
	done <"$T_OUT/ut.out"
	np=$(grep -c '^ok - ' "$T_OUT/ut.out")
	nf=$(grep -c '^FAIL - ' "$T_OUT/ut.out")
	cp "$T_OUT/ut.out" "$T_OUT/ut.last"
	check "$name: status 0, and the last line is \"$np passed, 0 failed\" ($np > 40)" 0 "" "" \
		sh -c "[ $rc -eq 0 ] && [ $nf -eq 0 ] && [ $np -gt 40 ] &&
		       [ \"\$(tail -n 1 $T_OUT/ut.last)\" = '$np passed, 0 failed' ]"
	if [ "$rc" -ne 0 ] || [ "$nf" -ne 0 ]; then
		echo "       exit status $rc; the lines that are not ok:"
		grep -v '^ok - ' "$T_OUT/ut.out" | tail -20 | sed 's/^/       /'
		sed 's/^/       stderr: /' "$T_OUT/ut.err" | tail -5
	fi
}

if [ -n "${USERTESTS_FULL:-}" ]; then
	ut_suite "usertests (the whole suite)" 900 "$UT_IMG" -- usertests
else
	ut_suite "usertests -q" 120 -m 32M "$UT_IMG" -- usertests -q
fi
check "fsck: the image is clean after usertests" 0 "^fsck: clean" "" build/fsck "$UT_IMG"

# Issue 16: a process took all memory, then wrote files, and the kernel
# panicked (the buffer cache could not grow to hold one transaction). On
# a fresh boot the cache is at its smallest, and the default 128 MiB let
# the log take in the largest transactions.
check "usertests mem-fs on a fresh boot: files written with all memory taken" 0 \
	"^1 passed, 0 failed$" "" $VMM "$UT_IMG" -- usertests -q mem-fs

# Run alone: poweroff commits a file written without fsync, and the
# machine stops with the status's low 8 bits (0x12d: 45).
check "usertests poweroff: the guest stops with status 45" 45 "" "" \
	$VMM "$UT_IMG" -- usertests poweroff
check "usertests poweroff: the file written before it is on disk" 0 \
	"^written before poweroff$" "" $VMM "$UT_IMG" -- cat /tmp/usertests.poweroff
# mark's nesting past the monitor's 8 levels and its extra closes, with
# --stats counting regions.
check "usertests mark under --stats: the regions are reported" 0 "^1 passed, 0 failed$" \
	'region "usertests"' $VMM --stats "$UT_IMG" -- usertests mark
# The guest says why on the console, the monitor's stdout; the one line
# on stderr that check wants for status 1 or 2 states the status.
UT_VMM=(sh -c '$VMM "$@"; rc=$?; echo "vmm: exit status $rc" >&2; exit $rc' vmm)
check "usertests NAME: an unknown test fails" 1 "^FAIL - nosuch: no such test$" "" \
	"${UT_VMM[@]}" "$UT_IMG" -- usertests nosuch
check "usertests -x: the usage line, status 2" 2 "^usage: usertests " "" \
	"${UT_VMM[@]}" "$UT_IMG" -- usertests -x

# Under QEMU (TCG): the x86-64 kernel on a PC's devices, in the x86-64
# pass (tests/qemu.sh runs the i386 kernel's usertests -q under QEMU).
if [ "$IMG" != guest.img ]; then
	:
elif command -v qemu-system-x86_64 >/dev/null; then
	cp --sparse=always $IMG "$T_OUT/ut-qemu.img"
	CHECK_TIMEOUT=300 check "usertests -q under QEMU (x86-64)" 0 "^[0-9]+ passed, 0 failed$" "" \
		scripts/qemu -m 32M "$T_OUT/ut-qemu.img" -- usertests -q
else
	skip "usertests under QEMU: qemu-system-x86_64 is missing"
fi
