#!/usr/bin/env bash
# run.sh - HTTP benchmark: wrk against fazhi (an authenticated JSON call
# and a static file) beside nginx serving the same static file.  Prints
# requests/s and p99 latency for each, and the fazhi/nginx ratios.
#
#   bench/http/run.sh                 # from anywhere in the repository
#   DURATION=30 bench/http/run.sh     # longer runs
#
# Knobs (environment): DURATION (seconds per run, 10), CONNECTIONS (64),
# WRK_THREADS (2), FAZHI_THREADS (fazhi serve --threads, 4), NGINX_WORKERS
# (2), WARMUP (seconds before each run, 2), FAZHI_BIN (./fazhi), VERBOSE
# (1: print wrk's whole output for each run).
# Needs wrk, nginx and curl (Debian packages of the same names).
# Everything it makes lives in one temporary directory, removed at exit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
FAZHI_THREADS=${FAZHI_THREADS:-4}
NGINX_WORKERS=${NGINX_WORKERS:-2}
WARMUP=${WARMUP:-2}
FAZHI=${FAZHI_BIN:-./fazhi}
STATIC=/index.html

for tool in wrk nginx curl; do
	if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
		echo "bench/http: '$tool' is missing (apt-get install $tool)" >&2
		exit 1
	fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d -t fazhi-bench.XXXXXX)
fazhi_pid=""
nginx_pid=""
cleanup() {
	[ -n "$fazhi_pid" ] && kill "$fazhi_pid" 2>/dev/null && wait "$fazhi_pid" 2>/dev/null || true
	[ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ "$FAZHI" = ./fazhi ]; then
	if ! make --no-print-directory fazhi >"$tmp/make.log" 2>&1; then
		[ -x ./fazhi ] || { cat "$tmp/make.log" >&2; echo "bench/http: build failed (make fazhi)" >&2; exit 1; }
		echo "bench/http: warning: 'make fazhi' failed; benchmarking the existing ./fazhi" >&2
	fi
fi
[ -x "$FAZHI" ] || { echo "bench/http: no binary at $FAZHI" >&2; exit 1; }
[ -f "web$STATIC" ] || { echo "bench/http: web$STATIC is missing" >&2; exit 1; }

# A free TCP port on 127.0.0.1 (nothing answers a connect there).
free_port() {
	local p
	for _ in $(seq 1 200); do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "bench/http: no free port found" >&2
	return 1
}

# Wait until URL answers 200 (at most 20 s).
wait_up() {
	for _ in $(seq 1 200); do
		if [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ]; then
			return 0
		fi
		sleep 0.1
	done
	echo "bench/http: $1 did not come up" >&2
	return 1
}

# ---- fazhi: demo database, server, a logged-in session ------------------
db="$tmp/fazhi.db"
"$FAZHI" demo --db "$db" --seed 1 --no-laws >"$tmp/demo.txt"
# A staff user without a second factor (the administrators' logins need
# a TOTP code, docs/api.md): the session is what is measured, not the role.
user_pw=$(awk -F '\t' '$1 == "demo-user" && $2 == "officer1" { print $3 }' "$tmp/demo.txt")
[ -n "$user_pw" ] || { echo "bench/http: fazhi demo printed no officer1 password" >&2; exit 1; }

fport=$(free_port)
furl="http://127.0.0.1:$fport"
"$FAZHI" serve --db "$db" --listen "127.0.0.1:$fport" --web web \
	--threads "$FAZHI_THREADS" >"$tmp/fazhi.log" 2>&1 &
fazhi_pid=$!
wait_up "$furl/healthz"

jar="$tmp/cookies.txt"
login=$(curl -s -c "$jar" -H 'Content-Type: application/json' \
	-d "{\"login\":\"officer1\",\"password\":\"$user_pw\"}" "$furl/api/v1/login")
case "$login" in *'"csrf":'*) ;; *) echo "bench/http: login failed: $login" >&2; exit 1 ;; esac
session=$(awk '$6 == "fz_session" { v = $7 } END { print v }' "$jar")
[ -n "$session" ] || { echo "bench/http: no fz_session cookie after login" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: fz_session=$session" "$furl/api/v1/me")
[ "$code" = 200 ] || { echo "bench/http: GET /api/v1/me with the session answered $code" >&2; exit 1; }

# ---- nginx: the same web/ directory, same security headers --------------
nport=$(free_port)
while [ "$nport" = "$fport" ]; do nport=$(free_port); done
nurl="http://127.0.0.1:$nport"
mkdir -p "$tmp/nginx/logs" "$tmp/nginx/tmp"
cat >"$tmp/nginx/nginx.conf" <<EOF
# Written by bench/http/run.sh; serves $root/web like fazhi does.
worker_processes $NGINX_WORKERS;
daemon off;
master_process on;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events {
	worker_connections 4096;
}
http {
	types {
		text/html html;
		text/javascript js mjs;
		text/css css;
		image/svg+xml svg;
	}
	default_type application/octet-stream;
	charset utf-8;
	access_log off;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	client_body_temp_path $tmp/nginx/tmp/body;
	proxy_temp_path $tmp/nginx/tmp/proxy;
	fastcgi_temp_path $tmp/nginx/tmp/fastcgi;
	uwsgi_temp_path $tmp/nginx/tmp/uwsgi;
	scgi_temp_path $tmp/nginx/tmp/scgi;
	server {
		listen 127.0.0.1:$nport;
		root $root/web;
		# The headers fazhi sends with every static file, so both answers
		# are about the same size.
		add_header Content-Security-Policy "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" always;
		add_header X-Content-Type-Options nosniff always;
		add_header X-Frame-Options DENY always;
		add_header Referrer-Policy same-origin always;
		add_header Cache-Control no-cache always;
	}
}
EOF
"$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/logs/error.log" &
nginx_pid=$!
wait_up "$nurl$STATIC"

# ---- runs ----------------------------------------------------------------
# run NAME URL [wrk args...]: warm up, measure, and leave "rps p99_ms
# non2xx errors" in $tmp/NAME.res (wrk's full output in $tmp/NAME.out).
run() {
	local name=$1 url=$2
	shift 2
	if [ "$WARMUP" -gt 0 ]; then
		wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$@" "$url" >/dev/null
	fi
	wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" >"$tmp/$name.out"
	awk '
		function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			if (v ~ /m$/) return v * 60000
			if (v ~ /s$/) return v * 1000
			return v
		}
		/^Requests\/sec:/ { rps = $2 }
		$1 == "99%" { p99 = ms($2) }
		/Non-2xx or 3xx responses:/ { bad = $NF }
		/Socket errors:/ { err = $0; sub(/.*Socket errors: */, "", err); gsub(/ /, "", err) }
		END { printf "%s %s %s %s\n", rps, p99, bad + 0, (err == "" ? "-" : err) }
	' "$tmp/$name.out" >"$tmp/$name.res"
	if [ "${VERBOSE:-0}" = 1 ]; then
		echo "---- $name: wrk $* $url"
		cat "$tmp/$name.out"
		echo
	fi
}

