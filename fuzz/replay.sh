#!/bin/sh
# replay.sh [NAME...] - run every input of fuzz/corpus/NAME/ (and
# fuzz/out/corpus/NAME/ when present) through fuzz/out/fuzz_NAME-replay:
# a quick regression check that needs no libFuzzer.  Exits 1 on a failure.
set -u
cd "$(dirname "$0")/.."

if [ $# -gt 0 ]; then
	names="$*"
else
	names=$(ls fuzz/out/ 2>/dev/null | sed -n 's/^fuzz_\(.*\)-replay$/\1/p')
fi
[ -n "$names" ] || { echo "replay.sh: nothing built; run fuzz/build.sh" >&2; exit 1; }
status=0
for n in $names; do
	n=${n#fuzz_}
	dirs=fuzz/corpus/$n
	[ -d "fuzz/out/corpus/$n" ] && dirs="$dirs fuzz/out/corpus/$n"
	"fuzz/out/fuzz_$n-replay" $dirs || status=1
done
exit $status
