# The user land: init, the shell and the utilities, driven from the host.
# The checks boot a sparse scratch copy of $IMG, never $IMG
# itself, and later checks may use files earlier ones left in its /tmp.
# Commands come either from the command line (./vmm IMG -- CMD, which init
# runs) or from ./vmm's standard input (the console), which the interactive
# shell reads: then the lines are not echoed, and the shell prints its
# "$ " prompt before each. Sourced by tests/run.
U_IMG=$T_OUT/user.img
cp --sparse=always $IMG "$U_IMG"

# $U [-i INPUT] VMM_ARGS...: runs ./vmm with INPUT as its standard input
# (else /dev/null) and exits with its status. The guest's messages are on
# stdout with the rest of its output, so for status 1 or 2 (where check
# wants one line on stderr) it states the status there.
U=$T_OUT/user-vmm
cat >"$U" <<'EOF'
#!/bin/bash
if [ "$1" = -i ]; then
	input=$2
	shift 2
	printf '%s' "$input" | $VMM "$@"
else
	$VMM "$@" </dev/null
fi
rc=$?
if [ $rc -eq 1 ] || [ $rc -eq 2 ]; then echo "vmm: exit status $rc" >&2; fi
exit $rc
EOF
chmod +x "$U"

# ush NAME RC OUT_REGEX 'COMMANDS': runs COMMANDS with sh -c in the guest.
ush() {
	check "$1" "$2" "$3" "" "$U" "$U_IMG" -- sh -c "$4"
}

# init runs a command from the command line and powers off with its status.
check "init: -- echo hi prints hi, exits 0" 0 "^hi$" "" "$U" "$U_IMG" -- echo hi
check "init: -- false exits 1" 1 "" "" "$U" "$U_IMG" -- false
check "init: -- true exits 0" 0 "" "" "$U" "$U_IMG" -- true
check "init: an unknown command exits 127" 127 "^init: nosuch: not found$" "" \
	"$U" "$U_IMG" -- nosuch arg
check "init: arguments with blanks stay whole" 0 "^a  b\|c$" "" "$U" "$U_IMG" -- echo "a  b|c"

# The interactive shell on the console: it ends when the input does, with
# the status of the last command.
check "console: 'echo a | wc -c; exit 3' prints 2, ends with 3" 3 '^(\$ )*2$' "" \
	"$U" -i $'echo a | wc -c\nexit 3\n' "$U_IMG"
check "console: no input: the shell ends by itself, status 0" 0 "" "" "$U" "$U_IMG"
check "console: the status of the last command at the end" 1 "" "" \
	"$U" -i $'true\nfalse\n' "$U_IMG"
check "console: ls / lists bin" 0 '(^|\$ )bin +1 ' "" "$U" -i $'ls /\n' "$U_IMG"
check "console: a command reads the rest of the input" 0 '^(\$ )*hello$' "" \
	"$U" -i $'cat\nhello\n' "$U_IMG"
# More input than the kernel's 4 KiB line buffer, arriving faster than the
# guest reads it: every byte must get through (the rest waits in the
# monitor), none dropped.
check "console: 60,000 piped bytes all arrive" 0 "^ *599 +600 +60599$" "" \
	sh -c "head -c 60000 /dev/zero | tr '\\0' a | fold -w 100 | $VMM $U_IMG -- wc"
check "console: exit N restarts the shell with \$? = N" 0 '^(\$ )*4$' "" \
	"$U" -i $'exit 4\necho $?\n' "$U_IMG"

# The shell's language.
ush "sh: a pipeline of 3 stages" 0 "^3$" "echo a b c | cat | wc -w"
ush "sh: a pipeline of 8 stages" 0 "^1 1 6$" "echo hello | cat | cat | cat | cat | cat | cat | wc"
ush "sh: > then < in /tmp" 0 "^hello$" "echo hello > /tmp/r1; cat < /tmp/r1"
ush "sh: >> appends" 0 "^2$" "echo a > /tmp/r2; echo b >> /tmp/r2; wc -l < /tmp/r2"
ush "sh: > truncates" 0 "^new$" "echo old old > /tmp/r3; echo new > /tmp/r3; cat /tmp/r3"
ush "sh: 2> and 2>&1" 0 "^2$" \
	"nosuch 2>/tmp/r4; nosuch 2>&1 | cat >>/tmp/r4; grep -c 'nosuch: not found' /tmp/r4"
ush "sh: a file written in one boot is there in the next" 0 "" "echo persist > /tmp/r5"
check "sh: ... and read back" 0 "^persist$" "" "$U" "$U_IMG" -- cat /tmp/r5
ush "sh: && runs on success only" 0 "^yes$" "true && echo yes; false && echo no; true"
ush "sh: || runs on failure only" 0 "^ok$" "false || echo ok; true || echo no"
ush "sh: && and || from left to right" 0 "^c$" "false && echo a || echo c"
ush "sh: \$? after false, then after true" 0 "^10$" 'false; echo -n $?; true; echo $?'
ush "sh: \$? inside double quotes, not single" 0 '^st=1 \$\?$' "false; echo \"st=\$?\" '\$?'"
ush "sh: quotes and escapes" 0 '^a b "q" \\ c d$' $'echo \'a b\' "\\"q\\" \\\\" c\\ d'
ush "sh: exit N" 7 "" "exit 7; echo not here"
ush "sh: exit in a pipeline ends only its child" 0 "^after$" "exit 3 | cat; echo after"
ush "sh: an unknown command's status is 127" 0 "^127$" "nosuch 2>/tmp/r6; echo \$?"
ush "sh: a syntax error's status is 2" 2 "syntax error" "echo a | | wc"
ush "sh: cd changes the directory" 0 "^in tmp$" "cd /tmp && echo in tmp > f && cd / && cat /tmp/f"
ush "sh: & runs in the background, the shell goes on" 0 "^first$" "sleep 1 & echo first"
ush "sh: background jobs are reaped" 1 "^0$" "true & true & sleep 0.5; ps >/tmp/ps && grep -c zombie /tmp/ps"
ush "sh: a script file" 0 "^script 1$" \
	"echo 'false' > /tmp/s; echo 'echo script \$?' >> /tmp/s; sh /tmp/s"