echo "fazhi HTTP benchmark: wrk ${WRK_THREADS} threads, ${CONNECTIONS} connections, ${DURATION} s per run (+${WARMUP} s warm-up)"
echo "  fazhi: $("$FAZHI" version) --threads $FAZHI_THREADS    nginx: $("$NGINX" -v 2>&1 | sed 's/.*: //') worker_processes $NGINX_WORKERS"
echo "  machine: $(nproc) CPUs, $(uname -sr); client and servers share it"
echo

run fazhi-api "$furl/api/v1/me" -H "Cookie: fz_session=$session"
run fazhi-static "$furl$STATIC"
run nginx-static "$nurl$STATIC"

printf '%-34s %12s %10s %8s  %s\n' "target" "requests/s" "p99 (ms)" "non-2xx" "socket errors"
for n in fazhi-api fazhi-static nginx-static; do
	read -r rps p99 bad err <"$tmp/$n.res"
	case $n in
	fazhi-api) label="fazhi  GET /api/v1/me (session)" ;;
	fazhi-static) label="fazhi  GET $STATIC" ;;
	nginx-static) label="nginx  GET $STATIC" ;;
	esac
	printf '%-34s %12.0f %10.2f %8d  %s\n' "$label" "$rps" "$p99" "$bad" "$err"
done
echo
read -r api_rps api_p99 api_bad _ <"$tmp/fazhi-api.res"
read -r st_rps _ _ _ <"$tmp/fazhi-static.res"
read -r ng_rps _ _ _ <"$tmp/nginx-static.res"
awk -v a="$api_rps" -v s="$st_rps" -v n="$ng_rps" -v p="$api_p99" 'BEGIN {
	printf "fazhi-api / nginx-static    = %.2f   (aim >= 0.50)\n", a / n
	printf "fazhi-static / nginx-static = %.2f\n", s / n
	printf "fazhi-api p99               = %.2f ms (aim < 10 ms)\n", p
}'
if [ "$api_bad" != 0 ]; then
	echo "warning: $api_bad non-2xx answers to GET /api/v1/me: the session was not accepted throughout" >&2
fi
