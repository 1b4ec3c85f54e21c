#!/bin/sh
# run.sh [SECONDS] - 行政行为码 signed and verified per second (one thread,
# through engine/actcode: SM2 with the Z_A digest, DER <-> raw r||s,
# base64url, parsing) beside `openssl speed -seconds N sm2` (bare SM2 sign
# and verify) on the same machine, with the ratios.  Work files go to
# bench/out/codes/.
set -eu
cd "$(dirname "$0")/../.."
SECS=${1:-3}
OUT=bench/out/codes
mkdir -p "$OUT"

# the libraries libfazhi.a needs: the Makefile's PKGS list
PKGS=$(sed -n '/^PKGS *:=/,/[^\\]$/p' Makefile | sed 's/^PKGS *:=//; s/\\$//' | tr '\n' ' ')
make --no-print-directory build/libfazhi.a >/dev/null
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra \
	-Isrc -o "$OUT/codebench" bench/codes/codebench.c build/libfazhi.a \
	$(pkg-config --cflags --libs $PKGS) -lpthread -lm

"$OUT/codebench" "$SECS" > "$OUT/fazhi.txt"
openssl speed -seconds "$SECS" sm2 > "$OUT/openssl.txt" 2>/dev/null
openssl version | awk '{ print $1 " " $2 }' > "$OUT/openssl-version.txt"

# OpenSSL 3.0 prints, under a "sign verify sign/s verify/s" header, a line
#   " 256 bits SM2 (CurveSM2)   0.0004s   0.0003s   2596.8   3347.8"
# (older builds: "... sm2 ..." under "ecdsa"): the last two numbers of the
# first line that names SM2 are the rates.
awk -v ver="$(cat "$OUT/openssl-version.txt")" '
FNR == 1 { file++ }
file == 1 {
	for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	next
}
tolower($0) ~ /sm2/ && $NF ~ /^[0-9.]+$/ && $(NF-1) ~ /^[0-9.]+$/ && !os {
	os = $(NF-1); ov = $NF
}
END {
	if (!os) { print "run.sh: no SM2 line in openssl speed output" > "/dev/stderr"; exit 1 }
	printf "%-34s %12s %12s\n", "", "sign/s", "verify/s"
	printf "%-34s %12.1f %12.1f\n", "fazhi 行政行为码 (" v["token_chars"] " chars)", v["sign_per_s"], v["verify_per_s"]
	printf "%-34s %12.1f %12.1f\n", "openssl speed sm2 (" ver ")", os, ov
	printf "%-34s %11.2fx %11.2fx\n", "ratio fazhi / openssl", v["sign_per_s"] / os, v["verify_per_s"] / ov
}' "$OUT/fazhi.txt" "$OUT/openssl.txt"
