#!/bin/bash
# Usage: tests/bench-lines.sh FIELDS CMD...
# Runs CMD and checks its BENCH lines: each must be "BENCH name=NAME
# ops=N FIELDS", then nothing or fsbench's extra fields (FIELDS is a
# regex). Prints each line's name and op count on one line; or the first
# malformed line, and exits 1.
num='[0-9]+\.[0-9]' # a number with one decimal
fields=$1
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" </dev/null | tr -d '\r' >"$out" || exit 1
extra="( bytes=[0-9]+( ticks=[0-9]+)? mb_per_s=($num|n/a))?"
bad=$(grep '^BENCH ' "$out" | grep -Ev "^BENCH name=[a-z0-9_]+ ops=[0-9]+ $fields$extra$" | head -n 1)
[ -z "$bad" ] || { echo "malformed: $bad"; exit 1; }
grep '^BENCH ' "$out" | sed 's/^BENCH name=\([^ ]*\) ops=\([0-9]*\) .*/\1 \2/' | tr '\n' ' '
echo
