#!/bin/sh
# test-all.sh - what `make test` runs: the build with warnings as errors,
# unit tests, API tests against a real server, browser tests, and the
# sanitizer build running the unit and API tests again.  Prints each
# stage's own output, then one tally line "N passed, N failed".
set -u
MAKE=${MAKE:-make}
# builds (the server twice, the unit tests twice) compile on every core:
# on a clean clone they were most of the run's time
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
logdir=build/test-logs
mkdir -p "$logdir"
pass=0; fail=0; broken=""

# count FILE: add the file's test counts to the tally (cmocka and node).
count() {
	p=$(grep -hoE '^\[  PASSED  \] [0-9]+' "$1" | awk '{s+=$4} END {print s+0}')
	f=$(grep -hoE '^\[  FAILED  \] [0-9]+' "$1" | awk '{s+=$4} END {print s+0}')
	np=$(grep -hoE '^(ℹ|#) pass [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
	nf=$(grep -hoE '^(ℹ|#) fail [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
	pass=$((pass + p + np)); fail=$((fail + f + nf))
}

stage() {
	name=$1; shift
	echo "==> $name"
	if "$@" > "$logdir/$name.log" 2>&1; then
		cat "$logdir/$name.log"; count "$logdir/$name.log"
	else
		cat "$logdir/$name.log"; count "$logdir/$name.log"
		broken="$broken $name"
		# a stage that failed without a failing test still counts once
		grep -qE '^\[  FAILED  \]|^(ℹ|#) fail [1-9]' "$logdir/$name.log" || fail=$((fail + 1))
	fi
}

stage build $MAKE --no-print-directory -j"$JOBS" fazhi
stage unit $MAKE --no-print-directory -j"$JOBS" unit
stage api $MAKE --no-print-directory -j"$JOBS" api
stage browser $MAKE --no-print-directory -j"$JOBS" browser
stage asan-build $MAKE --no-print-directory -j"$JOBS" fazhi-asan
stage unit-asan $MAKE --no-print-directory -j"$JOBS" unit-asan
stage api-asan $MAKE --no-print-directory -j"$JOBS" api-asan
# Fuzz corpora (seeds and past crashes) replayed as regression tests.
stage fuzz-replay sh -c "sh fuzz/build.sh >/dev/null && sh fuzz/replay.sh"

echo
[ -n "$broken" ] && echo "failed stages:$broken"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ -z "$broken" ]
