# fazhi - plain Makefile (STYLE.md: git, Redis, Kore).
#
#   make            build ./fazhi (warnings are errors) and build/web/
#   make web        build/web/: web/ with the Vue templates compiled
#   make test       every test: unit, API, browser, sanitizer build
#   make quick      unit tests only, for the edit loop
#   make asan       build ./fazhi-asan with ASan + UBSan
#   make fuzz       build and run the libFuzzer targets for a short while
#   make deps       install missing Debian and npm packages
#   make demo       deps, build, create fazhi.db with the demo district, serve
#
# Every source under src/ is found by the rules below: a new module needs no
# Makefile edit.  One module = src/<layer>/<name>.c + .h + tests/unit/test_<name>.c

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 jansson libcrypto libsodium zlib libqrencode \
           cairo pangocairo libpng libjpeg libwebp xlsxwriter
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter -Wvla \
           -Wno-missing-field-initializers
OPT     ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# OpenCV gives the pattern engine its keypoint detector (one C++ file,
# src/engine/image/img_orb.cpp); only the three modules it uses are linked
CV_CFLAGS  := $(shell pkg-config --cflags opencv4 2>/dev/null)
CV_LIBS    := -lopencv_features2d -lopencv_imgproc -lopencv_core -lstdc++
CFLAGS_ALL  = $(CSTD) $(WARN) $(OPT) -Isrc -Ibuild/gen $(PKG_CFLAGS) $(CFLAGS)
LIBS_ALL    = $(PKG_LIBS) $(CV_LIBS) -lpthread -lm $(LIBS)
CXX     ?= c++
CXXFLAGS_ALL = -std=c++17 -Wall -Wextra -Werror -Wno-unused-parameter $(OPT) -Isrc $(CV_CFLAGS) $(CXXFLAGS)
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -DFZ_ARENA_DEBUG

SRC     := $(shell find src -name '*.c' ! -name main.c | sort)
SRCXX   := $(shell find src -name '*.cpp' | sort)
# Reference data compiled into the binary (scripts/embed.sh): the product
# never reads data files at run time.
GEN     := calendar_data rules_data discretion_data checklist_data enforce_data \
           pwlist_data report_data grid_data
OBJ     := $(SRC:src/%.c=build/obj/%.o) $(SRCXX:src/%.cpp=build/obj/%.o) $(GEN:%=build/obj/gen/%.o)
AOBJ    := $(SRC:src/%.c=build/asan/%.o) $(SRCXX:src/%.cpp=build/asan/%.o) $(GEN:%=build/asan/gen/%.o)
UNIT    := $(sort $(wildcard tests/unit/test_*.c))
UNITBIN := $(UNIT:tests/unit/%.c=build/tests/%)
AUNITBIN:= $(UNIT:tests/unit/%.c=build/tests-asan/%)
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
# Quiet by default; `make V=1` prints every command.
ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all test quick asan fuzz deps demo clean check-pkgs unit unit-asan api api-asan browser web
all: check-pkgs fazhi web

# The UI the server serves (`fazhi serve --web` default): web/ copied to
# build/web/ with every Vue `template:` compiled to a render function, so
# the browser runs the runtime-only Vue and the CSP forbids eval
# (scripts/build-web.mjs, docs/ui.md).  Directories are prerequisites too,
# so that a removed page is removed from build/web/.
WEBSRC  := web/. $(shell find web -mindepth 1 \( -type f -o -type d \) 2>/dev/null)
build/web.stamp: $(WEBSRC) scripts/build-web.mjs package-lock.json
	@$(if $(Q),echo "  WEB     build/web")
	$(Q)node scripts/build-web.mjs web build/web
web: build/web.stamp

check-pkgs:
	@pkg-config --exists $(PKGS) opencv4 || { echo "missing libraries: run 'make deps' first"; \
	  for p in $(PKGS) opencv4; do pkg-config --exists $$p || echo "  $$p"; done; exit 1; }

