#!/bin/sh
# Signals a running ./vmm --stats with SIGUSR1 every 50 ms until it exits and
# prints how many stats tables it wrote: more than one means SIGUSR1 works.
# The first signal waits until the monitor (or the box's client, which
# passes it on) catches SIGUSR1: before that, it would kill it.
# Usage: tests/sigusr1-stats.sh GUEST
err=${TMPDIR:-/tmp}/usr1.$$
${VMM:-./vmm} --stats "$1" >/dev/null 2>"$err" &
pid=$!
# SIGUSR1 is signal 10: bit 0x200 of the SigCgt mask.
caught() {
	cgt=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)
	[ -n "$cgt" ] && [ $((0x${cgt#????????????} & 0x200)) -ne 0 ]
}
tries=0
while ! caught && kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 1000 ]; do
	sleep 0.01
	tries=$((tries + 1))
done
while kill -USR1 "$pid" 2>/dev/null; do sleep 0.05; done
wait "$pid"
rc=$?
grep -c "== vmm stats ==" "$err"
rm -f "$err"
exit "$rc"
