#!/bin/sh
# run.sh - build the textile-pattern benchmark and its peers, generate the
# data, run fazhi's engine, OpenCV pHash, BlockMeanHash and ORB + RANSAC
# on it, and print one table (README.md).
#
#   bench/pattern/run.sh [NREF [NQUERY [SEED]]]     default 1000 400 1
#
# PEERS="phash blockmean" leaves ORB out (its brute-force search grows
# with the library: about 0.2 s a query at 1,000 references).  SCALE=N
# grows fazhi's index to N references and reruns the queries: recall,
# false positives and latency at that size (column "fazhi@N").
# Data and binaries go to build/bench-pattern/ (data is reused when
# truth.csv is there).  Run from the repository root.
set -eu

NREF=${1:-1000}
NQ=${2:-400}
SEED=${3:-1}
PEERS=${PEERS:-phash blockmean orb}
OUT=build/bench-pattern
DATA=$OUT/data-$NREF-$NQ-$SEED

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

if [ ! -f "$DATA/truth.csv" ]; then
	echo "== generate $NREF references, $NQ queries" >&2
	rm -rf "$DATA"
	"$OUT/pattern_bench" gen "$DATA" "$NREF" "$NQ" "$SEED"
fi

echo "== fazhi engine" >&2
"$OUT/pattern_bench" engine "$DATA" > "$DATA/timing_engine.txt"
# shown as "fazhi" in the table
cp "$DATA/pred_engine.csv" "$DATA/pred_fazhi.csv"
cp "$DATA/timing_engine.txt" "$DATA/timing_fazhi.txt"
# the 近似 threshold of src/engine/image (fz_img_similar_threshold)
thr=$(sed -n 's/^threshold_similar \([0-9.]*\).*/\1/p' "$DATA/timing_fazhi.txt")
args="fazhi:$thr"
for m in $PEERS; do
	echo "== $m" >&2
	"$OUT/pattern_peers" "$DATA" "$m" > "$DATA/timing_$m.txt"
	case $m in
	orb) args="$args orb:15" ;;          # >= 15 RANSAC inliers: verified
	*) args="$args $m:0.84" ;;           # Hamming <= 16 % of the bits
	esac
done

echo
echo "$NREF references, $NQ queries (seed $SEED); peers on one thread, fazhi's search on up to two;" \
	"ratios are fazhi / peer"
if [ -n "${SCALE:-}" ]; then
	echo "== fazhi with the library grown to $SCALE" >&2
	"$OUT/pattern_bench" scale "$DATA" "$SCALE" "$NQ" > "$DATA/timing_scale.txt"
	cp "$DATA/pred_scale.csv" "$DATA/pred_fazhi@$SCALE.csv"
	sed -n 's/^scale .*search_ms p50 \([0-9.]*\) p99 \([0-9.]*\).*/search_ms p50 \1 p99 \2/p' \
		"$DATA/timing_scale.txt" > "$DATA/timing_fazhi@$SCALE.txt"
	args="$args fazhi@$SCALE:$thr"
fi
python3 bench/pattern/metrics.py "$DATA" $args