build/gen/calendar_data.c: $(wildcard data/calendar/*.txt) scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh fz_calendar_files data/calendar/*.txt > $@

build/gen/rules_data.c: $(wildcard data/rules/*.rules) scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh fz_rules_files data/rules/*.rules > $@

build/gen/discretion_data.c: $(wildcard data/discretion/*) scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh fz_discretion_files data/discretion/*.rules data/discretion/*.csv > $@

build/gen/checklist_data.c: $(wildcard data/checklists/*) scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh fz_checklist_files data/checklists/*.csv > $@

build/gen/enforce_data.c: $(wildcard data/enforce/*) scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh fz_enforce_data_files data/enforce/*.csv > $@

build/gen/pwlist_data.c: $(wildcard data/passwords/*.txt) scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh fz_pwlist_files data/passwords/*.txt > $@

build/gen/report_data.c: $(wildcard data/report/*.tpl) scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh fz_report_files data/report/*.tpl > $@

build/gen/grid_data.c: $(wildcard data/grid/*.rules) scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh fz_grid_files data/grid/*.rules > $@

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<
build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(SAN) -c -o $@ $<

build/obj/%.o: src/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<
build/asan/%.o: src/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC-ASAN $<")
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN) -MMD -MP -c -o $@ $<

# Only main.c knows the version; it is rebuilt on every link so the
# version string follows the checkout.
build/obj/%.o: src/%.cpp
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CXX     $<")
	$(Q)$(CXX) $(CXXFLAGS_ALL) -MMD -MP -c -o $@ $<
build/asan/%.o: src/%.cpp
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CXX-ASAN $<")
	$(Q)$(CXX) $(CXXFLAGS_ALL) $(SAN) -MMD -MP -c -o $@ $<

build/obj/main.o build/asan/main.o: FORCE
build/obj/main.o: CFLAGS += -DFZ_VERSION='"$(VERSION)"'
build/asan/main.o: CFLAGS += -DFZ_VERSION='"$(VERSION)"'
FORCE:

build/libfazhi.a: $(OBJ)
	@rm -f $@
	@$(if $(Q),echo "  AR      $@")
	$(Q)ar rcs $@ $^
build/libfazhi-asan.a: $(AOBJ)
	@rm -f $@
	@$(if $(Q),echo "  AR      $@")
	$(Q)ar rcs $@ $^

fazhi: build/obj/main.o build/libfazhi.a
	$(CC) -o $@ $^ $(LIBS_ALL)
fazhi-asan: build/asan/main.o build/libfazhi-asan.a
	$(CC) $(SAN) -o $@ $^ $(LIBS_ALL)
asan: check-pkgs fazhi-asan

build/tests/test_%: tests/unit/test_%.c build/libfazhi.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $<")
	$(Q)$(CC) $(CFLAGS_ALL) -Itests -o $@ $< build/libfazhi.a $(LIBS_ALL) -lcmocka
build/tests-asan/test_%: tests/unit/test_%.c build/libfazhi-asan.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST-ASAN $<")
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN) -Itests -o $@ $< build/libfazhi-asan.a $(LIBS_ALL) -lcmocka

unit: $(UNITBIN)
	@sh tests/run-unit.sh $(UNITBIN)
LSAN    := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
unit-asan: $(AUNITBIN)
	@ASAN_OPTIONS=detect_leaks=1 $(LSAN) sh tests/run-unit.sh $(AUNITBIN)
quick: check-pkgs unit

# tests/security/ reproduces the findings of security reviews (issue 13)
# against the same real server; it runs with the API tests.
SECTESTS := $(wildcard tests/security/*.test.mjs)
# two test files at a time: each has its own server, database and port,
# and most of a file's time is waiting on its server (on two cores node
# would otherwise run one file at a time); api 697 s -> 282 s, api-asan
# 1,014 s -> 557 s, every test passing both ways
APICONC := --test-concurrency=2
api: fazhi web
	@FAZHI_BIN=./fazhi node --test $(APICONC) --test-reporter=spec tests/api/ $(SECTESTS)
api-asan: fazhi-asan web
	@FAZHI_BIN=./fazhi-asan FAZHI_SLOW=1 ASAN_OPTIONS=detect_leaks=1 $(LSAN) node --test $(APICONC) --test-reporter=spec tests/api/ $(SECTESTS)
# two at a time as well: a browser test waits on pages far more than it
# computes (11 minutes one at a time, 3.5 of them on the processor)
browser: fazhi web
	@FAZHI_BIN=./fazhi node --test $(APICONC) --test-reporter=spec tests/browser/

# The one test command (README, .ci/run).  Each stage prints its own
# results; scripts/test-all.sh runs them in order and prints the tally.
test: check-pkgs
	@sh scripts/test-all.sh

fuzz:
	@sh fuzz/build.sh && sh fuzz/run.sh $(FUZZ_SECONDS)

deps:
	@sh scripts/deps.sh

demo: deps
	@$(MAKE) --no-print-directory fazhi web
	@sh scripts/demo.sh

clean:
	rm -rf build fazhi fazhi-asan

-include $(OBJ:.o=.d) $(AOBJ:.o=.d)
