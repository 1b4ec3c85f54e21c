#!/bin/sh
# run.sh [N] - build bench/rules/rulebench against the project's sources and
# run it over N synthetic cases (default 100000): the transfer rules through
# engine/rules, beside the same conditions as one SQLite query.  Prints
# cases/s for each and the ratio.  Needs cc, sqlite3 and jansson (pkg-config).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
out=bench/out/rules
mkdir -p "$out"
make --no-print-directory -s build/gen/calendar_data.c
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -g \
	-Wall -Wextra -Werror -Wno-unused-parameter -Isrc -Ibuild/gen \
	-Ibench/rules -o "$out/rulebench" bench/rules/rulebench.c \
	src/engine/rules/rules.c src/core/err.c src/core/mem.c src/core/cal.c \
	build/gen/calendar_data.c \
	$(pkg-config --cflags --libs sqlite3 jansson)
"$out/rulebench" "${1:-100000}" data/rules/transfer.rules
