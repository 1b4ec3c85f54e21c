#!/bin/sh
# build.sh [NAME...] - build the fuzz targets (all fuzz/fuzz_*.c, or the
# named ones: "ident" or "fuzz_ident") into fuzz/out/:
#   fuzz/out/fuzz_NAME          libFuzzer + ASan + UBSan (clang)
#   fuzz/out/fuzz_NAME-replay   plain driver (fuzz/standalone.c) + ASan +
#                               UBSan, built with $CC, replays a corpus
# Each target lists the project sources it links on one or more lines
#   // fuzz-sources: src/core/ident.c src/core/err.c ...
# Paths under build/ are generated files; they are made with `make PATH`.
# Environment: CLANG (default clang), CC (default cc), FUZZ_CFLAGS.
set -eu
cd "$(dirname "$0")/.."

CLANG=${CLANG:-clang}
CC=${CC:-cc}
PKGS="libmicrohttpd sqlite3 jansson libcrypto libsodium libpng libjpeg libwebp zlib"
PKG_CFLAGS=$(pkg-config --cflags $PKGS)
PKG_LIBS=$(pkg-config --libs $PKGS)
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1
	-fno-omit-frame-pointer -Wall -Wextra -Wno-unused-parameter
	-Isrc -Ibuild/gen -Ifuzz -DFZ_ARENA_DEBUG -DFZ_FUZZING ${FUZZ_CFLAGS:-}"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"

if [ $# -gt 0 ]; then
	targets=""
	for n in "$@"; do targets="$targets fuzz/fuzz_${n#fuzz_}.c"; done
else
	targets=$(ls fuzz/fuzz_*.c)
fi

have_fuzzer=1
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n){return 0;}' |
	$CLANG -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then
	echo "build.sh: $CLANG cannot link -fsanitize=fuzzer;" \
	     "building the replay drivers only" >&2
	have_fuzzer=0
fi

mkdir -p fuzz/out
status=0
for src in $targets; do
	[ -f "$src" ] || { echo "build.sh: no $src" >&2; status=1; continue; }
	name=$(basename "$src" .c)
	# the sources named on the fuzz-sources lines, each once
	sources=$(sed -n 's|^// fuzz-sources:||p' "$src" | tr -s ' \t' '\n' |
		  awk 'NF && !seen[$0]++')
	for s in $sources; do
		case $s in
		build/*) make --no-print-directory -s "$s" ;;
		esac
		[ -f "$s" ] || { echo "build.sh: $src needs missing $s" >&2; status=1; continue 2; }
	done
	echo "fuzz: building $name"
	if [ $have_fuzzer = 1 ]; then
		$CLANG $CFLAGS $SAN -fsanitize=fuzzer -o "fuzz/out/$name" \
			"$src" $sources $PKG_CFLAGS $PKG_LIBS -lpthread -lm ||
			status=1
	fi
	$CC $CFLAGS $SAN -o "fuzz/out/$name-replay" fuzz/standalone.c \
		"$src" $sources $PKG_CFLAGS $PKG_LIBS -lpthread -lm || status=1
done
exit $status
