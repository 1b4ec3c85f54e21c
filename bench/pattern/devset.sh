#!/bin/sh
# devset.sh - fazhi's pattern engine and its peers on a development set
# made by another generator (README.md, "Independent data"), scored by
# that set's own scorer.
#
#   bench/pattern/devset.sh DEVDIR          DEVDIR holds refs/, queries/,
#                                          truth/queries.tsv and score.py
#
# The set's files are linked under build/bench-pattern/dev/ with the
# names the bench tools read (refs/rNNNNNN.png, queries/qNNNNNN.png; a
# JPEG keeps its bytes, both readers go by content); each method's top 10
# are written back with the set's own names as answers-<method>.tsv with
# the method's threshold on its first line, and score.py prints the
# metrics.  PEERS as in run.sh (default: phash orb).
set -eu

DEV=${1:?usage: devset.sh DEVDIR}
PEERS=${PEERS:-phash orb}
OUT=build/bench-pattern
DATA=$OUT/dev

mkdir -p "$OUT"
echo "== build" >&2
c++ -std=c++17 -O2 -c -Isrc $(pkg-config --cflags opencv4) \
	src/engine/image/img_orb.cpp -o "$OUT/img_orb.o"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Isrc \
	bench/pattern/pattern_bench.c src/engine/image/img_*.c src/core/err.c src/core/utf8.c \
	"$OUT/img_orb.o" -lpng -ljpeg -lwebp -lm -lpthread \
	-lopencv_features2d -lopencv_imgproc -lopencv_core -lstdc++ -o "$OUT/pattern_bench"
c++ -std=c++17 -O2 -Wall -Wextra bench/pattern/pattern_peers.cpp \
	$(pkg-config --cflags --libs opencv4) -o "$OUT/pattern_peers"

abs=$(cd "$DEV" && pwd)
rm -rf "$DATA"
mkdir -p "$DATA/refs" "$DATA/queries"
i=0
for f in $(ls "$abs/refs" | sort); do
	n=$(printf 'r%06d' $i)
	ln -s "$abs/refs/$f" "$DATA/refs/$n.png"
	printf '%s\t%s\n' "$n" "${f%.*}" >> "$DATA/map.tsv"
	i=$((i + 1))
done
i=0
for f in $(ls "$abs/queries" | sort); do
	n=$(printf 'q%06d' $i)
	ln -s "$abs/queries/$f" "$DATA/queries/$n.png"
	printf '%s\t%s\n' "$n" "$f" >> "$DATA/map.tsv"
	i=$((i + 1))
done

# pred_<m>.csv (query,ref,score) -> answers-<m>.tsv in the set's names
answers() { # method threshold
	awk -F'\t' -v thr="$2" 'NR == FNR { name[$1] = $2; next }
		FNR == 1 { print "#threshold\t" thr; next }
		{ split($0, c, ","); q = name[c[1]]
		  if (q != last && last != "") print line
		  if (q != last) { line = q; last = q }
		  line = line "\t" name[c[2]] "\t" c[3] }
		END { if (last != "") print line }' \
		"$DATA/map.tsv" FS=',' "$DATA/pred_$1.csv" > "$DATA/answers-$1.tsv"
}

# fazhi-repeat: the repeat (global) search alone, as the product's
# trace answers today; fazhi: with local verification (trace --verify)
for m in fazhi-repeat fazhi; do
	echo "== $m" >&2
	if [ $m = fazhi-repeat ]; then
		GLOBAL=1 "$OUT/pattern_bench" engine "$DATA" > "$DATA/timing_$m.txt"
	else
		"$OUT/pattern_bench" engine "$DATA" > "$DATA/timing_$m.txt"
	fi
	cp "$DATA/pred_engine.csv" "$DATA/pred_$m.csv"
	thr=$(sed -n 's/^threshold_similar \([0-9.]*\).*/\1/p' "$DATA/timing_$m.txt")
	answers $m "$thr"
done
for m in $PEERS; do
	echo "== $m" >&2
	"$OUT/pattern_peers" "$DATA" "$m" > "$DATA/timing_$m.txt"
	case $m in
	orb) answers orb 15 ;;
	*) answers "$m" 0.84 ;;
	esac
done


for m in fazhi-repeat fazhi $PEERS; do
	echo
	echo "=== $m"
	grep -E 'search_ms|describe_ms|index_bytes' "$DATA/timing_$m.txt" || true
	python3 "$abs/score.py" --truth "$abs/truth/queries.tsv" \
		--results "$DATA/answers-$m.tsv" --json "$DATA/report-$m.json"
done
