# The quick subset of the integration tests on hardware-virtualization KVM
# (kvm_amd, in the machine scripts/hwkvm boots under QEMU), for both guest
# architectures: the paths our users' hosts take and kvm_pvm never does.
# The guest kernel runs natively (no VMM_BOOT_F_EMULATED, so pages are
# copied with plain instructions), `int $0x40` from user mode arrives as
# vector 0x40, not as #UD, and the i386 kernel turns on 32-bit paging
# itself. Every run shares one boot; the checks then read each run's
# output. Sourced by tests/run.
HW=$T_OUT/hwkvm
HW_LIST=$HW/runs
mkdir -p "$HW"
: >"$HW_LIST"
hw_checks=()

# hw_quote WORD: WORD quoted for the run list (xargs splits it back).
hw_quote() {
	printf "'%s'" "${1//\'/\'\\\'\'}"
}

# hw_run NAME WANT_RC STDOUT_REGEX STDERR_REGEX IMAGE [VMM-ARGS...]: one
# run in the machine, checked as check would once the machine is done.
hw_run() {
	local line="" w
	for w in "${@:5}"; do line="$line $(hw_quote "$w")"; done
	echo "$line" >>"$HW_LIST"
	hw_checks+=("$1" "$2" "$3" "$4")
}

# The runs for one architecture's image and bare kernel; progs is where its
# user programs were built.
hw_arch() {
	local arch=$1 img=$2 kernel=$3 banner=$4 progs=$5
	hw_run "$arch: guest.img boots; kernel instructions native" 0 \
		"$banner, cmdline \"true\", kernel instructions native" "" "$img" -- true
	hw_run "$arch: the bare kernel boots and powers off" 0 "$banner" "" "$kernel"
	hw_run "$arch: -- echo with blanks and quotes" 0 "^a  b\|c 'd'$" "" "$img" -- echo "a  b|c" "'d'"
	hw_run "$arch: -- false exits 1" 1 "" "" "$img" -- false
	hw_run "$arch: an unknown command exits 127" 127 "^init: nosuch: not found$" "" \
		"$img" -- nosuch
	hw_run "$arch: a pipeline in the shell" 0 "^2$" "" "$img" -- sh -c 'echo a | wc -c'
	hw_run "$arch: kernel panic exits 3" 3 "panic: requested" "guest kernel panic" \
		"$img" -- panic-test
	hw_run "$arch: kernel page fault panics with CR2" 3 "(CR2|cr2).*(0x)?0*1000" \
		"guest kernel panic" "$img" -- fault-test
	hw_run "$arch: ktest (CPU page copies, chosen at boot)" 0 \
		"^ktest: [0-9]+ passed, 0 failed$" "" "$img" -m 16M -- ktest
	hw_run "$arch: ktest with copy=engine" 0 "^ktest: [0-9]+ passed, 0 failed$" "" \
		"$img" -m 16M -- copy=engine ktest
	hw_run "$arch: fstest -q" 0 "^fstest: [0-9]+ passed, 0 failed$" "" \
		"$img" -m 256M -- fstest -q
	if [ -x "$progs/usertests" ]; then
		hw_run "$arch: usertests -q" 0 "^[0-9]+ passed, 0 failed$" "" \
			"$img" -m 256M -- usertests -q
	fi
	hw_run "$arch: --stats on kvm_amd" 0 "" "exits reaching the monitor" \
		"$img" --stats -- true
	hw_run "$arch: --profile names a user program's hot function" 0 "" \
		"^ +[0-9.]+%  spin:spin_hot$" "$img" --profile -- spin 50
}

check "scripts/hwkvm: a missing image is refused before booting" 125 "" \
	"/nonexistent.img: no such file" scripts/hwkvm /nonexistent.img -- true

cp --sparse=always guest.img "$HW/x86_64.img"
hw_arch x86_64 "$HW/x86_64.img" guest/kernel "xv6-64: 128 MiB RAM" build/user
cp --sparse=always guest-i386.img "$HW/i386.img"
hw_arch i386 "$HW/i386.img" guest/kernel-i386 "xv6-32: 128 MiB RAM" build/i386/user
G=build/tests/guests
hw_run "test guest: console, status 42" 42 "^hello from the test guest$" "" $G/hello.elf
hw_run "test guest: triple fault reported" 3 "" "triple fault" $G/triple.elf
hw_run "test guest: unknown ports" 0 "" "" $G/ports.elf
hw_run "test guest: hostile console descriptors" 0 "" "" $G/badconsole.elf
hw_run "test guest: copy engine" 0 "" "" $G/copy.elf

echo "   (one boot of Linux under QEMU TCG with kvm_amd: scripts/hwkvm)"
CHECK_TIMEOUT=900 check "scripts/hwkvm: the machine boots and every run finishes" 0 \
	"^hwkvm: run [0-9]+: exit" "" scripts/hwkvm -r "$HW_LIST" -o "$HW/out"

# A run's result as a command for check: its output, and its status. A
# guest's own failure (status 1) prints nothing on stderr, where check
# wants one line for status 1 or 2: then say the status there.
HW_RESULT=(sh -c '[ -f "$1.status" ] || { echo "the run did not finish" >&2; exit 125; }
	cat "$1.out"; cat "$1.err" >&2; rc=$(cat "$1.status")
	{ [ "$rc" != 1 ] && [ "$rc" != 2 ]; } || [ -s "$1.err" ] || echo "exit status $rc" >&2
	exit "$rc"' hw-result)
for ((i = 0; i < ${#hw_checks[@]}; i += 4)); do
	check "${hw_checks[i]}" "${hw_checks[i + 1]}" "${hw_checks[i + 2]}" "${hw_checks[i + 3]}" \
		"${HW_RESULT[@]}" "$HW/out/$((i / 4 + 1))"
done
check "x86_64: fsck clean after the runs" 0 "^fsck: clean" "" build/fsck "$HW/x86_64.img"
check "i386: fsck clean after the runs" 0 "^fsck: clean" "" build/fsck "$HW/i386.img"
