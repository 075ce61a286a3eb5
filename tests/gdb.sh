# The gdb stub (--gdb, monitor/debug/) driven by real gdb in batch mode
# through scripts/gdb, and from a raw socket (tests/gdb_raw.py) for what gdb
# never sends. Both run where the monitor runs (tests/in-kvm): in the KVM
# box, gdb runs there too. Sourced by tests/run, once per architecture.
GD=$T_OUT/gdb
mkdir -p "$GD"

check "gdb: a bad --gdb address is a usage error" 2 "" "bad --gdb address" \
	$VMM --gdb=nohost:12 $IMG -- true
check "gdb: a bad --gdb port is a usage error" 2 "" "bad --gdb address" \
	$VMM --gdb=70000 $IMG -- true

# One session, the issue's whole walk: fork, a backtrace, a process field,
# ten steps, a watchpoint on the clock, main of a user program by name,
# its page table, detach. The guest then finishes with its own status.
cat >"$GD/session.gdb" <<'GDB'
set pagination off
break fork
continue
bt
print cpus[0].proc->prog.name
set $before = $pc
stepi 10
printf "stepped: %d\n", $pc != $before
delete
watch ticks
continue
delete
vmm-break-user ls
continue
info symbol $pc
vmm-proc 0x1000
detach
GDB
CHECK_TIMEOUT=240 check "gdb: a session on the kernel and a user program, then the guest's status" \
	7 "Remote target\) detached" "" \
	env VMM_GDB_HERE=1 tests/in-kvm "$PWD/scripts/gdb" -batch -x "$GD/session.gdb" $IMG -- \
	sh -c 'echo forked; ls /bin/ls; exit 7'
cp "$T_OUT/out" "$GD/session.out"
gdb_saw() {
	check "gdb: $1" 0 "$2" "" cat "$GD/session.out"
}
gdb_saw "breaks at the kernel's fork" '^Breakpoint 1, fork \(\)'
# (i386's sys_fork jumps to fork: its frame is trap's)
gdb_saw "backtrace through the system call" '^#1 .* in (sys_fork|trap) \('
gdb_saw "backtrace down to the trap entry" '^#[23] .* in alltraps \(\)'
gdb_saw "reads a process field (the name)" '^\$1 = "sh'
gdb_saw "steps 10 instructions" '^stepped: 1$'
gdb_saw "a watchpoint on ticks fires" '^New value = [0-9]+$'
gdb_saw "breaks in /bin/ls's main by name" '^Breakpoint 3, 0x0*[0-9a-f]+ in main \(\)$'
gdb_saw "at the program's own main" '^main in section \.text of .*/user-ls$'
gdb_saw "the current process is ls" '^pid [0-9]+  ls  RUNNING'
gdb_saw "its page-table walk" '-> physical 0x[0-9a-f]+ \(4 KiB page, read-only, user\)'
gdb_saw "the guest ran on after detach" '^/bin/ls +2 '

CHECK_TIMEOUT=120 check "gdb: malformed packets are errors, the guest lives on" 0 \
	"the guest's own status" "" tests/in-kvm "$PWD/tests/gdb_raw.py" $IMG bad
CHECK_TIMEOUT=120 check "gdb: Ctrl-C stops a running guest (SIGINT)" 0 "killed after Ctrl-C" "" \
	tests/in-kvm "$PWD/tests/gdb_raw.py" $IMG interrupt
CHECK_TIMEOUT=120 check "gdb: attach to a running guest, detach, attach again" 0 \
	"killed after attaching again" "" tests/in-kvm "$PWD/tests/gdb_raw.py" $IMG attach
CHECK_TIMEOUT=120 check "gdb: kill ends the run with status 1 and one line" 0 \
	"kill: one line" "" tests/in-kvm "$PWD/tests/gdb_raw.py" $IMG kill
CHECK_TIMEOUT=120 check "gdb: two vCPUs are two threads, all stop together" 0 "smp: status" "" \
	tests/in-kvm "$PWD/tests/gdb_raw.py" build/tests/guests/smp.elf smp
