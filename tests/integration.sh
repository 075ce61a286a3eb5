# Boots $IMG, the bare kernel and the test guests and checks what the
# monitor and guest print and how the monitor exits. Sourced by tests/run.
G=build/tests/guests
banner="$BANNER: 128 MiB RAM"

check "boot $IMG to the banner" 0 "$banner" "" $VMM $IMG
check "boot the bare kernel ELF" 0 "$banner" "" $VMM $KERNEL
check "-m 64M reaches the guest" 0 "$BANNER: 64 MiB RAM" "" $VMM -m 64M $IMG
check "--memory=1G reaches the guest" 0 "$BANNER: 1024 MiB RAM" "" $VMM --memory=1G $IMG
check "command line reaches the guest" 127 'cmdline "nosuch hi there"' "" \
	$VMM $IMG -- nosuch hi there
check "quoted words stay words" 127 "cmdline \"nosuch 'a b'\"" "" $VMM $IMG -- nosuch "a b"
check "an unknown first program exits 127" 127 "^init: nosuch: not found$" "" $VMM $IMG -- nosuch

# The kernel core's own test program as the first process, on both page
# copy paths: the monitor's copy engine and plain CPU instructions.
check "ktest passes (copy path chosen at boot)" 0 "^ktest: [0-9]+ passed, 0 failed$" "" \
	$VMM -m 16M $IMG -- ktest
check "ktest passes with copy=cpu" 0 "^ktest: [0-9]+ passed, 0 failed$" "" \
	$VMM -m 16M $IMG -- copy=cpu ktest
check "ktest passes with copy=engine" 0 "^ktest: [0-9]+ passed, 0 failed$" "" \
	$VMM -m 16M $IMG -- copy=engine ktest
check "kernel panic exits 3 with a reason" 3 "panic: " "guest kernel panic" \
	$VMM $IMG -- panic-test
check "kernel page fault panics with CR2" 3 "(CR2|cr2).*(0x)?0*1000" "guest kernel panic" \
	$VMM $IMG -- fault-test
# Several vCPUs (tests/guests/smp.S): the CPU-start device refuses CPU 0,
# a CPU out of range, a descriptor outside RAM and a second start; CPU 1
# runs from the entry, stack and argument given, with its own APIC ID, and
# its power-off ends the run from under CPU 0, which spins.
check "--cpus 1: the CPU-start device refuses every start" 41 "" "" $VMM $G/smp.elf
check "--cpus 2: CPU 1 starts, prints, powers off" 42 "^hello from CPU 1$" "" \
	$VMM --cpus 2 $G/smp.elf
check "--cpus 3: CPU 2 stays waiting to the end" 42 "^hello from CPU 1$" "" \
	$VMM --cpus 3 $G/smp.elf
check "--cpus 2: the start requests are counted, the refusals as errors" 0 \
	"^  cpu-start +4$" "" sh -c "$VMM --cpus 2 --stats $G/smp.elf 2>&1 >/dev/null |
	sed -n '/^device errors/,/^[^ ]/p'"
check "--cpus 2: --stats splits exits by vCPU" 42 "^  vCPU 1 +2 " "" \
	sh -c "$VMM --cpus 2 --stats $G/smp.elf 2>&1 >/dev/null"
check "--cpus 2: --trace names the vCPU" 0 "^[0-9]+,1,IO,0x501,4,out,0x2a," "" \
	sh -c "$VMM --cpus 2 --trace $T_OUT/smp.csv $G/smp.elf >/dev/null; cat $T_OUT/smp.csv"
check "--cpus 2 boots the kernel (its other CPU waits)" 0 "^hi$" "" $VMM --cpus 2 $IMG -- echo hi
check "fdisk reads the partition table" 0 "${IMG}1 .*Non-FS data" "" fdisk -l $IMG
check "--help" 0 "^Usage: vmm" "" $VMM --help
check "--version" 0 "^vmm [0-9]" "" $VMM --version
check "--stats counts exits and kernel instructions" 0 "" "insn_emulation" \
	$VMM --stats $IMG
check "a closed stdout does not stop the monitor" 0 "" "" sh -c '$VMM $IMG >&-'

check "console: one write, status 42" 42 "^hello from the test guest$" "" $VMM $G/hello.elf
check "unknown port reads all ones, writes ignored" 0 "" "" $VMM $G/ports.elf
check "--strict stops at an unknown port" 3 "" "unknown port 0x1234" $VMM --strict $G/ports.elf
check "triple fault is reported" 3 "" "triple fault" $VMM $G/triple.elf
check "hostile console descriptors are refused" 0 "" "" $VMM $G/badconsole.elf
check "copy engine fills and copies guest pages" 0 "" "" $VMM $G/copy.elf

# Observation: a guest with exactly 5 console writes and 1 power-off.
check "--stats counts 5 console exits" 0 "" "0x0500 console +5 " $VMM --stats $G/writes.elf
check "--stats splits the time" 0 "" "monitor handling exits +[0-9.]+ ms" $VMM --stats $G/writes.elf
check "--trace writes one record per exit" 0 "^6$" "" \
	sh -c "$VMM --trace $T_OUT/t.csv $G/writes.elf >/dev/null && tail -n +2 $T_OUT/t.csv | wc -l"
