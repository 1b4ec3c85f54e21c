#!/bin/sh
# run.sh [CORPUS] - build and run the law-search benchmark: fazhi's own
# CJK tokenizer beside FTS5's trigram tokenizer and Xapian's CJK n-grams,
# on the same corpus, queries (queries.txt) and relevance set
# (relevance.tsv).  fazhi runs three ways: as shipped (with the
# thesaurus), with the learned word pairs added (fz-learn), and with
# neither (fz-plain).  Prints a
# table with ratios to fazhi, and hit@1/hit@5/MRR per question kind.
# CORPUS defaults to data/laws/laws.jsonl.gz; the thesaurus is
# data/laws/thesaurus.tsv, else data/laws/thesaurus.sample.tsv (THESAURUS
# overrides); work files go to bench/out/lawsearch/.
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
SRCS="src/core/buf.c src/core/err.c src/core/mem.c src/core/utf8.c
	src/store/store_sqlite.c
	src/engine/search/tok.c src/engine/search/query.c
	src/engine/search/thesaurus.c src/engine/search/cooc.c
	src/engine/search/search.c src/domain/laws/laws_schema.c
	src/domain/laws/laws_import.c src/domain/laws/laws_search.c"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra \
	-Wno-unused-parameter -Isrc -o "$OUT/lawbench" $B/lawbench.c $SRCS \
	$(pkg-config --cflags --libs sqlite3 jansson zlib) -lm
c++ -std=c++17 -O2 -Wall -o "$OUT/xapbench" $B/xapbench.cc \
	-lxapian $(pkg-config --cflags --libs jansson)

echo "corpus: $CORPUS ($(wc -c < "$CORPUS") bytes)" >&2
rm -rf "$OUT/laws.db" "$OUT/laws.db-wal" "$OUT/laws.db-shm" "$OUT/xapian"
THESAURUS=${THESAURUS:-data/laws/thesaurus.tsv}
[ -r "$THESAURUS" ] || THESAURUS=data/laws/thesaurus.sample.tsv
echo "thesaurus: $THESAURUS ($(grep -cv '^#' "$THESAURUS") entries)" >&2
"$OUT/lawbench" build "$CORPUS" "$OUT/laws.db" "$THESAURUS" > "$OUT/build.txt"
"$OUT/lawbench" build-trigram "$OUT/laws.db" >> "$OUT/build.txt"
gzip -dcf "$CORPUS" | "$OUT/xapbench" build "$OUT/xapian" >> "$OUT/build.txt"
echo "xapian	index_bytes=$(du -sb "$OUT/xapian" | cut -f1)" >> "$OUT/build.txt"

for e in fazhi trigram; do
	"$OUT/lawbench" query $e "$OUT/laws.db" $B/queries.txt \
		$B/relevance.tsv > "$OUT/$e.tsv"
done
FZ_LAWS_LEARNED=1 "$OUT/lawbench" query fazhi "$OUT/laws.db" \
	$B/queries.txt $B/relevance.tsv > "$OUT/fz-learn.tsv"
FZ_LAWS_NO_THESAURUS=1 "$OUT/lawbench" query fazhi \
	"$OUT/laws.db" $B/queries.txt $B/relevance.tsv > "$OUT/fz-plain.tsv"
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
	if ($1 == "r") {
		k = $6 == "" ? "question" : $6; kinds[k] = 1
		r[e]++; rk[e, k]++; if ($4 > 0) { mrr[e] += 1 / $4; mrrk[e, k] += 1 / $4 }
		if ($4 == 1) { h1[e]++; h1k[e, k]++ }
		if ($4 >= 1 && $4 <= 5) { h5[e]++; h5k[e, k]++ }
		if (k == "question") { qn[e]++; qlat[e, qn[e]] = $3 + 0 }
	}
}
function qpct(e, p,   i, j, t, k, m) {
	m = qn[e]
	if (!m) return 0
	for (i = 1; i <= m; i++) a[i] = qlat[e, i]
	for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
	k = int(p * m + 0.999999); if (k < 1) k = 1
	return a[k]
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
	split("fazhi fz-learn fz-plain trigram xapian", E, " ")
	for (i = 1; i <= 5; i++) { e = E[i]; p50[e] = pct(e, 0.50); p99[e] = pct(e, 0.99); q50[e] = qpct(e, 0.50); q99[e] = qpct(e, 0.99) }
	v["fz-learn", "build_s"] = v["fz-plain", "build_s"] = v["fazhi", "build_s"]
	v["fz-learn", "index_bytes"] = v["fz-plain", "index_bytes"] = v["fazhi", "index_bytes"]
	printf "law search benchmark: %d queries, %d relevance questions (hit@k: expected article in the first k)\n", n["fazhi"], r["fazhi"]
	printf "fazhi full import (parse, store, index, thesaurus, derived tables, learning %.1f s): %.1f s\n", v["fazhi", "learn_s"], import
	printf "fazhi: with the thesaurus (as shipped); fz-learn: and the learned pairs; fz-plain: neither\n\n"
	printf "%-10s %8s %9s %7s %7s %7s %7s %6s %6s %6s %6s\n", "engine", "build s", "index MB", "p50 ms", "p99 ms", "qp50 ms", "qp99 ms", "hit@1", "hit@5", "MRR", "empty"
	for (i = 1; i <= 5; i++) {
		e = E[i]
		printf "%-10s %8.1f %9.1f %7.2f %7.2f %7.2f %7.2f %6.2f %6.2f %6.3f %6d\n", e, v[e, "build_s"], v[e, "index_bytes"] / 1048576, p50[e], p99[e], q50[e], q99[e], h1[e] / r[e], h5[e] / r[e], mrr[e] / r[e], empty[e]
	}
	printf "\nby question kind: hit@1 / hit@5 / MRR (count)\n"
	for (k in kinds) {
		printf "%-10s", k
		for (i = 1; i <= 5; i++) { e = E[i]; m = rk[e, k]; printf "  %s %.2f/%.2f/%.2f", e, h1k[e, k] / m, h5k[e, k] / m, mrrk[e, k] / m }
		printf "  (%d)\n", rk["fazhi", k]
	}
	printf "\nratios, peer / fazhi (above 1x: fazhi is faster or smaller)\n"
	printf "%-10s %9s %10s %8s %8s\n", "engine", "build", "index", "p50", "p99"
	for (i = 4; i <= 5; i++) {
		e = E[i]
		printf "%-10s %9s %10s %8s %8s\n", e, ratio(v[e, "build_s"], v["fazhi", "build_s"]), ratio(v[e, "index_bytes"], v["fazhi", "index_bytes"]), ratio(p50[e], p50["fazhi"]), ratio(p99[e], p99["fazhi"])
	}
	printf "\np50/p99: the 200 queries; qp50/qp99: the relevance questions of kind question\n"
	printf "aims: hit@5 >= 0.85 overall and >= 0.75 on questions; qp50 <= 2 ms, qp99 <= 20 ms\n"
}' "$OUT/build.txt" "$OUT/fazhi.tsv" "$OUT/fz-learn.tsv" "$OUT/fz-plain.tsv" \
	"$OUT/trigram.tsv" "$OUT/xapian.tsv"
