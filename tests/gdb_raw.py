#!/usr/bin/env python3
"""tests/gdb_raw.py IMAGE MODE: the gdb stub's protocol from a raw socket,
for what gdb itself never sends (tests/gdb.sh runs it where the monitor
runs, through tests/in-kvm).

MODE bad: malformed packets, each answered with an error or dropped (a bad
checksum is answered '-'), the stub and the monitor live on; then a good
session detaches and the guest finishes with its status.
MODE kill: 'k' ends the run: the monitor exits 1 with one line.
MODE interrupt: continue, then Ctrl-C (0x03) stops the running guest with
SIGINT (T02); kill.
MODE attach: without --gdb-wait, a debugger attaches to the running guest,
detaches, attaches again and kills it.
MODE smp (IMAGE: tests/guests/smp.S): two vCPUs are two threads; a
breakpoint where CPU 1 starts stops it as thread 2, CPU 0 stops with it
(all-stop), each thread's registers are its own; the guest then ends with
CPU 1's status."""
import os
import re
import socket
import subprocess
import sys
import time


def checksum(payload):
    return "%02x" % (sum(payload.encode()) & 0xff)


class Stub:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buf = b""

    def send_raw(self, data):
        self.s.sendall(data)

    def send(self, payload):
        self.send_raw(("$%s#%s" % (payload, checksum(payload))).encode())

    def _fill(self):
        chunk = self.s.recv(65536)
        if not chunk:
            raise EOFError("the stub closed the connection")
        self.buf += chunk

    def ack(self):
        """The next acknowledgement byte, '+' or '-'."""
        while True:
            while not self.buf:
                self._fill()
            c, self.buf = self.buf[:1], self.buf[1:]
            if c in (b"+", b"-"):
                return c.decode()

    def reply(self):
        """The next packet's payload (acknowledged), its checksum checked."""
        while True:
            m = re.match(rb"[+-]*\$([^#]*)#([0-9a-f]{2})", self.buf, re.S)
            if m:
                self.buf = self.buf[m.end():]
                payload = m.group(1).decode()
                if checksum(payload) != m.group(2).decode():
                    sys.exit("bad checksum from the stub: %r" % m.group(0))
                self.send_raw(b"+")
                return payload
            self._fill()

    def ask(self, payload):
        self.send(payload)
        if self.ack() != "+":
            sys.exit("stub refused the well-formed %r" % payload)
        r = self.reply()
        while payload.startswith("qRcmd,") and r.startswith("O") and r != "OK":
            r = self.reply()  # the monitor command's console output
        return r


