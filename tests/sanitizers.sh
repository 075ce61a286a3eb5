# The monitor built with AddressSanitizer and UndefinedBehaviorSanitizer
# (build/asan/vmm, clang -fsanitize=address,undefined
# -fno-sanitize-recover=all; make test builds it) runs the integration
# tests, the bad-input table, the user-land tests and the disk tests:
# guest-visible behaviour must be the same, and no sanitizer may report
# anything. Sourced by tests/run.
#
# Sanitizer options, deliberately:
# - detect_leaks=1: at exit LeakSanitizer checks that every allocation is
#   freed or still reachable. It stops the monitor's threads with ptrace
#   from a helper it clones, so it works here but not when the monitor is
#   itself traced (strace, gdb: it then fails with "LeakSanitizer does not
#   work under ptrace"; run those with ASAN_OPTIONS=detect_leaks=0).
# - log_path: a report goes to a file of its own ($T_OUT/sanitizer.PID)
#   instead of stderr, so the final check can list every report, whichever
#   test caused it; exitcode=86 makes the test that caused it fail (no test
#   expects 86).
# - UBSan: print_stacktrace=1 names the path to the undefined behaviour;
#   -fno-sanitize-recover already makes the first report fatal.
if [ ! -x build/asan/vmm ]; then
	failed=$((failed + 1))
	echo "FAIL - build/asan/vmm is missing (make test builds it)"
	return
fi
rm -f "$T_OUT"/sanitizer.*
export ASAN_OPTIONS="detect_leaks=1:log_path=$T_OUT/sanitizer:exitcode=86"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$T_OUT/sanitizer:exitcode=86"
use_monitor build/asan/vmm
CHECK_PREFIX="[asan] $ARCH_PREFIX"
# The monitor's own input and disk handling do not depend on the guest's
# architecture: those two suites run in the x86-64 pass only.
asan_suites="tests/integration.sh tests/user.sh"
[ "$IMG" = guest.img ] && asan_suites="$asan_suites tests/bad-inputs.sh tests/disk.sh"
for asan_suite in $asan_suites; do
	echo "== $asan_suite on build/asan/vmm"
	. "$asan_suite"
done
use_monitor ./vmm
CHECK_PREFIX=$ARCH_PREFIX
unset ASAN_OPTIONS UBSAN_OPTIONS
check "no AddressSanitizer or UBSan report from build/asan/vmm" 0 "" "" \
	sh -c "! ls $T_OUT/sanitizer.* 2>/dev/null"
if ls "$T_OUT"/sanitizer.* >/dev/null 2>&1; then
	head -20 "$T_OUT"/sanitizer.* | sed 's/^/       /'
fi
