# gdb commands for the guest of ./vmm, loaded by scripts/gdb (docs/gdb.md).
#
#   vmm-user PROG             load the symbols of /bin/PROG, read from the
#                             image itself (build/fsget)
#   vmm-break-user PROG [FN]  vmm-user PROG, then a hardware breakpoint on
#                             FN (default main) that stops only in PROG
#   vmm-proc [ADDR]           the current process; with ADDR, the walk of
#                             ADDR through its page table (monitor walk)
#
# User programs are linked at fixed addresses, and every process uses the
# same ones: an int3 written into one process's page would not be in the
# next program's, so breakpoints in user code are hardware breakpoints,
# which match the address whatever the page table, with a condition on
# the process's name.
import os
import subprocess

import gdb


def _image():
    return os.environ.get("VMM_GDB_IMAGE", "guest.img")


def _is_i386():
    return gdb.lookup_type("long").sizeof == 4


def _user_elf(prog):
    tmp = os.environ.get("VMM_GDB_TMP", "/tmp")
    fsget = os.environ.get("VMM_GDB_FSGET", "build/fsget")
    out = os.path.join(tmp, "user-" + os.path.basename(prog))
    with open(out, "wb") as f:
        r = subprocess.run([fsget, _image(), "/bin/" + prog], stdout=f,
                           stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise gdb.GdbError(r.stderr.strip() or "fsget failed")
    return out


def _symbol(elf, name):
    """The address of name in the program's own symbol table (the kernel
    has a main too, so gdb's lookup would find the wrong one)."""
    out = subprocess.run(["nm", elf], stdout=subprocess.PIPE, text=True).stdout
    for line in out.split("\n"):
        f = line.split()
        if len(f) == 3 and f[2] == name and f[1] in "Tt":
            return int(f[0], 16)
    raise gdb.GdbError("no function %s in %s" % (name, elf))


class VmmUser(gdb.Command):
    """vmm-user PROG: load the symbols of the guest's /bin/PROG."""

    def __init__(self):
        super().__init__("vmm-user", gdb.COMMAND_FILES)

    def invoke(self, arg, from_tty):
        prog = arg.strip()
        if not prog:
            raise gdb.GdbError("usage: vmm-user PROG")
        gdb.execute("add-symbol-file %s" % _user_elf(prog), to_string=not from_tty)
        print("vmm: symbols of /bin/%s loaded" % prog)


def _after_exec_switch():
    """guest/exec.c:LINE just after commit() switched to the new page table."""
    with open("guest/exec.c") as f:
        lines = f.read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("static void commit("))
    at = next(i for i in range(start, len(lines)) if "uvm_switch(p);" in lines[i])
    return "guest/exec.c:%d" % (at + 2)


class VmmBreakUser(gdb.Command):
    """vmm-break-user PROG [FUNCTION]: stop when PROG runs FUNCTION (main).

A hardware breakpoint on FUNCTION's address that stops in PROG only.
Without debug registers (the KVM box), the next exec of PROG also stops in
the kernel just after its new page table is loaded, and the monitor
single-steps from there to FUNCTION (monitor step-to)."""

    def __init__(self):
        super().__init__("vmm-break-user", gdb.COMMAND_BREAKPOINTS)

    def invoke(self, arg, from_tty):
        words = arg.split()
        if len(words) not in (1, 2):
            raise gdb.GdbError("usage: vmm-break-user PROG [FUNCTION]")
        prog, fn = words[0], words[1] if len(words) == 2 else "main"
        gdb.execute("vmm-user %s" % prog, to_string=True)
        addr = _symbol(_user_elf(prog), fn)
        cond = '$_streq(cpus[0].proc->prog.name, "%s")' % prog
        gdb.execute("hbreak *%#x if %s" % (addr, cond))
        if "int3" in gdb.execute("monitor info", to_string=True):
            return
        b = gdb.Breakpoint(_after_exec_switch(), internal=True, temporary=True)
        b.condition = cond
        b.silent = True
        b.commands = "monitor step-to\ncontinue"
        print("vmm: no debug registers here: the next exec of %s steps to %s" % (prog, fn))


def _phys(va):
    """The physical address of a kernel pointer (image or direct map)."""
    if _is_i386():
        return va - 0x80000000
    if va >= 0xffffffff80000000:
        return va - 0xffffffff80000000
    return va - 0xffff800000000000


_STATES = ["UNUSED", "EMBRYO", "SLEEPING", "RUNNABLE", "RUNNING", "ZOMBIE"]


class VmmProc(gdb.Command):
    """vmm-proc [ADDR]: the current process, and the walk of ADDR in its page table."""

    def __init__(self):
        super().__init__("vmm-proc", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        p = gdb.parse_and_eval("cpus[0].proc")
        mask = 0xffffffff if _is_i386() else 0xffffffffffffffff
        if int(p) == 0:
            print("no current process (booting, or the scheduler)")
            root = int(gdb.parse_and_eval("$cr3")) & mask
        else:
            state = int(p["state"])
            print("pid %d  %s  %s  size %#x  page table %#x (physical %#x)" % (
                int(p["pid"]), p["prog"]["name"].string(),
                _STATES[state] if state < len(_STATES) else state,
                int(p["sz"]), int(p["pagetable"]) & mask,
                _phys(int(p["pagetable"]) & mask)))
            root = _phys(int(p["pagetable"]) & mask)
        if arg.strip():
            addr = int(gdb.parse_and_eval(arg)) & mask
            # Through stdout with the rest (gdb writes a target's output to
            # stderr).
            print(gdb.execute("monitor walk %x %x" % (addr, root), to_string=True), end="")


class VmmToHigh(gdb.Command):
    """vmm-to-high: step the i386 kernel's entry until it runs at its linked
addresses (the Multiboot entry starts with paging off, so no kernel address
can take a breakpoint before). scripts/gdb runs it for an i386 image."""

    def __init__(self):
        super().__init__("vmm-to-high", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        for _ in range(100):
            if int(gdb.parse_and_eval("$pc")) & 0xffffffff >= 0x80000000:
                gdb.execute("frame", to_string=not from_tty)
                return
            gdb.execute("stepi", to_string=True)
        raise gdb.GdbError("the kernel did not reach its linked addresses")


VmmUser()
VmmBreakUser()
VmmProc()
VmmToHigh()