def start(image, cmd, wait=True, opts=()):
    monitor = os.environ.get("MONITOR") or "./vmm"
    p = subprocess.Popen([monitor, "--gdb=127.0.0.1:0"] + (["--gdb-wait"] if wait else []) +
                         list(opts) + [image, "--"] + cmd,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()
    m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
    if not m:
        sys.exit("no listening line: %r" % line)
    p.port = int(m.group(1))
    return p, Stub(p.port)


def expect(what, got, pattern):
    if not re.fullmatch(pattern, got, re.S):
        sys.exit("%s: got %r, want /%s/" % (what, got, pattern))
    print("ok: %s" % what)


def bad(image):
    p, s = start(image, ["sh", "-c", "exit 7"])
    s.send_raw(b"$g#00")  # bad checksum
    expect("bad checksum answered '-'", s.ack(), "-")
    s.send_raw(b"$m1,#zz")  # checksum not hex
    expect("non-hex checksum answered '-'", s.ack(), "-")
    s.send_raw(b"$" + b"m" * 5000 + b"#00")  # longer than a packet
    expect("an overlong packet answered '-'", s.ack(), "-")
    for payload, want in [
        ("m", "E01"), ("mzz,4", "E01"), ("m10", "E01"), ("m1,", "E01"),
        ("m1,ffffffff", "E01"), ("m11112222333344445,1", "E01"),
        ("M0,4:zz", "E01"), ("M0,2:00", "E01"), ("X0,4:", "E01"),
        ("p", "E01"), ("p999", "E01"), ("pff", "E01"), ("P0=zz", "E01"), ("P0", "E01"),
        ("G00", "E01"), ("Z9,0,1", "E01"), ("Z0,1", "E01"), ("z0,1,1", "E01"),
        ("Hx1", "E01"), ("Hg-2", "E01"), ("T", "E01"), ("c1,2", "E01"),
        ("qRcmd,zz", "E01"), ("qRcmd,6e6f", "E01"),
        ("qXfer:features:read:target.xml:0", "E01"),
        ("qXfer:features:read:other.xml:0,10", "E00"),
        ("qXfer:features:read:target.xml:ffffff,10", "E01"),
        ("?x", "E01"), ("gg", "E01"), ("", ""), ("vUnknown", ""), ("\x01\x02", ""),
        ("m7fff0000,1", "E01"),  # neither mapped nor RAM: a read fails cleanly
    ]:
        expect("%r" % payload, s.ask(payload), want)
    expect("qSupported", s.ask("qSupported:swbreak+"), r"PacketSize=1000;.*qXfer:features:read\+.*")
    xml, r = "", "m"
    while r[0] == "m":  # in pieces, as long as a packet holds
        r = s.ask("qXfer:features:read:target.xml:%x,ffff" % len(xml))
        xml += r[1:]
    expect("target.xml", xml, r"<\?xml.*<feature name=\"org.gnu.gdb.i386.core\">.*</target>\n")
    expect("registers", s.ask("g"), r"[0-9a-fx]+")
    expect("stop reason", s.ask("?"), r"T05thread:1;")
    expect("detach", s.ask("D"), "OK")
    out, err = p.communicate(timeout=60)
    expect("the guest's own status", str(p.returncode), "7")


def kill(image):
    p, s = start(image, ["true"])
    expect("qSupported", s.ask("qSupported"), r"PacketSize.*")
    s.send("k")
    out, err = p.communicate(timeout=60)
    expect("kill: status", str(p.returncode), "1")
    expect("kill: one line", err.strip(), r"vmm: gdb: the debugger killed the guest")


def interrupt(image):
    p, s = start(image, ["spin", "1000000"])
    expect("qSupported", s.ask("qSupported"), r"PacketSize.*")
    s.send("c")
    expect("continue acknowledged", s.ack(), r"\+")
    time.sleep(1)
    s.send_raw(b"\x03")
    expect("Ctrl-C stops the guest with SIGINT", s.reply(), r"T02thread:1;")
    expect("read memory while stopped", s.ask("m%x,4" % 0xffffffff80000000
                                              if "i386" not in image else "m80100000,4"),
           r"[0-9a-f]{8}")
    s.send("k")
    p.communicate(timeout=60)
    expect("killed after Ctrl-C", str(p.returncode), "1")


def attach(image):
    p, s = start(image, ["sleep", "30"], wait=False)
    time.sleep(1)  # the guest runs: attaching stops it
    expect("attached to a running guest", s.ask("?"), r"T05thread:1;")
    expect("registers", s.ask("g"), r"[0-9a-fx]+")
    expect("detach", s.ask("D"), "OK")
    s.s.close()
    time.sleep(1)
    s = Stub(p.port)
    expect("attached again", s.ask("?"), r"T05thread:1;")
    s.send("k")
    p.communicate(timeout=60)
    expect("killed after attaching again", str(p.returncode), "1")


def symbol(image, name):
    out = subprocess.run(["nm", image], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^([0-9a-f]+) \w %s$" % name, out, re.M).group(1), 16)


def rip(s, thread):
    """Thread's RIP (register 16), selected with Hg."""
    expect("Hg%x" % thread, s.ask("Hg%x" % thread), "OK")
    return int.from_bytes(bytes.fromhex(s.ask("p10")), "little")


def smp(image):
    entry = symbol(image, "ap_entry")
    p, s = start(image, [], opts=["--cpus", "2"])
    expect("one thread before CPU 1 starts", s.ask("qfThreadInfo"), "m1")
    expect("thread 2 is not known yet", s.ask("T2"), "E01")
    expect("breakpoint where CPU 1 starts", s.ask("Z0,%x,1" % entry), "OK")
    s.send("c")
    expect("continue acknowledged", s.ack(), r"\+")
    expect("CPU 1 stops as thread 2", s.reply(), r"T05thread:2;swbreak:;")
    expect("two threads", s.ask("qfThreadInfo"), "m1,2")
    expect("thread 2 at the breakpoint", "%x" % rip(s, 2), "%x" % entry)
    cpu0 = rip(s, 1)
    expect("thread 1 stopped in CPU 0's code", str(symbol(image, "_start") <= cpu0 < entry), "True")
    expect("thread 1's registers whole", s.ask("g"), r"[0-9a-fx]+")
    expect("remove the breakpoint", s.ask("z0,%x,1" % entry), "OK")
    s.send("c")
    expect("the guest ends with CPU 1's status", s.reply(), "W2a")
    p.communicate(timeout=60)
    expect("smp: status", str(p.returncode), "42")


if __name__ == "__main__":
    modes = {"bad": bad, "kill": kill, "interrupt": interrupt, "attach": attach, "smp": smp}
    modes[sys.argv[2]](sys.argv[1])
