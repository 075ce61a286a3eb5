# Every fuzz target (build/fuzz/NAME) runs once over each input of its seed
# corpus (tests/fuzz/corpus/NAME/) and its regression inputs, the crashers
# found so far (tests/fuzz/regress/NAME/): no fuzzing, only the checks and
# the sanitizers on known inputs. One line per target with its counts; a
# failing input is named with the end of its report. Sourced by tests/run.
for src in tests/fuzz/*.c; do
	t=$(basename "$src" .c)
	case $t in fuzz | seeds) continue ;; esac
	tp=0 tf=0
	for input in tests/fuzz/corpus/"$t"/* tests/fuzz/regress/"$t"/*; do
		[ -f "$input" ] || continue
		if timeout 20 build/fuzz/"$t" "$input" >"$T_OUT/fuzz.log" 2>&1; then
			tp=$((tp + 1))
		else
			tf=$((tf + 1))
			echo "FAIL - fuzz $t: $input"
			grep -E 'ERROR|runtime error|check failed|SUMMARY' "$T_OUT/fuzz.log" | head -3 |
				sed 's/^/       /'
		fi
	done
	if [ $((tp + tf)) -eq 0 ]; then
		tf=1
		echo "FAIL - fuzz $t: no seed or regression inputs"
	fi
	[ "$tf" -eq 0 ] && echo "ok   - fuzz $t: $tp inputs passed" ||
		echo "FAIL - fuzz $t: $tp inputs passed, $tf failed"
	passed=$((passed + tp)) failed=$((failed + tf))
done
