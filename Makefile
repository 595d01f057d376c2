# runbox: run untrusted code in a fresh Docker container, one process per
# connection.  Outputs go under build/ only.

PREFIX	?= /usr/local
DESTDIR	?=
CC	?= cc
PKGS	 = libcurl libbsd-overlay libcjson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS	?= -O2 -g
WARN	 = -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
	   -Wmissing-prototypes -Wformat=2
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(PKG_CFLAGS) -Isrc $(CFLAGS)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all

B	 = build
SRCS	 = $(filter-out src/main.c,$(wildcard src/*.c))
OBJS	 = $(SRCS:src/%.c=$(B)/obj/%.o)
AOBJS	 = $(SRCS:src/%.c=$(B)/asan/obj/%.o)
HDRS	 = $(wildcard src/*.h)
UNITS	 = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/*-t.c))
TESTLIB	 = tests/lib/tap.c
TOOLS	 = rbclient admit-bench
FUZZERS	 = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz-*.c))
FUZZ_SECONDS ?= 60

IMAGES	 = runbox-python:python3 runbox-node:nodejs runbox-ruby:ruby

.PHONY: all images run check setup clean units asan-units bench fuzz

all: $(B)/runbox $(B)/runbox-handoff

# V=1 shows the commands.
Q	 = $(if $(V),,@)
say	 = $(if $(V),,@echo "  $(1)	$@";)

$(B)/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/asan/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC)$(CC) $(ALL_CFLAGS) $(SANFLAGS) -c -o $@ $<

$(B)/runbox: $(B)/obj/main.o $(OBJS)
	$(call say,LD)$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/asan/runbox: $(B)/asan/obj/main.o $(AOBJS)
	$(call say,LD)$(CC) $(ALL_CFLAGS) $(SANFLAGS) -o $@ $^ $(PKG_LIBS)

# The in-container handoff: static, so that it runs in any image.
$(B)/runbox-handoff: src/images/handoff.c
	@mkdir -p $(@D)
	$(call say,LD)$(CC) -static -Os -Wall -Wextra -Werror -o $@ $<

# Unit tests and test tools, plain and sanitized.
$(B)/tests/%: tests/unit/%.c $(TESTLIB) tests/lib/tap.h $(OBJS)
	@mkdir -p $(@D)
	$(call say,LD)$(CC) $(ALL_CFLAGS) -Itests/lib -o $@ $< $(TESTLIB) $(OBJS) $(PKG_LIBS)

$(B)/asan/tests/%: tests/unit/%.c $(TESTLIB) tests/lib/tap.h $(AOBJS)
	@mkdir -p $(@D)
	$(call say,LD)$(CC) $(ALL_CFLAGS) $(SANFLAGS) -Itests/lib -o $@ $< $(TESTLIB) \
	    $(AOBJS) $(PKG_LIBS)

$(B)/tools/%: tests/lib/%.c $(OBJS)
	@mkdir -p $(@D)
	$(call say,LD)$(CC) $(ALL_CFLAGS) -o $@ $< $(OBJS) $(PKG_LIBS)

images: $(B)/runbox-handoff
	@for spec in $(IMAGES); do \
	    sh src/images/mkimage.sh $${spec%%:*} $(B)/runbox-handoff \
		src/images/handoff.c $$(echo $${spec#*:} | tr , ' ') || exit 1; \
	done

# Install what is missing (Debian packages, a running engine, images).
setup:
	sh tests/setup.sh
	$(MAKE) images

units: $(UNITS:%=$(B)/tests/%) $(TOOLS:%=$(B)/tools/%)
asan-units: $(UNITS:%=$(B)/asan/tests/%)

check: setup
	$(MAKE) all units asan-units $(B)/asan/runbox
	RUNBOX=$(CURDIR)/$(B)/runbox TOOLS=$(CURDIR)/$(B)/tools \
	    prove $(UNITS:%=$(B)/tests/%) tests/e2e/*.t
	RUNBOX=$(CURDIR)/$(B)/asan/runbox TOOLS=$(CURDIR)/$(B)/tools \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    prove $(UNITS:%=$(B)/asan/tests/%) tests/e2e/*.t

# The flags come from pkg-config, so build in a fresh make after setup.
run: setup
	$(MAKE) all
	sh tests/demo.sh

# Benchmarks print figures; they are not tests.
bench: all $(TOOLS:%=$(B)/tools/%)
	TOOLS=$(B)/tools sh tests/bench/admission.sh

# libFuzzer targets (clang): each runs FUZZ_SECONDS from its seed corpus.
$(B)/fuzz/%: tests/fuzz/%.c $(SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(call say,LD)clang -std=c11 -D_GNU_SOURCE -g -O1 $(PKG_CFLAGS) -Isrc \
	    -fsanitize=fuzzer,address,undefined -o $@ $< $(SRCS) $(PKG_LIBS)

fuzz: $(FUZZERS:%=$(B)/fuzz/%)
	@for f in $(FUZZERS); do \
	    c=tests/fuzz/corpus/$${f#fuzz-}; mkdir -p $(B)/fuzz/corpus/$$f; \
	    echo "fuzz: $$f for $(FUZZ_SECONDS) s"; \
	    $(B)/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		$(B)/fuzz/corpus/$$f $$c 2>$(B)/fuzz/$$f.log || \
		{ tail -n 30 $(B)/fuzz/$$f.log; exit 1; }; \
	    tail -n 1 $(B)/fuzz/$$f.log; \
	done

clean:
	rm -rf $(B)