check "--trace records port, direction, value" 0 "^5$" "" \
	sh -c "$VMM --trace $T_OUT/t.csv $G/writes.elf >/dev/null && grep -c '^[0-9]*,0,IO,0x500,4,out,0x' $T_OUT/t.csv"
check "--trace has a header" 0 "^t_ns,vcpu,reason,port_or_addr,size,dir,value,handle_ns$" "" \
	head -1 $T_OUT/t.csv
check "--trace-max bounds the file" 0 "^3$" "" \
	sh -c "$VMM --trace $T_OUT/t.csv --trace-max 3 $G/writes.elf >/dev/null && tail -n +2 $T_OUT/t.csv | wc -l"
check "--trace to an unwritable path" 1 "" "--trace /nonexistent/t.csv: No such file" \
	$VMM --trace /nonexistent/t.csv $G/writes.elf

# Regions: "three" holds 3 console writes plus its closing mark, twice.
check "regions: entries counted per label" 0 "" 'region "three": entered 2 times' \
	$VMM --stats $G/regions.elf
check "regions: exits attributed to the label" 0 \
	"exits reaching the monitor +8 +4.0" "" sh -c "$VMM --stats $G/regions.elf 2>&1 >/dev/null | sed -n '/region \"three\"/,/region \"none\"/p'"
check "regions: an empty region costs only its closing mark" 0 \
	"exits reaching the monitor +1 +1.0" "" sh -c "$VMM --stats $G/regions.elf 2>&1 >/dev/null | sed -n '/region \"none\"/,\$p'"
check "regions: an unbalanced end is reported" 0 "" "1 marks ignored" $VMM --stats $G/regions.elf

# Profiler: spin.elf spends its time in hot_loop.
check "--profile names the hot function" 0 "" "^ +[0-9.]+%  hot_loop$" $VMM --profile $G/spin.elf
check "--profile-out writes folded stacks" 0 "^kernel;hot_loop [0-9]+$" "" \
	sh -c "$VMM --profile=2000 --profile-out $T_OUT/p.folded $G/spin.elf 2>/dev/null && cat $T_OUT/p.folded"
# User functions: spin spends its time in spin_hot, named from the symbols of
# /bin/spin on the guest's disk; forkbench's time is the kernel's.
check "--profile names a user program's hot function" 0 "" "^ +[0-9.]+%  spin:spin_hot$" \
	$VMM --profile $IMG -- spin 300
check "--profile-out folds user samples by program" 0 "^user;spin;spin_hot [0-9]+$" "" \
	sh -c "$VMM --profile --profile-out $T_OUT/u.folded $IMG -- spin 300 >/dev/null 2>&1 && cat $T_OUT/u.folded"
check "--profile reads a program written during the run" 0 "" "^ +[0-9.]+%  s:spin_hot$" \
	$VMM --profile $IMG -- sh -c "cp /bin/spin /tmp/s && /tmp/s 300"
# Enough forks for a few dozen samples: 300 take ~1.4 s where every kernel
# instruction is emulated (kvm_pvm, where the page copy is the monitor's and
# uvm_clone is the hot spot), ~30 ms where none is (memcpy is).
PROF_FORKS=3000
[ "${KVM_KIND:-}" = kvm_pvm ] && PROF_FORKS=300
check "--profile names forkbench's kernel hot spot (the page copy)" 0 "" "^ +[0-9.]+%  (uvm_clone|memcpy)$" \
	$VMM --profile -m 16M $IMG -- forkbench $PROF_FORKS
check "SIGUSR1 prints the stats while the guest runs" 0 "^([2-9]|[1-9][0-9]+)$" "" \
	tests/sigusr1-stats.sh $G/longrun.elf
check "SIGUSR1 prints the stats with --cpus 2 (CPU 1 waiting)" 0 "^([2-9]|[1-9][0-9]+)$" "" \
	env VMM="$VMM --cpus 2" tests/sigusr1-stats.sh $G/longrun.elf
check "plot-exits draws a timeline and a histogram" 0 "^PNG PNG$" "" sh -c \
	"$VMM --trace $T_OUT/p.csv $G/regions.elf >/dev/null && scripts/plot-exits $T_OUT/p.csv $T_OUT/p >/dev/null &&
	 printf '%s %s\n' \$(head -c 4 $T_OUT/p-timeline.png | tail -c 3) \$(head -c 4 $T_OUT/p-latency.png | tail -c 3)"
check "plot-exits refuses a file that is not a trace" 1 "" "not a ./vmm --trace file" \
	scripts/plot-exits README.md

# Host counters: five console writes between two reads. The kernel
# instructions between the two OUTs are exact on kvm_pvm: 1 (the loop
# count) + 5 x 7 (the loop) + 5 (the second read, its OUT included).
ctr_insn='insn=[0-9]+'
[ "${KVM_KIND:-}" = kvm_pvm ] && ctr_insn='insn=41'
check "counters: N console writes between two reads are exactly N console exits" 0 \
	"^console=5 counters=1 exits=6 io=6 mmio=0 $ctr_insn status=0 time_advanced=1$" "" \
	$VMM $G/counters.elf
