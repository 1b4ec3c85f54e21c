#!/usr/bin/env bash
# run.sh - case lists and case pages at a province's size: ./fazhi (this
# tree) beside the baseline commit, both serving a copy of the same
# generated district (bench/cases/gen.c), measured over HTTP on 127.0.0.1.
# Prints one table: p50 and p99 per request kind, the ratio baseline /
# fazhi, the aim and whether fazhi meets it.  README.md says more.
#
#   bench/cases/run.sh                 # 1,000,000 enforcement cases (long)
#   SCALE=0.02 bench/cases/run.sh      # a quick run at 2 %
#
# Knobs (environment): SCALE (1.0), SEED (1), BASELINE (commit, e8bb7eb),
# DURATION (wrk seconds per kind, 10), SLOW_MS (a kind whose first answer
# takes longer is measured with N_SLOW sequential requests instead of wrk,
# 1000), N_SLOW (5), MAX_TIME (curl --max-time per request, 120),
# SLOW_BUDGET (seconds of sequential requests per kind, 300; a kind whose
# first answer does not come within MAX_TIME is shown as ">MAX_TIME" and its
# ratio as a lower bound), SKIP_BASELINE
# (1: fazhi only), THREADS (fazhi serve --threads, 4).
# Needs wrk, curl, sqlite3, cc and the Makefile's libraries.  The DB is
# cached in build/bench-cases/db-SEED-SCALE/ (rerun: no generation); the
# baseline binary in build/bench-cases/baseline-COMMIT/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

SCALE=${SCALE:-1.0}
SEED=${SEED:-1}
BASELINE=${BASELINE:-e8bb7eb}
DURATION=${DURATION:-10}
SLOW_MS=${SLOW_MS:-1000}
N_SLOW=${N_SLOW:-5}
MAX_TIME=${MAX_TIME:-120}
SLOW_BUDGET=${SLOW_BUDGET:-300}
THREADS=${THREADS:-4}
OUT=build/bench-cases

# ---- the per-version request table ---------------------------------------
# How each version spells a filter or a route.  %p = the unit's path
# ("/1/5/"), %i = its id.  Edit here when the API changes.
param() { # VERSION KIND
	case "$1:$2" in
	baseline:unit) echo 'unit_path=%p' ;;
	fazhi:unit) echo 'unit=%i' ;;
	baseline:town) echo 'unit_path=%p' ;;
	fazhi:town) echo 'unit=%i' ;;
	baseline:metric) echo '/api/v1/review/metrics?from=2025-01-01&to=2025-12-31' ;;
	fazhi:metric) echo '/api/v1/metrics/review.tiaoche?from=2025-01-01&to=2025-12-31' ;;
	baseline:metric_enf) echo '/api/v1/metrics/enforce.outside_range?from=2025-01-01&to=2025-12-31' ;;
	fazhi:metric_enf) echo '/api/v1/metrics/enforce.outside_range?from=2025-01-01&to=2025-12-31' ;;
	esac
}

for tool in wrk curl sqlite3 cc; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench/cases: '$tool' is missing" >&2; exit 1; }
done
mkdir -p "$OUT"
tmp=$(mktemp -d -t fazhi-bench-cases.XXXXXX)
server_pid=""
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- build: ./fazhi, the generator, the baseline -------------------------
echo "== build ./fazhi and the generator" >&2
make --no-print-directory -s -j2 fazhi build/libfazhi.a >"$tmp/make.log" 2>&1 ||
	{ cat "$tmp/make.log" >&2; echo "bench/cases: make fazhi failed" >&2; exit 1; }
PKGS=$(sed -n '/^PKGS *:=/,/[^\\]$/p' Makefile | sed 's/^PKGS *:=//; s/\\$//' | tr '\n' ' ')
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -g -Wall -Wextra \
	-Werror -Wno-unused-parameter -Isrc -Ibuild/gen -o "$OUT/gen" \
	bench/cases/gen.c build/libfazhi.a $(pkg-config --cflags --libs $PKGS) -lpthread -lm