ush "sh: a script's status is its last command's" 5 "" "echo 'exit 5' > /tmp/s2; sh /tmp/s2"
ush "sh: commands from a file on standard input" 0 "^from stdin$" \
	"echo 'echo from stdin' > /tmp/s3; sh < /tmp/s3"
ush "sh: comments" 0 "^a$" "echo a # not b"

# The utilities.
ush "ls /bin lists the programs" 0 "^sh +2 " "ls /bin"
ush "ls: a file is listed as itself" 0 "^/bin/ls +2 " "ls /bin/ls"
ush "mkdir -p, then rm -r" 0 "^gone$" \
	"mkdir -p /tmp/d1/d2/d3 && ls /tmp/d1/d2 >/tmp/l && rm -r /tmp/d1 && ls /tmp/d1 2>/tmp/e || echo gone"
ush "mkdir of an existing directory fails" 0 "^1$" "mkdir /tmp 2>/tmp/e; echo \$?"
ush "rm of a directory without -r fails" 0 "^1$" "mkdir /tmp/d4; rm /tmp/d4 2>/tmp/e; echo \$?"
ush "ln: a hard link keeps the data" 0 "^linked$" \
	"echo linked > /tmp/l1 && ln /tmp/l1 /tmp/l2 && rm /tmp/l1 && cat /tmp/l2"
ush "mv renames" 1 "^moved$" "echo moved > /tmp/m1 && mv /tmp/m1 /tmp/m2 && cat /tmp/m2 /tmp/m1 2>/tmp/e"
ush "mv into a directory" 0 "^in dir$" \
	"mkdir /tmp/md && echo in dir > /tmp/m3 && mv /tmp/m3 /tmp/md && cat /tmp/md/m3"
ush "cp makes an independent copy" 0 "^1 /tmp/c2$" \
	"echo copy > /tmp/c1 && cp /tmp/c1 /tmp/c2 && echo more >> /tmp/c1 && wc -l /tmp/c2"
ush "cp into a directory: a whole program" 0 "^$(wc -l <$UPROGS/sh) $(wc -c <$UPROGS/sh)$" \
	"mkdir /tmp/cd && cp /bin/sh /tmp/cd && wc -lc < /tmp/cd/sh"
G="echo apple > /tmp/g; echo banana >> /tmp/g; echo cherry >> /tmp/g"
ush "grep -n" 0 "^2:banana$" "$G; grep -n nan /tmp/g"
ush "grep -c" 0 "^1$" "$G; grep -c an /tmp/g"
ush "grep -v" 0 "^cherry$" "$G; grep -v a /tmp/g"
ush "grep -vc" 0 "^2$" "$G; grep -vc nan /tmp/g"
ush "grep: ^ \$ . *" 0 "^abbbc$" "echo abbbc | grep '^ab*c\$' | grep 'a.b' | grep 'c\$'"
ush "grep: no match exits 1" 0 "^1$" "echo a | grep b; echo \$?"
ush "wc: lines words bytes" 0 "^2 3 12$" "echo one two > /tmp/w; echo six >> /tmp/w; wc < /tmp/w"
ush "wc -l -w -c" 0 "^2 3 12 /tmp/w$" "echo one two > /tmp/w; echo six >> /tmp/w; wc -lwc /tmp/w"
ush "echo -n" 0 "^ab$" "echo -n a; echo b"
ush "kill of no such process fails" 1 "^kill: 30000: no such process$" "kill 30000"
ush "kill 1 fails, saying init cannot be killed" 1 "^kill: 1: init cannot be killed$" "kill 1"
ush "kill 1: the machine runs on" 0 "^1 still up$" "kill 1; echo \$? still up"
ush "ps lists itself" 0 "^ *[0-9]+ +[0-9]+ run +[0-9]+K ps$" "ps"
ush "sleep 0.1 sleeps" 0 "^slept$" "sleep 0.1 && echo slept"
ush "poweroff N" 42 "" "poweroff 42; echo not here"

# Floating point in user programs: mandel computes in doubles (SSE2 on both
# architectures, so the same numbers); a host computation of the same
# operations gives these lines. Two at once, preempting each other for a
# second or so, must both get every point right: each process has x87/SSE
# registers of its own.
ush "mandel: the set in floating point" 0 "^inside: 328 of 1536 points, area 1\.537$" "mandel"
ush "mandel: its middle row" 0 "^    :----=---===\+\+#{36}=---::::::$" "mandel"
MANDEL_BIG="mandel 200 60 5000" MANDEL_IN="^inside: 2516 of 12000 points, area 1.510\$"
CHECK_TIMEOUT=120 ush "mandel: two at once, each right" 0 "^2$" \
	"$MANDEL_BIG >/tmp/mb1 | $MANDEL_BIG >/tmp/mb2; cat /tmp/mb1 /tmp/mb2 | grep -c '$MANDEL_IN'"

# Each utility's usage error: a usage line and status 2.
for u in "ls -z" "cat -z" "grep" "wc -z" "mkdir" "rm" "ln a" "mv a" "cp a" "kill" \
	"kill x" "ps x" "sleep" "sleep x" "poweroff x" "sh -z" "mandel 5" "mandel 0 5"; do
	check "usage: $u" 2 "^usage: ${u%% *}( |$)" "" "$U" "$U_IMG" -- $u
done
