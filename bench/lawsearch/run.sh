#!/bin/sh
# run.sh [CORPUS] - build and run the law-search benchmark: fazhi's own
# CJK tokenizer beside FTS5's trigram tokenizer and Xapian's CJK n-grams,
# on the same corpus, queries (queries.txt) and relevance set
# (relevance.tsv).  Prints a table with ratios to fazhi.
# CORPUS defaults to data/laws/laws.jsonl.gz; work files go to
# bench/out/lawsearch/.
set -eu
cd "$(dirname "$0")/../.."
CORPUS=${1:-data/laws/laws.jsonl.gz}
OUT=bench/out/lawsearch
B=bench/lawsearch
[ -r "$CORPUS" ] || { echo "run.sh: no corpus at $CORPUS" >&2; exit 2; }
mkdir -p "$OUT"

# The bench needs only the search engine, the laws module and the store:
# compile those sources directly, so a half-edited module elsewhere in
# the tree cannot stop it.
SRCS="src/core/buf.c src/core/err.c src/core/mem.c src/store/store_sqlite.c
	src/engine/search/tok.c src/engine/search/query.c
	src/engine/search/search.c src/domain/laws/laws_schema.c
	src/domain/laws/laws_import.c src/domain/laws/laws_search.c"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra \
	-Wno-unused-parameter -Isrc -o "$OUT/lawbench" $B/lawbench.c $SRCS \
	$(pkg-config --cflags --libs sqlite3 jansson zlib) -lm
c++ -std=c++17 -O2 -Wall -o "$OUT/xapbench" $B/xapbench.cc \
	-lxapian $(pkg-config --cflags --libs jansson)

echo "corpus: $CORPUS ($(wc -c < "$CORPUS") bytes)" >&2
rm -rf "$OUT/laws.db" "$OUT/laws.db-wal" "$OUT/laws.db-shm" "$OUT/xapian"
"$OUT/lawbench" build "$CORPUS" "$OUT/laws.db" > "$OUT/build.txt"
"$OUT/lawbench" build-trigram "$OUT/laws.db" >> "$OUT/build.txt"
gzip -dcf "$CORPUS" | "$OUT/xapbench" build "$OUT/xapian" >> "$OUT/build.txt"
echo "xapian	index_bytes=$(du -sb "$OUT/xapian" | cut -f1)" >> "$OUT/build.txt"

for e in fazhi trigram; do
	"$OUT/lawbench" query $e "$OUT/laws.db" $B/queries.txt \
		$B/relevance.tsv > "$OUT/$e.tsv"
done
"$OUT/xapbench" query "$OUT/xapian" $B/queries.txt $B/relevance.tsv \
	> "$OUT/xapian.tsv"

# build.txt lines: engine key=value...; *.tsv lines: kind idx ms rank n
awk -F'\t' '
FNR == 1 { file++ }
file == 1 {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); v[$1, kv[1]] = kv[2] }
	if ($1 == "fazhi") import = v["fazhi", "import_s"]
	next
}
{
	e = FILENAME; sub(/.*\//, "", e); sub(/\.tsv$/, "", e)
	if ($1 == "q") { n[e]++; lat[e, n[e]] = $3 + 0; if ($5 == 0) empty[e]++ }
	if ($1 == "r") { r[e]++; if ($4 == 1) h1[e]++; if ($4 >= 1 && $4 <= 5) h5[e]++ }
}
function pct(e, p,   i, j, t, k, m) {
	m = n[e]
	for (i = 1; i <= m; i++) a[i] = lat[e, i]
	for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
	k = int(p * m + 0.999999); if (k < 1) k = 1
	return a[k]
}
function ratio(x, y) { return y > 0 ? sprintf("%.1fx", x / y) : "-" }
END {
	split("fazhi trigram xapian", E, " ")
	for (i = 1; i <= 3; i++) { e = E[i]; p50[e] = pct(e, 0.50); p99[e] = pct(e, 0.99) }
	printf "law search benchmark: %d queries, %d relevance questions (hit@k: expected article in the first k)\n", n["fazhi"], r["fazhi"]
	printf "fazhi full import (parse, store, index): %.1f s\n\n", import
	printf "%-8s %9s %10s %8s %8s %6s %6s %9s\n", "engine", "build s", "index MB", "p50 ms", "p99 ms", "hit@1", "hit@5", "no result"
	for (i = 1; i <= 3; i++) {
		e = E[i]
		printf "%-8s %9.1f %10.1f %8.2f %8.2f %6d %6d %9d\n", e, v[e, "build_s"], v[e, "index_bytes"] / 1048576, p50[e], p99[e], h1[e], h5[e], empty[e]
	}
	printf "\nratios, peer / fazhi (above 1x: fazhi is faster or smaller)\n"
	printf "%-8s %9s %10s %8s %8s\n", "engine", "build", "index", "p50", "p99"
	for (i = 2; i <= 3; i++) {
		e = E[i]
		printf "%-8s %9s %10s %8s %8s\n", e, ratio(v[e, "build_s"], v["fazhi", "build_s"]), ratio(v[e, "index_bytes"], v["fazhi", "index_bytes"]), ratio(p50[e], p50["fazhi"]), ratio(p99[e], p99["fazhi"])
	}
	printf "\naims: p50 <= 2 ms, p99 <= 20 ms, hit@5 above both peers\n"
}' "$OUT/build.txt" "$OUT/fazhi.tsv" "$OUT/trigram.tsv" "$OUT/xapian.tsv"
