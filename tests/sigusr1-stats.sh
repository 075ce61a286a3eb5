#!/bin/sh
# Signals a running ./vmm --stats with SIGUSR1 every 50 ms until it exits and
# prints how many stats tables it wrote: more than one means SIGUSR1 works.
# Usage: tests/sigusr1-stats.sh GUEST
${VMM:-./vmm} --stats "$1" >/dev/null 2>"${TMPDIR:-/tmp}/usr1.$$" &
pid=$!
sleep 0.1
while kill -USR1 "$pid" 2>/dev/null; do sleep 0.05; done
wait "$pid"
rc=$?
grep -c "== vmm stats ==" "${TMPDIR:-/tmp}/usr1.$$"
rm -f "${TMPDIR:-/tmp}/usr1.$$"
exit "$rc"
