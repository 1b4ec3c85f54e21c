#!/usr/bin/env bash
# run.sh - 141 基层综合智治 at the district's size: importing 77,000 market
# entities, re-grading them over 1,000,000 inspection / penalty / accident
# records, and the 镇街 and district dashboards, each beside the same
# computation as plain SQL in SQLite in the same run.  Prints one table:
# fazhi, the peer, fazhi / peer (times), the aim and whether fazhi meets it.
# README.md says more.
#
#   bench/grassroots/run.sh                               # 77,000 / 1,000,000
#   ENTITIES=5000 RECORDS=50000 bench/grassroots/run.sh   # under a minute
#
# Knobs (environment): ENTITIES (77000), RECORDS (1000000), SEED (1),
# REQUESTS (dashboard requests per kind, 300), REPEAT (re-grading runs,
# median, 3), THREADS (fazhi serve --threads, 4), FAZHI_BIN (./fazhi,
# built with `make fazhi` first unless SKIP_BUILD=1; another binary is not
# rebuilt), KEEP (1: keep the temporary directory and say where).
# Needs sqlite3, python3 (standard library only) and curl.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

ENTITIES=${ENTITIES:-77000}
RECORDS=${RECORDS:-1000000}
SEED=${SEED:-1}
REQUESTS=${REQUESTS:-300}
REPEAT=${REPEAT:-3}
THREADS=${THREADS:-4}
FAZHI=${FAZHI_BIN:-./fazhi}
AIM_REGRADE=10     # s
AIM_DASH=100       # ms, p99

for tool in sqlite3 python3 curl; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench/grassroots: '$tool' is missing" >&2; exit 1; }
done
tmp=$(mktemp -d -t fazhi-bench-grassroots.XXXXXX)
server_pid=""
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
	if [ "${KEEP:-0}" = 1 ]; then echo "bench/grassroots: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$FAZHI" = ./fazhi ] && [ "${SKIP_BUILD:-0}" != 1 ]; then
	if ! make --no-print-directory -s fazhi >"$tmp/make.log" 2>&1; then
		[ -x ./fazhi ] || { cat "$tmp/make.log" >&2; echo "bench/grassroots: make fazhi failed" >&2; exit 1; }
		echo "bench/grassroots: warning: 'make fazhi' failed; benchmarking the existing ./fazhi" >&2
	fi
fi
[ -x "$FAZHI" ] || { echo "bench/grassroots: no binary at $FAZHI" >&2; exit 1; }
FAZHI_SRC=$(cd "$(dirname "$FAZHI")" && pwd)/$(basename "$FAZHI")
# a copy: the tree's binary may be rebuilt while the run goes on
# (and one that answers: a copy taken while the linker writes it would not)
FAZHI=$tmp/fazhi
for _ in $(seq 1 30); do
	FAZHI_DATE=$(date -r "$FAZHI_SRC" '+%F %T')
	cp "$FAZHI_SRC" "$FAZHI" 2>/dev/null && chmod +x "$FAZHI" && "$FAZHI" version >/dev/null 2>&1 && break
	sleep 2
done
"$FAZHI" version >/dev/null 2>&1 || { echo "bench/grassroots: $FAZHI_SRC does not run" >&2; exit 1; }

