# The KVM box (scripts/kvmbox, scripts/box/) itself, when the suites run
# through it (KVM_KIND=box: a host without /dev/kvm, or VMM_KVM=box): that
# the runs are really on hardware virtualization, that the client keeps
# ./vmm's face (streams apart, statuses, signals, several runs at once, a
# terminal), that only the caller gets in, and that nothing of a SIGKILLed
# client's run is left. The crash suite's 20 SIGKILL trials run through it
# too. Sourced by tests/run.
if [ "${KVM_KIND:-}" != box ]; then
	skip "the KVM box: the suites use this host's /dev/kvm ($KVM_KIND); VMM_KVM=box tests the box"
	return
fi
BX=$T_OUT/box
mkdir -p "$BX"

check "box: VMM_KVM=box picks the box" 0 "^box$" "" env VMM_KVM=box scripts/kvmbox pick
check "box: VMM_KVM=host picks the host's /dev/kvm" 0 "^host$" "" env VMM_KVM=host scripts/kvmbox pick
check "box: a VMM_KVM of neither is refused" 1 "" "VMM_KVM=kvm: use host, box or auto" \
	env VMM_KVM=kvm scripts/kvmbox pick
check "box: scripts/kvmbox status says it is up" 0 "^kvmbox: up \(port [0-9]+\)$" "" \
	scripts/kvmbox status

# The path: kvm_amd (not kvm_pvm) serves the runs; the guest kernel runs
# natively; user mode's `int $0x40` arrives as vector 0x40 (the kernel takes
# system calls only there: on kvm_pvm it would be #UD, trap 6, and kill the
# process); 32-bit paging, impossible on kvm_pvm, works.
check "box: the runs' KVM is kvm_amd, not kvm_pvm" 0 "^kvm_amd$" "" \
	tests/in-kvm sh -c '[ -d /sys/module/kvm_amd ] && [ ! -d /sys/module/kvm_pvm ] && echo kvm_amd'
check "box: the boot line says kernel instructions native" 0 \
	'^xv6-64: .*, kernel instructions native$' "" $VMM --readonly guest.img -- true
check "box: system calls from user mode arrive as vector 0x40 (no trap 6)" 0 "^calls 0x40 ok$" "" \
	sh -c '$VMM --readonly guest.img -- echo calls 0x40 ok | grep -v "^xv6" && \
	       ! $VMM --readonly guest.img -- echo x | grep "trap 6"'
check "box: the i386 kernel turns on 32-bit paging itself" 0 \
	'^xv6-32: .*, kernel instructions native$' "" $VMM --readonly guest-i386.img -- true

# The client keeps ./vmm's face.
check "box: stdout and stderr stay apart" 0 "^apart$" "" sh -c \
	"\$VMM --readonly guest.img -- echo out >$BX/o 2>$BX/e; \$VMM $BX/none.img >>$BX/o 2>>$BX/e;
	 grep -qx out $BX/o && ! grep -q vmm: $BX/o && grep -q 'none.img: No such file' $BX/e &&
	 ! grep -q out $BX/e && echo apart"
check "box: the guest's exit status comes back" 42 "" "" $VMM --readonly guest.img -- sh -c 'exit 42'
check "box: a monitor error keeps its status and one line" 1 "" "^vmm: .*none.img" $VMM "$BX/none.img"
check "box: SIGTERM ends the run inside; the client dies by it" 0 "^143 TERM$" "" sh -c \
	"\$VMM build/tests/guests/longrun.elf >/dev/null & p=\$!; sleep 0.5; kill -TERM \$p;
	 wait \$p; rc=\$?; echo \"\$rc \$(kill -l \$rc)\""
check "box: four runs at once, each with its own output" 0 "^1 2 3 4$" "" sh -c \
	"for i in 1 2 3 4; do \$VMM --readonly guest.img -- echo run\$i >$BX/par\$i 2>&1 & done; wait;
	 echo \$(for i in 1 2 3 4; do grep -q \"^run\$i\$\" $BX/par\$i && echo \$i; done)"

# Only the caller: the state folder is its owner's alone, and a client
# without the secret is turned away.
check "box: the state folder and secret are the owner's alone" 0 "^700 600$" "" \
	sh -c 'echo $(stat -c %a build/box build/box/secret)'
mkdir -p "$BX/fake/runs" && cp build/box/port "$BX/fake/" &&
	printf '%064d' 0 >"$BX/fake/secret"
check "box: a client without the secret is refused" 1 "" "refused the secret" \
	env VMM_BOX_DIR="$BX/fake" $VMM --readonly guest.img -- true
check "box: a client when no box runs says so in one line" 1 "" "the KVM box is not running" \
	env VMM_BOX_DIR="$BX/nobox" $VMM --readonly guest.img -- true

# A SIGKILLed client cannot end its run; the next run or --box-settle has
# it killed and reaped first. Proof: right after the settle no process in
# the box has the image open, and the next run on it is not refused.
cp --sparse=always guest.img "$BX/kill.img"
check "box: after a SIGKILLed client, --box-settle leaves no process on its image" 0 "^none$" "" \
	sh -c "\$VMM $BX/kill.img -- crashwork 3 1000000 >/dev/null 2>&1 & p=\$!; sleep 1;
	       kill -KILL \$p; wait \$p 2>/dev/null; build/vmm-box --box-settle &&
	       VMM_BOX_VMM=/bin/sh build/vmm-box -c 'ls -l /proc/[0-9]*/fd 2>/dev/null | grep -c kill.img ||:' |
	       sed 's/^0\$/none/'"
check "box: the next run after a SIGKILLed client starts at once (not 'in use')" 0 "" "" sh -c \
	"\$VMM $BX/kill.img -- crashwork 4 1000000 >/dev/null 2>&1 & p=\$!; sleep 1;
	 kill -KILL \$p; wait \$p 2>/dev/null; \$VMM $BX/kill.img -- true"
check "box: the image is clean once its killed runs are settled" 0 "^fsck: clean" "" \
	sh -c "build/vmm-box --box-settle && build/fsck $BX/kill.img"

# On a terminal: make run to the shell prompt, Ctrl-A x, the window size.
if /usr/bin/python3 -c 'import pexpect' 2>/dev/null; then
	CHECK_TIMEOUT=120 check "box: make run and the window size on a terminal (tests/box_tty.py)" 0 \
		"" "" /usr/bin/python3 tests/box_tty.py
	sed 's/^/       /' "$T_OUT/out"
else
	failed=$((failed + 1))
	echo "FAIL - box: terminal cases need python3-pexpect (scripts/deps installs it)"
fi