base_rev=$(git rev-parse --short=7 "$BASELINE^{commit}")
base_dir=$OUT/baseline-$base_rev
if [ "${SKIP_BASELINE:-0}" != 1 ] && [ ! -x "$base_dir/fazhi" ]; then
	echo "== build the baseline $base_rev in $base_dir (git archive + make)" >&2
	rm -rf "$base_dir"
	mkdir -p "$base_dir"
	git archive "$base_rev" | tar -x -C "$base_dir"
	make --no-print-directory -s -C "$base_dir" -j2 VERSION="$base_rev" fazhi \
		>"$tmp/make-base.log" 2>&1 ||
		{ tail -30 "$tmp/make-base.log" >&2; echo "bench/cases: baseline build failed" >&2; exit 1; }
fi

# ---- the district, generated once per seed and scale ---------------------
data=$OUT/db-$SEED-$SCALE
db=$data/district.db
if [ ! -f "$data/done" ]; then
	echo "== generate the district (seed $SEED, scale $SCALE) in $data" >&2
	rm -rf "$data"
	mkdir -p "$data"
	./fazhi demo --db "$db" --seed 1 --no-laws >"$data/demo.txt"
	"$OUT/gen" "$db" "$SEED" "$SCALE" | tee "$data/gen.txt" >&2
	touch "$data/done"
fi
token=$(cat "$db.token")
gen_day=$(awk -F '\t' '$1 == "today" { print $2 }' "$data/gen.txt")

# ---- the requests: one URL list per kind ---------------------------------
q() { sqlite3 -readonly -separator ' ' "$db" "$1"; }
q "SELECT u.id, u.path FROM units u JOIN enf_agencies a ON a.unit_id = u.id
   WHERE u.kind = 'department' ORDER BY u.id" >"$tmp/units.txt"
q "SELECT u.id, u.path FROM units u JOIN enf_agencies a ON a.unit_id = u.id
   WHERE u.kind = 'town' ORDER BY u.id" >"$tmp/towns.txt"
# case ids spread over the table, the same every run
q "SELECT case_id FROM enf_cases WHERE kind IN ('penalty', 'inspection')
   ORDER BY (case_id * 2654435761) % 1000003 LIMIT 500" >"$tmp/ids.txt"
