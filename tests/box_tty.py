"""The KVM box on a terminal, driven through a pseudo-terminal (pexpect).

Run by tests/box.sh with Debian's python3 and python3-pexpect, from the
repository root: make run reaches the guest's shell prompt through the box,
Ctrl-A x quits, and the terminal is as before; the run's terminal has the
caller's window size and follows it when it changes. Prints one line per
case, "ok NAME" or "FAIL NAME: why", and exits 1 if any failed.
"""
import os
import sys

import pexpect

failed = 0


def report(name, why):
    global failed
    if why:
        failed += 1
        print(f"FAIL {name}: {why}")
    else:
        print(f"ok {name}")


def make_run():
    """make run, a command at the prompt, Ctrl-A x, the terminal restored."""
    script = 's=$(stty -g); make -s run; rc=$?; [ "$s" = "$(stty -g)" ] && echo "restored, status $rc"'
    child = pexpect.spawn("sh", ["-c", script], encoding="utf-8", timeout=60,
                          env=dict(os.environ, VMM_KVM="box"))
    try:
        child.expect(r"\$ ")
        child.send("echo through the box\r")
        child.expect("through the box\r?\n")
        child.expect(r"\$ ")
        child.send("\x01x")
        child.expect("restored, status 0")
        child.expect(pexpect.EOF)
        return None
    except (pexpect.TIMEOUT, pexpect.EOF):
        return "did not see what it waited for; the screen ended with: " + repr(child.before[-200:])
    finally:
        child.close(force=True)


def window_size():
    """stty size in the box sees the caller's size, then the new one."""
    env = dict(os.environ, VMM_BOX_VMM="/bin/sh")
    script = 'stty size; trap "stty size; exit 0" WINCH; echo waiting; while :; do sleep 0.1; done'
    child = pexpect.spawn("build/vmm-box", ["-c", script], encoding="utf-8", timeout=30,
                          env=env, dimensions=(33, 77))
    try:
        child.expect("33 77")
        child.expect("waiting")
        child.setwinsize(44, 88)
        child.expect("44 88")
        child.expect(pexpect.EOF)
        return None
    except (pexpect.TIMEOUT, pexpect.EOF):
        return "did not see the sizes; the screen ended with: " + repr(child.before[-200:])
    finally:
        child.close(force=True)


report("make run reaches the shell prompt through the box; Ctrl-A x restores the terminal",
       make_run())
report("the run's terminal has the caller's window size and follows it", window_size())
sys.exit(1 if failed else 0)
