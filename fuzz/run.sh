#!/bin/sh
# run.sh [SECONDS] [NAME...] - run each built libFuzzer target (all of
# fuzz/out/fuzz_*, or the named ones) for SECONDS (default 60).
# Seeds come from fuzz/corpus/NAME/ (committed, read-only here); new
# inputs go to fuzz/out/corpus/NAME/, crashes to fuzz/out/artifacts/.
# A dictionary fuzz/NAME.dict is used when present.  Exits 1 if any target
# found a crash, leak or timeout.
set -u
cd "$(dirname "$0")/.."

secs=${1:-60}
[ $# -gt 0 ] && shift
if [ $# -gt 0 ]; then
	bins=""
	for n in "$@"; do bins="$bins fuzz/out/fuzz_${n#fuzz_}"; done
else
	bins=$(ls fuzz/out/fuzz_* 2>/dev/null | grep -v -e '-replay$' -e '\.log$')
fi
[ -n "$bins" ] || { echo "run.sh: nothing built; run fuzz/build.sh" >&2; exit 1; }

mkdir -p fuzz/out/artifacts
status=0
for bin in $bins; do
	name=${bin#fuzz/out/fuzz_}
	seeds=fuzz/corpus/$name
	work=fuzz/out/corpus/$name
	mkdir -p "$seeds" "$work"
	set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=4096 -print_final_stats=1 \
		-artifact_prefix="fuzz/out/artifacts/$name-"
	[ -f "fuzz/$name.dict" ] && set -- "$@" -dict="fuzz/$name.dict"
	log=fuzz/out/$name.log
	if "$bin" "$@" "$work" "$seeds" > "$log" 2>&1; then
		result=ok
	else
		result=FAILED
		status=1
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	echo "fuzz $name: $result, ${runs:-?} runs in ${secs}s, $cov," \
	     "corpus $(ls "$work" | wc -l) (log $log)"
	[ $result = ok ] || tail -n 20 "$log"
done
exit $status