counts=$(q "SELECT (SELECT COUNT(*) FROM enf_cases), (SELECT COUNT(*) FROM mediate_disputes),
	(SELECT COUNT(*) FROM review_cases), (SELECT COUNT(*) FROM cases)")

E=/api/v1/enforce/cases
KINDS="enf_first enf_overdue enf_yellow enf_unit enf_town enf_date enf_page500 enf_rows500 enf_case review_first mediate_first metric metric_enf"
label() {
	case $1 in
	enf_first) echo "enforce list, first page" ;;
	enf_overdue) echo "enforce list, light=overdue" ;;
	enf_yellow) echo "enforce list, light=yellow" ;;
	enf_unit) echo "enforce list, one agency" ;;
	enf_town) echo "enforce list, one 镇街" ;;
	enf_date) echo "enforce list, one quarter" ;;
	enf_page500) echo "enforce list, page 500" ;;
	enf_rows500) echo "enforce list, 500 rows" ;;
	enf_case) echo "enforce case page" ;;
	review_first) echo "复议 list, first page" ;;
	mediate_first) echo "mediation list, first page" ;;
	metric) echo "复议 调撤率, one year" ;;
	metric_enf) echo "裁量越档率, one year" ;;
	esac
}
aim() {
	case $1 in enf_case) echo 20 ;; metric | metric_enf) echo 200 ;; *) echo 50 ;; esac
}
# urls VERSION KIND: the paths for one kind, one a line
urls() {
	local v=$1 k=$2 p
	case $k in
	enf_first) for p in 1 2 3 4 5; do echo "$E?type=penalty&per_page=20&page=$p"; done ;;
	enf_overdue) for p in 1 2 3 4 5; do echo "$E?type=penalty&per_page=20&light=overdue&page=$p"; done ;;
	enf_yellow) for p in 1 2 3 4 5; do echo "$E?type=penalty&per_page=20&light=yellow&page=$p"; done ;;
	enf_unit | enf_town)
		local f=$tmp/units.txt kind=unit
		[ "$k" = enf_town ] && { f=$tmp/towns.txt; kind=town; }
		local tpl
		tpl=$(param "$v" "$kind")
		while read -r id path; do
			p=${tpl//%p/$path}
			echo "$E?type=penalty&per_page=20&${p//%i/$id}"
		done <"$f" ;;
	enf_date) for y in 2025 2024; do
			echo "$E?type=penalty&per_page=20&from=$y-01-01&to=$y-03-31"
			echo "$E?type=penalty&per_page=20&from=$y-04-01&to=$y-06-30"
			echo "$E?type=penalty&per_page=20&from=$y-07-01&to=$y-09-30"
			echo "$E?type=penalty&per_page=20&from=$y-10-01&to=$y-12-31"
		done ;;
	enf_page500) for p in 500 501 502 503 504; do echo "$E?type=penalty&per_page=20&page=$p"; done ;;
	enf_rows500) for p in 1 2 3; do echo "$E?type=penalty&per_page=500&page=$p"; done ;;
	enf_case) sed "s|^|$E/|" "$tmp/ids.txt" ;;
	review_first) for p in 1 2 3 4 5; do echo "/api/v1/review/cases?per_page=20&page=$p"; done ;;
	mediate_first) for p in 1 2 3 4 5; do echo "/api/v1/mediate/disputes?per_page=20&page=$p"; done ;;
	metric) param "$v" metric ;;
	metric_enf) param "$v" metric_enf ;;
	esac
}

cat >"$tmp/rotate.lua" <<'EOF'
-- wrk script: each thread walks the URL list (args[1]) from its own offset.
local paths, i = {}, 0
local n = 0
function setup(thread)
	n = n + 1
	thread:set("offset", n * 7)
end
function init(args)
	for line in io.lines(args[1]) do paths[#paths + 1] = line end
	i = (offset or 0) % #paths
end
function request()
	i = i % #paths + 1
	return wrk.format(nil, paths[i])
end
EOF

free_port() {
	local p
	for _ in $(seq 1 200); do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
	done
	echo "bench/cases: no free port" >&2
	return 1
}

# ms values -> "p50 p99" (nearest rank)
pcts() {
	sort -n | awk '{ a[NR] = $1 } END {
		if (NR == 0) { print "- -"; exit }
		i50 = int(0.50 * NR + 0.999999); i99 = int(0.99 * NR + 0.999999)
		printf "%.2f %.2f\n", a[i50], a[i99] }'
}

