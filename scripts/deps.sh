#!/bin/sh
# deps.sh - install what fazhi needs to build, test and serve its UI on
# Debian 12, then lay the browser libraries the UI loads into web/vendor/.
# Run by `make deps` as root.  Idempotent: when everything is present it
# installs nothing, prints one line per stage and takes about a second.
set -eu

cd "$(dirname "$0")/.."

# Debian packages, one per line: NAME  what it is for.
PACKAGES='
build-essential    C compiler, make, libc headers
pkg-config         finds library flags for the Makefile
libmicrohttpd-dev  HTTP server library (src/http)
libsqlite3-dev     SQLite, the default store (src/store)
sqlite3            sqlite3 shell, for inspecting databases by hand
libjansson-dev     JSON parsing and writing
libssl-dev         OpenSSL 3: SM2, SM3, SM4 (src/crypto)
libsodium-dev      argon2id password hashing, random tokens
libcmocka-dev      unit test framework (tests/unit)
nodejs             runs the API and browser tests, npm installs web libraries
npm                npm client (skipped when node already brings one)
chromium           headless browser for tests/browser (driven by playwright-core)
fonts-noto-cjk     Chinese glyphs for the browser and rendered documents
clang              libFuzzer targets (fuzz/)
libclang-rt-14-dev clang sanitizer and fuzzer runtimes
wrk                HTTP load generator for bench/
nginx              reverse proxy in the multi-process deployment bench
libxapian-dev      peer search engine the search benchmark compares with
libqrencode-dev    QR codes for 行政行为码
libopencv-dev      ORB keypoints of the pattern engine (engine/image), bench peers
libcairo2-dev      PDF rendering of official documents (engine/docs)
libpango1.0-dev    Chinese text layout on those documents
poppler-utils      pdftotext/pdftoppm to check generated PDFs in tests
libwebp-dev        WebP decoding for pattern images (engine/image)
libpng-dev         PNG decoding for pattern images
libjpeg-dev        JPEG decoding for pattern images
libxlsxwriter-dev  Excel (.xlsx) exports of lists (engine/docs/xlsx)
'

# Browser files the UI loads: node_modules path, then path under web/vendor/.
# Vue is the runtime-only build: templates are compiled by `make`
# (scripts/build-web.mjs), so the CSP needs no 'unsafe-eval'.
VENDOR='
vue/dist/vue.runtime.global.prod.js                 vue.runtime.global.prod.js
element-plus/dist/index.full.min.js                 element-plus/index.full.min.js
element-plus/dist/index.css                         element-plus/index.css
element-plus/dist/locale/zh-cn.min.js               element-plus/zh-cn.min.js
@element-plus/icons-vue/dist/index.iife.min.js      element-plus/icons.iife.min.js
dayjs/dayjs.min.js                                  dayjs/dayjs.min.js
dayjs/locale/zh-cn.js                               dayjs/zh-cn.js
echarts/dist/echarts.min.js                         echarts/echarts.min.js
'

is_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing_packages() {
	echo "$PACKAGES" | while read -r name _; do
		[ -n "$name" ] || continue
		# Node from another source (e.g. a repacked nodejs) ships its
		# own npm, which Debian's npm package would conflict with.
		if [ "$name" = npm ] && command -v npm >/dev/null 2>&1; then
			continue
		fi
		is_installed "$name" || echo "$name"
	done
}

install_debian() {
	missing=$(missing_packages | tr '\n' ' ')
	if [ -z "$missing" ]; then
		echo "deps: Debian packages: all present"
		return
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "deps: missing Debian packages: $missing" >&2
		echo "deps: run 'make deps' as root to install them" >&2
		exit 1
	fi
	echo "deps: installing Debian packages: $missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	# shellcheck disable=SC2086 # one word per package
	apt-get install -y --no-install-recommends $missing
}

# npm ci only when node_modules is missing or older than the lock; npm
# rewrites node_modules/.package-lock.json on every install, so its age is
# the age of the tree.
install_npm() {
	stamp=node_modules/.package-lock.json
	if [ -f package-lock.json ]; then
		if [ -f "$stamp" ] && [ ! package-lock.json -nt "$stamp" ]; then
			echo "deps: npm packages: up to date"
			return
		fi
		echo "deps: npm ci (node_modules missing or older than package-lock.json)"
		npm ci --no-audit --no-fund
	else
		echo "deps: npm install (no package-lock.json yet)"
		npm install --no-audit --no-fund
	fi
	touch "$stamp"
	check_lock
}

# The lock must name no registry: .npmrc sets omit-lockfile-registry-resolved,
# and this strips any "resolved" line an older npm may still have written.
check_lock() {
	if grep -q '"resolved":' package-lock.json; then
		echo "deps: removing registry URLs from package-lock.json"
		sed -i '/^ *"resolved": /d' package-lock.json
		touch node_modules/.package-lock.json
	fi
}

copy_vendor() {
	copied=0
	echo "$VENDOR" | {
		while read -r from to; do
			[ -n "$from" ] || continue
			src=node_modules/$from
			dst=web/vendor/$to
			if [ ! -f "$src" ]; then
				echo "deps: $src is missing (npm install failed?)" >&2
				exit 1
			fi
			if ! cmp -s "$src" "$dst" 2>/dev/null; then
				mkdir -p "$(dirname "$dst")"
				cp "$src" "$dst"
				echo "deps: web/vendor/$to <- $from"
				copied=$((copied + 1))
			fi
		done
		[ "$copied" -gt 0 ] || echo "deps: web/vendor: up to date"
	}
	# The full Vue build of older checkouts compiles templates with eval,
	# which the CSP forbids: nothing may load it by mistake.
	rm -f web/vendor/vue.global.prod.js
}

install_debian
install_npm
copy_vendor