say() { echo "== $*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# median of the numbers on stdin
median() { sort -g | awk '{ a[NR] = $1 } END { print NR ? a[int((NR + 1) / 2)] : "-" }'; }
# the day fazhi counts in (fz_date_today_cn): the windows end there
ASOF=$(TZ=Asia/Shanghai date +%F)

demo=$tmp/demo.db       # the demo district, as `fazhi demo` leaves it
db=$tmp/grid.db         # the same district, its grid emptied: fazhi's side
peer=$tmp/peer.db       # the peer's: the same tables, filled by sqlite3
csv=$tmp/entities.csv

# ---- 1. the district ------------------------------------------------------
say "fazhi demo --no-laws (seed $SEED)"
t0=$(now)
"$FAZHI" demo --db "$demo" --seed "$SEED" --no-laws >"$tmp/demo.txt"
t_demo=$(secs "$t0" "$(now)")
# a 镇街 user and a district officer, neither with a second factor
read -r TOWN_LOGIN TOWN_PASSWORD TOWN_UNIT < <(awk -F '\t' '$1 == "demo-user" && $4 == "town" && $6 == "" { print $2, $3, $5; exit }' "$tmp/demo.txt")
read -r DISTRICT_LOGIN DISTRICT_PASSWORD DISTRICT_UNIT < <(awk -F '\t' '$1 == "demo-user" && $4 == "officer" && $6 == "" { print $2, $3, $5; exit }' "$tmp/demo.txt")
[ -n "${TOWN_LOGIN:-}" ] && [ -n "${DISTRICT_LOGIN:-}" ] ||
	{ cat "$tmp/demo.txt" >&2; echo "bench/grassroots: no town / officer demo user without a second factor" >&2; exit 1; }
export TOWN_LOGIN TOWN_PASSWORD DISTRICT_LOGIN DISTRICT_PASSWORD

# fazhi's database: the demo district (its units and users) without the
# demo's market entities, records and grade history
cp "$demo" "$db"
cp "$demo.key" "$db.key"
sqlite3 "$db" "DELETE FROM grid_grades; DELETE FROM grid_records; DELETE FROM grid_entities; VACUUM;"

# the peer's database: units, and grid_entities / grid_grades with fazhi's
# own DDL and indexes
sqlite3 -bail "$peer" <<EOF >/dev/null
PRAGMA journal_mode=WAL;
ATTACH '$db' AS src;
$(sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE tbl_name IN ('units', 'grid_entities', 'grid_grades') AND sql IS NOT NULL ORDER BY type = 'index', rowid")
INSERT INTO units SELECT * FROM src.units;
EOF
ntowns=$(sqlite3 "$db" "SELECT count(*) FROM units WHERE kind = 'town'")

# ---- 2. import ------------------------------------------------------------
say "generate $ENTITIES entities ($ntowns towns)"
python3 "$here/grassroots.py" entities "$db" "$ENTITIES" "$SEED" "$csv"

say "fazhi grid import"
t0=$(now)
"$FAZHI" grid import "$csv" --db "$db" >"$tmp/import.txt" 2>&1 ||
	{ head -20 "$tmp/import.txt" >&2; echo "bench/grassroots: fazhi grid import failed" >&2; exit 1; }
t_imp=$(secs "$t0" "$(now)")
cat "$tmp/import.txt" >&2
t0=$(now)
"$FAZHI" grid import "$csv" --db "$db" >"$tmp/reimport.txt" 2>&1 || true
t_reimp=$(secs "$t0" "$(now)")

say "peer: sqlite3 .import + INSERT ... SELECT, one transaction"
# the same rows: the town by name or code, 规模 to its key, 风险因素 to bits,
# the grade from the attributes (records come later) with its history row,
# as fazhi stores them; no validation beyond the table's constraints
cat >"$tmp/import.sql" <<EOF
.bail on
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA foreign_keys=ON;
BEGIN;
CREATE TABLE staging (uscc, name, town, grid, industry, size, employees, hazards, address);
.import --csv --skip 1 '$csv' staging
INSERT INTO grid_entities (uscc, name, unit_id, unit_path, grid, industry, size,
	employees, hazards, address, computed, rules, grade, graded_on, created_at, updated_at)
WITH s AS (
	SELECT upper(replace(replace(s.uscc, ' ', ''), char(9), '')) AS uscc, s.name,
	       u.id AS unit_id, u.path AS unit_path, s.grid, s.industry,
	       CASE s.size WHEN '大型' THEN 'large' WHEN '中型' THEN 'medium'
	                   WHEN '小型' THEN 'small' WHEN '微型' THEN 'micro' ELSE s.size END AS size,
	       CAST(nullif(s.employees, '') AS INTEGER) AS employees,
	       (instr(s.hazards, '危险化学品') > 0) + 2 * (instr(s.hazards, '粉尘涉爆') > 0) +
	       4 * (instr(s.hazards, '涉氨制冷') > 0) + 8 * (instr(s.hazards, '有限空间') > 0) +
	       16 * (instr(s.hazards, '使用燃气') > 0) AS hz, s.address, s.rowid AS line
	FROM staging s JOIN units u ON u.kind = 'town' AND (u.name = s.town OR u.code = s.town)
), g AS (
	SELECT *, rtrim(iif(hz & 7, 'C1 ', '') || iif(hz & 24, 'B1 ', '') ||
	                iif(coalesce(employees >= 300, 0), 'B4 ', '')) AS rules
	FROM s
)
SELECT uscc, name, unit_id, unit_path, grid, industry, size, employees, hz, address,
       coalesce(nullif(substr(rules, 1, 1), ''), 'A'), rules, coalesce(nullif(substr(rules, 1, 1), ''), 'A'),
       iif(rules <> '', '$ASOF', NULL), strftime('%Y-%m-%dT%H:%M:%SZ'), strftime('%Y-%m-%dT%H:%M:%SZ')
FROM g ORDER BY line;
INSERT INTO grid_grades (entity_id, at, kind, grade, computed, rules, actor)
SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ'), 'rules', grade, computed, rules, ''
FROM grid_entities WHERE rules <> '';
DROP TABLE staging;
COMMIT;
EOF
t0=$(now)
sqlite3 "$peer" <"$tmp/import.sql" >/dev/null
t_pimp=$(secs "$t0" "$(now)")
# the two tables must hold the same entities
read -r n_fz n_peer n_diff g_fz g_peer < <(sqlite3 -separator ' ' "$db" "ATTACH '$peer' AS p;
	SELECT (SELECT count(*) FROM grid_entities), (SELECT count(*) FROM p.grid_entities),
	  (SELECT count(*) FROM grid_entities a LEFT JOIN p.grid_entities b USING (uscc)
	   WHERE b.uscc IS NULL OR a.name IS NOT b.name OR a.unit_id IS NOT b.unit_id OR
	     a.unit_path IS NOT b.unit_path OR a.grid IS NOT b.grid OR a.industry IS NOT b.industry OR
	     a.size IS NOT b.size OR a.employees IS NOT b.employees OR a.hazards IS NOT b.hazards OR
	     a.address IS NOT b.address OR a.computed IS NOT b.computed OR a.rules IS NOT b.rules OR
	     a.grade IS NOT b.grade),
	  (SELECT count(*) FROM grid_grades), (SELECT count(*) FROM p.grid_grades)")
echo "import: fazhi $n_fz rows in $t_imp s, peer $n_peer rows in $t_pimp s; $n_diff rows differ; grade history rows $g_fz / $g_peer" >&2

# ---- 3. records -------------------------------------------------------------
say "add $RECORDS records with SQL (as of $ASOF)"
python3 "$here/grassroots.py" records "$db" "$RECORDS" "$SEED" "$ASOF" | tee "$tmp/records.txt" >&2
n_rec=$(sqlite3 "$db" "SELECT count(*) FROM grid_records")

# ---- 4. re-grading -----------------------------------------------------------
regrade() { # -> $tmp/rg.last: "seconds changed A B C D"
	"$FAZHI" grid regrade --db "$db" --asof "$ASOF" >"$tmp/regrade.txt" 2>&1 ||
		{ cat "$tmp/regrade.txt" >&2; echo "bench/grassroots: fazhi grid regrade failed" >&2; return 1; }
	cat "$tmp/regrade.txt" >&2
	sed -n 's/^graded [0-9]* entities in \([0-9.]*\) s, \([0-9]*\) changed; A \([0-9]*\), B \([0-9]*\), C \([0-9]*\), D \([0-9]*\)$/\1 \2 \3 \4 \5 \6/p' \
		"$tmp/regrade.txt" >"$tmp/rg.last"
	[ -s "$tmp/rg.last" ] || { echo "bench/grassroots: cannot read regrade's answer" >&2; return 1; }
}
peer_grade() { # -> $tmp/prg.last: seconds (the statement's, sqlite3 .timer)
	rm -f "$tmp/grades.db"*
	sqlite3 -bail "$db" ".parameter set :asof \"'$ASOF'\"" "ATTACH '$tmp/grades.db' AS peer" \
		".timer on" ".read $here/grade.sql" >"$tmp/peer_grade.txt" 2>&1 ||
		{ cat "$tmp/peer_grade.txt" >&2; echo "bench/grassroots: the peer's grading failed" >&2; return 1; }
	sed -n 's/^Run Time: real \([0-9.]*\) .*/\1/p' "$tmp/peer_grade.txt" | tail -1 >"$tmp/prg.last"
}
# the peer of the first run: the statement, then the changed grades written
# as fazhi writes them (the entity's row, a grade history row), one
# transaction, on a copy of the database as it is before fazhi's first run
cp "$db" "$tmp/full.db"
cat >"$tmp/full.sql" <<EOF
.bail on
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA foreign_keys=ON;
.parameter set :asof "'$ASOF'"
ATTACH '$tmp/full-grades.db' AS peer;
.timer on
BEGIN;
.read $here/grade.sql
INSERT INTO grid_grades (entity_id, at, kind, grade, computed, rules, actor)
SELECT e.id, strftime('%Y-%m-%dT%H:%M:%SZ'), 'rules', coalesce(e.override, g.grade), g.grade, g.rules, ''
FROM grid_entities e JOIN peer.grades g ON g.id = e.id
WHERE e.computed <> g.grade OR e.rules <> g.rules;
UPDATE grid_entities SET computed = g.grade, rules = g.rules,
	grade = coalesce(override, g.grade), graded_on = :asof
FROM peer.grades g
WHERE g.id = grid_entities.id AND (grid_entities.computed <> g.grade OR grid_entities.rules <> g.rules);
SELECT changes();
COMMIT;
EOF
say "fazhi grid regrade: first, then $REPEAT times with nothing to change; the peer as often"
regrade
sqlite3 "$tmp/full.db" <"$tmp/full.sql" >"$tmp/full.txt" 2>&1 ||
	{ cat "$tmp/full.txt" >&2; echo "bench/grassroots: the peer's first re-grading failed" >&2; exit 1; }
t_pfull=$(awk '/^Run Time: real/ { s += $4 } END { printf "%.3f", s }' "$tmp/full.txt")
ch_pfull=$(grep -v '^Run Time' "$tmp/full.txt" | grep -E '^[0-9]+$' | tail -1)
read -r full_diff fh_fz fh_peer < <(sqlite3 -separator ' ' "$db" "ATTACH '$tmp/full.db' AS p;
	SELECT (SELECT count(*) FROM grid_entities a JOIN p.grid_entities b USING (id)
	        WHERE a.computed IS NOT b.computed OR a.rules IS NOT b.rules OR a.grade IS NOT b.grade
	          OR a.graded_on IS NOT b.graded_on),
	       (SELECT count(*) FROM grid_grades), (SELECT count(*) FROM p.grid_grades)")
echo "peer, first run: $t_pfull s, $ch_pfull grades written; $full_diff entities differ from fazhi's; grade history rows $fh_fz / $fh_peer" >&2
rm -f "$tmp/full.db"* "$tmp/full-grades.db"*
read -r t_rg1 ch_rg1 ga gb gc gd <"$tmp/rg.last"
: >"$tmp/rg.txt"
: >"$tmp/prg.txt"
for _ in $(seq 1 "$REPEAT"); do
	peer_grade
	cat "$tmp/prg.last" >>"$tmp/prg.txt"
	regrade
	cut -d' ' -f1 "$tmp/rg.last" >>"$tmp/rg.txt"
done
t_rg=$(median <"$tmp/rg.txt")
t_prg=$(median <"$tmp/prg.txt")
echo "peer: $(tr '\n' ' ' <"$tmp/prg.txt")s" >&2
read -r n_graded dis_grade dis_rules pa pb pc pd < <(sqlite3 -separator ' ' "$db" "ATTACH '$tmp/grades.db' AS p;
	SELECT count(*), sum(g.grade IS NOT e.computed), sum(g.rules IS NOT e.rules),
	  sum(g.grade = 'A'), sum(g.grade = 'B'), sum(g.grade = 'C'), sum(g.grade = 'D')
	FROM grid_entities e LEFT JOIN p.grades g ON g.id = e.id")
echo "re-grading: $dis_grade grade and $dis_rules fired-rule disagreements over $n_graded entities; SQL: A $pa, B $pb, C $pc, D $pd" >&2

# ---- 5. dashboards ------------------------------------------------------------
free_port() {
	local p
	for _ in $(seq 1 200); do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
	done
	echo "bench/grassroots: no free port" >&2
	return 1
}
port=$(free_port)
web=build/web; [ -d "$web" ] || web=web
say "fazhi serve on 127.0.0.1:$port (--threads $THREADS); $REQUESTS requests a kind as $TOWN_LOGIN ($TOWN_UNIT) and $DISTRICT_LOGIN ($DISTRICT_UNIT)"
"$FAZHI" serve --db "$db" --listen "127.0.0.1:$port" --web "$web" --threads "$THREADS" \
	--password-max-age-days 0 >"$tmp/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)" = 200 ] && break
	sleep 0.1
done
python3 "$here/grassroots.py" dash "http://127.0.0.1:$port" "$db" "$REQUESTS" >"$tmp/dash.tsv"
kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=""

# ---- the table ----------------------------------------------------------------
read -r _ scope_town scope_dist _ < <(grep '^scope' "$tmp/dash.tsv" | tr '\t' ' ')
echo
echo "bench/grassroots: $n_fz market entities in $ntowns 镇街, $n_rec records; seed $SEED, as of $ASOF"
echo "  fazhi: $("$FAZHI" version 2>/dev/null || echo '?') ($FAZHI_SRC of $FAZHI_DATE)    peer: SQLite $(sqlite3 -version | cut -d' ' -f1) (sqlite3 shell, python3 sqlite3 module), the same database settings (WAL, synchronous=FULL, foreign_keys=ON)"
echo "  machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg) at the end; client, server and peer share it"
echo "  $(sed 's/^records: //' "$tmp/records.txt")"
echo "  demo district built in $t_demo s; re-import of the same file: $(cat "$tmp/reimport.txt" | head -1 | sed 's/^imported [^:]*: //') in $t_reimp s (not in the table)"
echo "  dashboards: one client, sequential keep-alive requests after 10 warm-up ones; the peer runs the handler's SQL (count + page, or the GROUP BY) through python3's sqlite3 on the same file; scope: $TOWN_LOGIN sees $scope_town 镇街, $DISTRICT_LOGIN $scope_dist"
echo
row() { # figure fazhi peer ratio aim met notes
	local IFS=$'\t'
	echo "$*" >>"$tmp/table.tsv"
}
: >"$tmp/table.tsv"
row figure fazhi peer "fazhi/peer" aim "met?" notes
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "-") printf "%.2fx", a / b; else print "—" }'; }
met() { awk -v v="$1" -v a="$2" 'BEGIN { print (v != "-" && v + 0 <= a + 0) ? "yes" : "no" }'; }
rate_fz=$(awk -v n="$n_fz" -v t="$t_imp" 'BEGIN { printf "%.0f", n / t }')
rate_peer=$(awk -v n="$n_peer" -v t="$t_pimp" 'BEGIN { printf "%.0f", n / t }')
row "import, entities/s" "$rate_fz" "$rate_peer" "$(ratio "$t_imp" "$t_pimp")" "—" "—" \
	"$ENTITIES rows: fazhi $t_imp s, peer $t_pimp s (whole process); $n_diff rows differ"
row "full re-grading, s" "$t_rg1" "$t_pfull" "$(ratio "$t_rg1" "$t_pfull")" "≤ $AIM_REGRADE s" "$(met "$t_rg1" "$AIM_REGRADE")" \
	"first run: $ch_rg1 / $ch_pfull grades written; $full_diff entities end up different"
row "re-grading, nothing changed, s" "$t_rg" "$t_prg" "$(ratio "$t_rg" "$t_prg")" "≤ $AIM_REGRADE s" "$(met "$t_rg" "$AIM_REGRADE")" \
	"median of $REPEAT (fazhi $(tr '\n' ' ' <"$tmp/rg.txt" | sed 's/ $//'); peer $(tr '\n' ' ' <"$tmp/prg.txt" | sed 's/ $//'))"
row "re-grading: disagreements" "$dis_grade" "—" "—" "0" "$( [ "$dis_grade" = 0 ] && echo yes || echo no)" \
	"grades of $n_graded entities, fazhi's stored ones against the SQL's; $dis_rules differ in the fired rules"
while IFS=$'\t' read -r kind label f50 f99 p50 p99 n total ptotal bad; do
	[ "$kind" = scope ] && continue
	note="p50 $f50 / $p50 ms; $n requests; total $total"
	[ "$total" = "$ptotal" ] || note="$note; SQL total $ptotal DIFFERS"
	[ "$bad" = 0 ] || note="$note; $bad non-200 answers"
	row "$label, p99 ms" "$f99" "$p99" "$(ratio "$f99" "$p99")" "≤ $AIM_DASH ms" "$(met "$f99" "$AIM_DASH")" "$note"
done <"$tmp/dash.tsv"
python3 "$here/grassroots.py" table <"$tmp/table.tsv"
echo "  grades after the run: fazhi A $ga, B $gb, C $gc, D $gd; SQL A $pa, B $pb, C $pc, D $pd"
# a wrong answer voids the timings: say so, and fail
if [ "$dis_grade" != 0 ] || [ "$dis_rules" != 0 ] || [ "$n_diff" != 0 ] || [ "$full_diff" != 0 ]; then
	echo "bench/grassroots: fazhi and the SQL disagree (see the notes): the run is void" >&2
	exit 1
fi