# measure VERSION BASEURL KIND -> $tmp/VERSION.KIND.res: "p50 p99 method total status"
measure() {
	local v=$1 base=$2 k=$3 list=$tmp/$1.$3.urls first code t total
	urls "$v" "$k" >"$list"
	first=$(head -1 "$list")
	# the first answer: warms the cache, checks the route, says how slow
	read -r code t < <(curl -s -o "$tmp/first.json" -w '%{http_code} %{time_total}\n' \
		--max-time "$MAX_TIME" -H "Authorization: Bearer $token" "$base$first" || echo "000 $MAX_TIME")
	total=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$tmp/first.json" 2>/dev/null | head -1)
	total=${total:--}
	if [ "$code" = 404 ]; then
		echo "- - - - 404" >"$tmp/$v.$k.res"; return
	fi
	if [ "$code" = 000 ]; then
		# no answer within MAX_TIME: the time is a lower bound
		local cap=$((MAX_TIME * 1000))
		echo ">$cap >$cap timeout:1 - 200" >"$tmp/$v.$k.res"; return
	fi
	if [ "$code" != 200 ]; then
		echo "- - - - $code" >"$tmp/$v.$k.res"; return
	fi
	if awk -v t="$t" -v s="$SLOW_MS" 'BEGIN { exit !(t * 1000 > s) }'; then
		# slow: sequential requests, bounded in number and time
		local n=0 start=$SECONDS u
		: >"$tmp/$v.$k.ms"
		while [ "$n" -lt "$N_SLOW" ] && [ $((SECONDS - start)) -lt "$SLOW_BUDGET" ]; do
			u=$(sed -n "$((n % $(wc -l <"$list") + 1))p" "$list")
			read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
				--max-time "$MAX_TIME" -H "Authorization: Bearer $token" "$base$u" || echo "000 $MAX_TIME")
			awk -v t="$t" 'BEGIN { printf "%.2f\n", t * 1000 }' >>"$tmp/$v.$k.ms"
			n=$((n + 1))
			[ "$code" = 200 ] || { echo "bench/cases: $v $k answered $code" >&2; }
		done
		echo "$(pcts <"$tmp/$v.$k.ms") seq:$n $total 200" >"$tmp/$v.$k.res"
	else
		wrk -t4 -c4 -d"${DURATION}s" --timeout "${MAX_TIME}s" --latency \
			-H "Authorization: Bearer $token" -s "$tmp/rotate.lua" "$base" -- "$list" \
			>"$tmp/$v.$k.wrk"
		awk -v total="$total" '
			function ms(v) {
				if (v ~ /us$/) return v / 1000
				if (v ~ /ms$/) return v + 0
				if (v ~ /m$/) return v * 60000
				if (v ~ /s$/) return v * 1000
				return v
			}
			$1 == "50%" { p50 = ms($2) }
			$1 == "99%" { p99 = ms($2) }
			/requests in/ { n = $1 }
			/Non-2xx or 3xx responses:/ { bad = $NF }
			END { printf "%.2f %.2f wrk:%s %s %s\n", p50, p99, n, total, bad ? "non2xx:" bad : 200 }
		' "$tmp/$v.$k.wrk" >"$tmp/$v.$k.res"
	fi
}

# start VERSION BINARY: serve the copy in $tmp on a free port ($port)
start() {
	local v=$1 bin=$2
	port=$(free_port)
	"$bin" serve --db "$tmp/serve.db" --listen "127.0.0.1:$port" --web web \
		--threads "$THREADS" >>"$tmp/$v.log" 2>&1 &
	server_pid=$!
	for _ in $(seq 1 300); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)" = 200 ] && break
		sleep 0.1
	done
}

# stop: a server still busy with a request its client gave up on would
# finish it first (minutes, for the baseline's lists): end it after 5 s
stop() {
	kill "$server_pid" 2>/dev/null || true
	for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$server_pid" 2>/dev/null || true
	wait "$server_pid" 2>/dev/null || true
	server_pid=""
}

# run VERSION BINARY: serve a copy of the district and measure every kind;
# the baseline gets a fresh server per kind, so a request it gave up on
# does not hold a worker through the next kind
run() {
	local v=$1 bin=$2 port
	echo "== $v: $bin" >&2
	rm -f "$tmp"/serve.db*
	cp --reflink=auto "$db" "$tmp/serve.db"
	cp "$db.key" "$tmp/serve.db.key"
	if [ "$v" = baseline ]; then
		# today's schema: the indexes the baseline's queries were planned
		# with (the list migration dropped them)
		sqlite3 "$tmp/serve.db" "CREATE INDEX IF NOT EXISTS case_deadlines_due
			ON case_deadlines(status, due); CREATE INDEX IF NOT EXISTS
			cases_unit_path ON cases(unit_path); CREATE INDEX IF NOT EXISTS
			cases_opened ON cases(opened_on);"
	fi
	start "$v" "$bin"
	if [ "$v" = fazhi ]; then
		# the first list of a day brings the stored lights up to the day
		# (all running cases on a fresh database): timed apart, once
		curl -s -o /dev/null -w '%{time_total}\n' --max-time 600 \
			-H "Authorization: Bearer $token" \
			"http://127.0.0.1:$port$E?per_page=1" >"$tmp/fazhi.refresh" || echo "-" >"$tmp/fazhi.refresh"
	fi
	for k in $KINDS; do
		echo "   $k" >&2
		if [ "$v" = baseline ] && [ -n "$server_pid" ]; then stop; start "$v" "$bin"; fi
		measure "$v" "http://127.0.0.1:$port" "$k"
	done
	stop
	rm -f "$tmp"/serve.db*
}

