#!/usr/bin/env bash
# run.sh - 阳光厨房 at a province's size beside plain SQLite: the cameras'
# webhook (events/s, replays), 5,000,000 alerts counted into the daily
# figures, and the district's and a 镇街's dashboards (p50, p99).  Prints
# one table; README.md says more.
#
#   bench/kitchen/run.sh                                  # 5,000,000 alerts
#   ALERTS=200000 EVENTS=2000 REQUESTS=50 bench/kitchen/run.sh   # a minute
#
# Knobs (environment): ALERTS (5000000), EVENTS (20000), THREADS (4),
# REQUESTS (200 a dashboard), SEED (1), FAZHI_BIN (./fazhi, built with
# `make fazhi` first unless SKIP_BUILD=1), KEEP (1: keep the directory).
# Needs sqlite3 and python3 (standard library only).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
for tool in sqlite3 python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench/kitchen: '$tool' is missing" >&2; exit 1; }
done
FAZHI=${FAZHI_BIN:-./fazhi}
if [ "$FAZHI" = ./fazhi ] && [ "${SKIP_BUILD:-0}" != 1 ]; then
	make --no-print-directory -s fazhi >/dev/null
fi
[ -x "$FAZHI" ] || { echo "bench/kitchen: no binary at $FAZHI" >&2; exit 1; }
# a copy: the tree's binary may be rebuilt while the run goes on
tmpbin=$(mktemp -t fazhi-bench-kitchen-bin.XXXXXX)
trap 'rm -f "$tmpbin"' EXIT
cp "$FAZHI" "$tmpbin"
chmod +x "$tmpbin"
FAZHI=$tmpbin python3 "$here/kitchen.py"