run fazhi ./fazhi
if [ "${SKIP_BASELINE:-0}" != 1 ]; then
	run baseline "$base_dir/fazhi"
fi

# ---- the table ------------------------------------------------------------
read -r n_enf n_med n_rev n_all <<<"$counts"
echo
echo "bench/cases: $n_enf enforcement, $n_med mediation, $n_rev 复议 cases ($n_all cases in all; seed $SEED, scale $SCALE, generated $gen_day)"
echo "  fazhi: $(./fazhi version) (this tree)    baseline: $base_rev ($(git log -1 --format=%s "$base_rev" | cut -c1-60))"
echo "  machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(uname -sr); client and server share it"
echo "  fazhi's first list of the day, which brings every stored light up to the day on this fresh database: $(cat "$tmp/fazhi.refresh" 2>/dev/null || echo -) s (not in the table)"
echo "  wrk -t4 -c4 ${DURATION}s --latency over a rotating URL list; a kind whose first answer took > ${SLOW_MS} ms: up to ${N_SLOW} sequential curl requests (≤ ${SLOW_BUDGET} s); times in ms"
echo
printf '%-30s %9s %9s %9s %9s %8s %6s %5s  %s\n' "request kind" "fazhi p50" "fazhi p99" \
	"base p50" "base p99" "b/f p99" "aim" "met?" "requests (fazhi / base), notes"
for k in $KINDS; do
	read -r f50 f99 fm ftot fst <"$tmp/fazhi.$k.res"
	if [ -f "$tmp/baseline.$k.res" ]; then read -r b50 b99 bm btot bst <"$tmp/baseline.$k.res"
	else b50=- b99=- bm=- btot=- bst=-; fi
	a=$(aim "$k")
	note="$fm / $bm"
	[ "$fst" = 200 ] || note="$note; fazhi answered $fst"
	[ "$bst" = 200 ] || [ "$bst" = - ] || note="$note; baseline answered $bst"
	[ "$ftot" != - ] && [ "$btot" != - ] && [ "$ftot" != "$btot" ] &&
		note="$note; totals differ: fazhi $ftot, baseline $btot"
	[ "$ftot" != - ] && [ "$btot" = "$ftot" ] && note="$note; total $ftot"
	awk -v l="$(label "$k")" -v f50="$f50" -v f99="$f99" -v b50="$b50" -v b99="$b99" \
		-v a="$a" -v note="$note" 'BEGIN {
		d = "—"
		lb = (substr(b99, 1, 1) == ">")
		bv = lb ? substr(b99, 2) + 0 : b99 + 0
		r = (f99 != "-" && b99 != "-" && f99 > 0) ? sprintf("%s%.1fx", lb ? ">" : "", bv / f99) : d
		met = (f99 == "-") ? d : (f99 + 0 <= a + 0 ? "yes" : "no")
		printf "%-30s %9s %9s %9s %9s %8s %6s %5s  %s\n", l,
			f50 == "-" ? d : f50, f99 == "-" ? d : f99,
			b50 == "-" ? d : b50, b99 == "-" ? d : b99, r, "≤" a, met, note
	}'
done
