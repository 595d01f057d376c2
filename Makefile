# runbox: run untrusted code in a fresh Docker container, one process per
# connection.  Outputs go under build/ only.

PREFIX	?= /usr/local
DESTDIR	?=
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DOCDIR	?= $(PREFIX)/share/doc/runbox
LIBEXECDIR ?= $(PREFIX)/libexec/runbox
# systemd searches /usr/local/lib/systemd/system too.
UNITDIR	?= $(PREFIX)/lib/systemd/system
# runbox's own paths (runbox.conf(5)) are /etc/runbox and /var/lib/runbox,
# also under PREFIX=/usr/local.
SYSCONFDIR ?= /etc
LOCALSTATEDIR ?= /var
RUNBOX_USER ?= runbox
MANPAGES = docs/runbox.8 docs/runbox.conf.5
CC	?= cc
# Which libcurl every binary links: minimal, a static HTTP-only libcurl
# built from Debian's source of the installed libcurl4 into build/curl
# (build-aux/libcurl-min.sh, docs/performance.md), or system, Debian's
# shared libcurl through pkg-config.
CURL	?= minimal
# jansson parses the client's request (src/request.c), cJSON the rest.
PKGS	 = libbsd-overlay libcjson jansson
ifeq ($(CURL),minimal)
CURL_A	 = $(B)/curl/lib/libcurl.a
CURL_CFLAGS = -I$(B)/curl/include
CURL_LIBS = $(CURL_A)
else ifeq ($(CURL),system)
PKGS	+= libcurl
else
$(error CURL=$(CURL): say CURL=minimal or CURL=system)
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# What objects and binaries need before they are made: the curl headers
# and library, and a record of the choice, so that switching remakes all.
CURL_DEPS = $(CURL_A) $(B)/curl-choice
# http-parser (no pkg-config file) tokenizes a client's HTTP/1.1 request
# (src/http.c).
LINK_LIBS = $(CURL_LIBS) $(PKG_LIBS) -lhttp_parser -lresolv
CFLAGS	?= -O2 -g
WARN	 = -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
	   -Wmissing-prototypes -Wformat=2
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CURL_CFLAGS) $(PKG_CFLAGS) -Isrc \
	   $(CFLAGS)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all

B	 = build
SRCS	 = $(filter-out src/main.c,$(wildcard src/*.c))
OBJS	 = $(SRCS:src/%.c=$(B)/obj/%.o)
AOBJS	 = $(SRCS:src/%.c=$(B)/asan/obj/%.o)
HDRS	 = $(wildcard src/*.h)
UNITS	 = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/*-t.c))
TESTLIB	 = tests/lib/tap.c
# parse-bench: the cost of one request's parse (tests/bench/parse.sh).
TOOLS	 = rbclient admit-bench rbbench parse-bench
FUZZERS	 = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz-*.c))
FUZZ_SECONDS ?= 60
# make check runs each fuzz target this long, a smoke run from the seed
# corpus: seven targets at 2 s keep a warm CI run under 15 minutes (at 5
# s it took 15 min 15 s once the HTTP tests were in); make fuzz alone
# runs each FUZZ_SECONDS.
CHECK_FUZZ_SECONDS ?= 2

# make images LANGS="python c": the images of these languages only
# (names as in src/images/languages); empty, every image.  REFRESH=1
# rebuilds them from Debian's current packages, recipe changed or not.
LANGS	?=
REFRESH	?=

.PHONY: all images run check setup clean units asan-units bench fuzz lint \
	check-valgrind check-engine check-vm \
	systemd-units install uninstall FORCE

all: $(B)/runbox $(B)/runbox-handoff

# V=1 shows the commands.
Q	 = $(if $(V),,@)
say	 = $(if $(V),,@echo "  $(1)	$@";)
# For a record made as $@.tmp: replace $@ only when it differs, so that
# what depends on it is remade only then.
keep_if_same = if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# The minimal libcurl: remade when the script changes or Debian updates
# libcurl4 (build/curl-src/libcurl4 holds the version it was made from).
#
# A machine keeps what it built under CURL_CACHE (when it may write
# there), by the script, the libcurl4 version and the compiler it was
# built with: a fresh clone on a warm machine (CI) copies it instead of
# the download and the build (about 40 s).  CURL_CACHE= turns that off.
CURL_CACHE ?= /var/cache/runbox/libcurl-min
$(B)/curl/lib/libcurl.a: build-aux/libcurl-min.sh $(B)/curl-src/libcurl4
	$(call say,CURL)key=$$(cat build-aux/libcurl-min.sh $(B)/curl-src/libcurl4 | \
	    sha256sum | cut -c1-16)-$$($(CC) -dumpfullversion 2>/dev/null); \
	c='$(CURL_CACHE)'/$$key; \
	if [ -n '$(CURL_CACHE)' ] && [ -s "$$c/lib/libcurl.a" ]; then \
	    echo "libcurl-min: the one built before, from $$c"; \
	    rm -rf $(B)/curl && mkdir -p $(B)/curl && cp -a "$$c/." $(B)/curl/; \
	else \
	    CC='$(CC)' sh build-aux/libcurl-min.sh $(B) && \
	    if [ -n '$(CURL_CACHE)' ] && mkdir -p "$$c.tmp" 2>/dev/null; then \
	        cp -a $(B)/curl/. "$$c.tmp/" && rm -rf "$$c" && \
	        mv "$$c.tmp" "$$c" || rm -rf "$$c.tmp"; \
	    fi; \
	fi
	@touch $@

$(B)/curl-src/libcurl4: FORCE
	@mkdir -p $(@D)
	@dpkg-query -W -f '$${Version}\n' libcurl4 >$@.tmp 2>/dev/null || :
	@$(keep_if_same)

$(B)/curl-choice: FORCE
	@mkdir -p $(@D)
	@echo 'CURL=$(CURL)' >$@.tmp
	@$(keep_if_same)

$(B)/obj/%.o: src/%.c $(HDRS) $(CURL_DEPS)
	@mkdir -p $(@D)
	$(call say,CC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/asan/obj/%.o: src/%.c $(HDRS) $(CURL_DEPS)
	@mkdir -p $(@D)
	$(call say,CC)$(CC) $(ALL_CFLAGS) $(SANFLAGS) -c -o $@ $<

# playground.c takes these files in whole (.incbin).
PLAYGROUND = $(wildcard src/playground/*)
$(B)/obj/playground.o $(B)/asan/obj/playground.o: $(PLAYGROUND)

$(B)/runbox: $(B)/obj/main.o $(OBJS)
	$(call say,LD)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LINK_LIBS)

$(B)/asan/runbox: $(B)/asan/obj/main.o $(AOBJS)
	$(call say,LD)$(CC) $(ALL_CFLAGS) $(SANFLAGS) -o $@ $^ $(LINK_LIBS)

# The in-container handoff: static, so that it runs in any image.
$(B)/runbox-handoff: src/images/handoff.c
	@mkdir -p $(@D)
	$(call say,LD)$(CC) -static -Os -Wall -Wextra -Werror -o $@ $<

# Unit tests and test tools, plain and sanitized.
$(B)/tests/%: tests/unit/%.c $(TESTLIB) tests/lib/tap.h $(OBJS)
	@mkdir -p $(@D)
	$(call say,LD)$(CC) $(ALL_CFLAGS) -Itests/lib -o $@ $< $(TESTLIB) $(OBJS) $(LINK_LIBS)

$(B)/asan/tests/%: tests/unit/%.c $(TESTLIB) tests/lib/tap.h $(AOBJS)
	@mkdir -p $(@D)
	$(call say,LD)$(CC) $(ALL_CFLAGS) $(SANFLAGS) -Itests/lib -o $@ $< $(TESTLIB) \
	    $(AOBJS) $(LINK_LIBS)

# handoff-t includes the handoff's source, to drive its relay's order.
$(B)/tests/handoff-t $(B)/asan/tests/handoff-t: src/images/handoff.c

# floor-t holds the bench's floor (tests/lib/floor.c) to runbox's body.
FLOOR	 = tests/lib/floor.c tests/lib/floor.h

$(B)/tests/floor-t: tests/unit/floor-t.c $(FLOOR) $(TESTLIB) tests/lib/tap.h \
    $(OBJS)
	@mkdir -p $(@D)
	$(call say,LD)$(CC) $(ALL_CFLAGS) -Itests/lib -o $@ $< tests/lib/floor.c \
	    $(TESTLIB) $(OBJS) $(LINK_LIBS)

$(B)/asan/tests/floor-t: tests/unit/floor-t.c $(FLOOR) $(TESTLIB) \
    tests/lib/tap.h $(AOBJS)
	@mkdir -p $(@D)
	$(call say,LD)$(CC) $(ALL_CFLAGS) $(SANFLAGS) -Itests/lib -o $@ $< \
	    tests/lib/floor.c $(TESTLIB) $(AOBJS) $(LINK_LIBS)

# http-t sees every free(3) that runbox's objects make (--wrap=free), to
# find a key left in memory given back.
$(B)/tests/http-t: tests/unit/http-t.c $(TESTLIB) tests/lib/tap.h $(OBJS)
	@mkdir -p $(@D)
	$(call say,LD)$(CC) $(ALL_CFLAGS) -Itests/lib -Wl,--wrap=free -o $@ $< \
	    $(TESTLIB) $(OBJS) $(LINK_LIBS)

$(B)/asan/tests/http-t: tests/unit/http-t.c $(TESTLIB) tests/lib/tap.h \
    $(AOBJS)
	@mkdir -p $(@D)
	$(call say,LD)$(CC) $(ALL_CFLAGS) $(SANFLAGS) -Itests/lib \
	    -Wl,--wrap=free -o $@ $< $(TESTLIB) $(AOBJS) $(LINK_LIBS)

$(B)/tools/%: tests/lib/%.c $(OBJS)
	@mkdir -p $(@D)
	$(call say,LD)$(CC) $(ALL_CFLAGS) -o $@ $< $(OBJS) $(LINK_LIBS)

# The bench's load driver and its Engine API floor: a reference client
# that shares no code with runbox but the byte buffer.
$(B)/tools/rbbench: tests/lib/rbbench.c $(FLOOR) $(B)/obj/buf.o $(CURL_DEPS)
	@mkdir -p $(@D)
	$(call say,LD)$(CC) $(ALL_CFLAGS) -Itests/lib -o $@ tests/lib/rbbench.c \
	    tests/lib/floor.c $(B)/obj/buf.o $(LINK_LIBS) -lm

images: $(B)/runbox-handoff
	@RUNBOX_REFRESH=$(REFRESH) sh src/images/mkimage.sh \
	    $(B)/runbox-handoff src/images/handoff.c src/images/languages \
	    $(LANGS)

# Install what is missing (Debian packages, a running engine, images).
setup:
	sh tests/setup.sh
	$(MAKE) images

units: $(UNITS:%=$(B)/tests/%) $(TOOLS:%=$(B)/tools/%)
asan-units: $(UNITS:%=$(B)/asan/tests/%)

# Static checks of src/: cppcheck and clang-tidy (.clang-tidy), no findings.
lint: $(CURL_DEPS)
	cppcheck -q --error-exitcode=1 --std=c11 --inline-suppr \
	    --enable=warning,style,performance,portability \
	    --suppress=variableScope -D_GNU_SOURCE -Isrc $(wildcard src/*.c)
	@mkdir -p $(B)
	@echo "clang-tidy src/*.c"
	@clang-tidy --quiet $(wildcard src/*.c) -- -std=c11 -D_GNU_SOURCE \
	    $(CURL_CFLAGS) $(PKG_CFLAGS) -Isrc 2>$(B)/clang-tidy.log || \
	    { cat $(B)/clang-tidy.log; exit 1; }

# The builds, the lint and the fuzz targets' builds run JOBS at a time
# (one per CPU): about 45 s less on a 2-CPU CI machine than one at a time.
JOBS	?= $(shell nproc 2>/dev/null || echo 1)

# The tests twice: as built, then runbox under ASan+UBSan, where
# t0140 checks one compiled language of six (runbox's part of a compiled
# run is the same in each; E2E_COMPILED), to keep a warm CI run short.
check: setup
	$(MAKE) -j$(JOBS) all units asan-units $(B)/asan/runbox lint
	RUNBOX=$(CURDIR)/$(B)/runbox TOOLS=$(CURDIR)/$(B)/tools \
	    prove --timer $(UNITS:%=$(B)/tests/%) tests/e2e/*.t tests/attack/*.t
	RUNBOX=$(CURDIR)/$(B)/asan/runbox TOOLS=$(CURDIR)/$(B)/tools \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    E2E_COMPILED=c prove --timer $(UNITS:%=$(B)/asan/tests/%) \
	    tests/e2e/*.t tests/attack/*.t
	$(MAKE) -j$(JOBS) fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS)

# The e2e and attack suites against another engine: Debian 13's docker.io
# 26 with its containerd, runc and crun, run from a root debootstrap
# builds under build/engine (tests/engine/engine.sh), beside the host's
# engine, which keeps serving make check.  The images are copied in from
# the host's engine; the other dockerd is stopped at the end.
ENGINE_CTL = sh $(CURDIR)/tests/engine/engine.sh
check-engine: setup
	$(MAKE) -j$(JOBS) all units
	$(ENGINE_CTL) start
	RUNBOX=$(CURDIR)/$(B)/runbox TOOLS=$(CURDIR)/$(B)/tools \
	    E2E_DOCKER_SOCKET=$$($(ENGINE_CTL) socket) \
	    E2E_ENGINE_CTL="$(ENGINE_CTL)" \
	    E2E_RUNTIME_ROOT=$(CURDIR)/$(B)/engine/root/run/docker/runtime-runc/moby \
	    prove --timer tests/e2e/*.t tests/attack/*.t; \
	    st=$$?; $(ENGINE_CTL) stop; exit $$st

# A Debian 13 virtual machine under QEMU with only cgroup v2 and Docker 26
# (tests/vm/vm.sh): the image, the boot, the smoke suite through curl and
# ssh (tests/vm/smoke.t), the power-off, each timed.
VM_CTL = sh $(CURDIR)/tests/vm/vm.sh
check-vm: setup
	@command -v qemu-system-x86_64 >/dev/null || { \
	    echo "check-vm: installing qemu-system-x86"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends qemu-system-x86 >$(B)/apt-qemu.log 2>&1 || \
	    { echo "see $(B)/apt-qemu.log"; exit 1; }; }
	$(MAKE) -j$(JOBS) all
	$(VM_CTL) image
	$(VM_CTL) boot
	t0=$$(date +%s); prove -v tests/vm/smoke.t; st=$$?; \
	    echo "check-vm: the smoke suite took $$(( $$(date +%s) - t0 )) s"; \
	    $(VM_CTL) halt; exit $$st

# The end-to-end cases with runbox under valgrind: no error, no leak.
check-valgrind: setup
	$(MAKE) all units
	sh tests/valgrind/check.sh

# The flags come from pkg-config, so build in a fresh make after setup.
run: setup
	$(MAKE) all
	sh tests/demo.sh

# Benchmarks print figures; they are not tests.  run.sh: runbox, docker
# run --rm and the Engine API floor side by side (BENCH_* knobs in it),
# results in build/bench/; output.sh: 100 000 lines of output through
# this runbox and one built from BENCH_BASE, added to build/bench/;
# compiled.sh: c, cpp, go, rust and java compiled and run, runbox
# against docker run --rm, and what the compile stage itself costs,
# added to build/bench/; batch.sh: judge mode, 20 tests in one request
# against 20 requests, added to build/bench/; http.sh: POST /run against
# the same request as a netstring, added to build/bench/; admission.sh:
# one admission decision.
bench: all $(TOOLS:%=$(B)/tools/%)
	RUNBOX=$(CURDIR)/$(B)/runbox TOOLS=$(CURDIR)/$(B)/tools \
	    sh tests/bench/run.sh
	RUNBOX=$(CURDIR)/$(B)/runbox TOOLS=$(CURDIR)/$(B)/tools \
	    sh tests/bench/output.sh
	RUNBOX=$(CURDIR)/$(B)/runbox TOOLS=$(CURDIR)/$(B)/tools \
	    sh tests/bench/compiled.sh
	RUNBOX=$(CURDIR)/$(B)/runbox TOOLS=$(CURDIR)/$(B)/tools \
	    sh tests/bench/batch.sh
	RUNBOX=$(CURDIR)/$(B)/runbox TOOLS=$(CURDIR)/$(B)/tools \
	    sh tests/bench/http.sh
	TOOLS=$(B)/tools sh tests/bench/admission.sh
	TOOLS=$(B)/tools sh tests/bench/parse.sh

# libFuzzer targets (clang): each runs FUZZ_SECONDS from its seed corpus.
$(B)/fuzz/%: tests/fuzz/%.c $(SRCS) $(HDRS) $(PLAYGROUND) $(CURL_DEPS)
	@mkdir -p $(@D)
	$(call say,LD)clang -std=c11 -D_GNU_SOURCE -g -O1 $(CURL_CFLAGS) $(PKG_CFLAGS) \
	    -Isrc -fsanitize=fuzzer,address,undefined -o $@ $< $(SRCS) $(LINK_LIBS)

fuzz: $(FUZZERS:%=$(B)/fuzz/%)
	@for f in $(FUZZERS); do \
	    c=tests/fuzz/corpus/$${f#fuzz-}; mkdir -p $(B)/fuzz/corpus/$$f; \
	    echo "fuzz: $$f for $(FUZZ_SECONDS) s"; \
	    $(B)/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		-dict=tests/fuzz/$${f#fuzz-}.dict \
		$(B)/fuzz/corpus/$$f $$c 2>$(B)/fuzz/$$f.log || \
		{ tail -n 30 $(B)/fuzz/$$f.log; exit 1; }; \
	    tail -n 1 $(B)/fuzz/$$f.log; \
	done

clean:
	rm -rf $(B)

# systemd units: the *.in templates get their paths here, into build/
# (never in place).  build/systemd/paths records the paths they were made
# with, so changing PREFIX, BINDIR or SYSCONFDIR remakes them.
UNITS_IN  = $(wildcard systemd/*.in)
UNITS_GEN = $(UNITS_IN:systemd/%.in=$(B)/systemd/%)
UNITS_SRC = systemd/runbox.socket systemd/runbox-reap.timer
SUBST	  = -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    -e 's|@LOCALSTATEDIR@|$(LOCALSTATEDIR)|g'

systemd-units: $(UNITS_GEN)

$(B)/systemd/paths: FORCE
	@mkdir -p $(@D)
	@echo 'BINDIR=$(BINDIR) SYSCONFDIR=$(SYSCONFDIR) LOCALSTATEDIR=$(LOCALSTATEDIR)' >$@.tmp
	@$(keep_if_same)

$(B)/systemd/%: systemd/%.in $(B)/systemd/paths
	$(call say,GEN)sed $(SUBST) $< >$@.tmp
	@if grep -n '@[A-Z_]*@' $@.tmp; then \
	    echo "$<: unknown @VARIABLE@ left" >&2; rm -f $@.tmp; exit 1; fi
	@mv $@.tmp $@

FORCE:

# DESTDIR is honoured everywhere.  The config and the keys file are never
# overwritten.  With no DESTDIR and as root, the system user runbox is
# created when missing and given the keys file and the state directory.
install: all systemd-units
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR)
	install -d -m 755 $(DESTDIR)$(SYSCONFDIR)/runbox
	install -d -m 700 $(DESTDIR)$(LOCALSTATEDIR)/lib/runbox
	install -m 755 $(B)/runbox $(DESTDIR)$(BINDIR)/runbox
	install -m 755 contrib/runbox-submit $(DESTDIR)$(BINDIR)/runbox-submit
	install -d $(DESTDIR)$(LIBEXECDIR)
	install -m 755 contrib/runbox-inetd $(DESTDIR)$(LIBEXECDIR)/runbox-inetd
	install -m 644 $(filter %.8,$(MANPAGES)) $(DESTDIR)$(MANDIR)/man8/
	install -m 644 $(filter %.5,$(MANPAGES)) $(DESTDIR)$(MANDIR)/man5/
	install -m 644 $(UNITS_SRC) $(UNITS_GEN) $(DESTDIR)$(UNITDIR)/
	sed -e 's|/etc/runbox/|$(SYSCONFDIR)/runbox/|g' systemd/runbox.conf.example \
	    >$(B)/runbox.conf.example
	install -m 644 $(B)/runbox.conf.example $(DESTDIR)$(DOCDIR)/runbox.conf.example
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/runbox/runbox.conf ]; then \
	    echo "install: keeping $(DESTDIR)$(SYSCONFDIR)/runbox/runbox.conf"; \
	else \
	    echo "install -m 644 $(B)/runbox.conf.example $(DESTDIR)$(SYSCONFDIR)/runbox/runbox.conf"; \
	    install -m 644 $(B)/runbox.conf.example $(DESTDIR)$(SYSCONFDIR)/runbox/runbox.conf; \
	fi
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/runbox/keys ]; then \
	    echo "install: keeping $(DESTDIR)$(SYSCONFDIR)/runbox/keys"; \
	else \
	    echo "install -m 600 /dev/null $(DESTDIR)$(SYSCONFDIR)/runbox/keys"; \
	    install -m 600 /dev/null $(DESTDIR)$(SYSCONFDIR)/runbox/keys; \
	fi
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	    if ! getent passwd $(RUNBOX_USER) >/dev/null; then \
		echo "useradd --system ... $(RUNBOX_USER)"; \
		useradd --system --user-group --no-create-home \
		    --home-dir $(LOCALSTATEDIR)/lib/runbox \
		    --shell /usr/sbin/nologin $(RUNBOX_USER) || exit 1; \
	    fi; \
	    chown $(RUNBOX_USER):$(RUNBOX_USER) $(SYSCONFDIR)/runbox/keys \
		$(LOCALSTATEDIR)/lib/runbox || exit 1; \
	    getent group docker >/dev/null || echo "install: warning: no" \
		"group docker; runbox@.service needs it (SupplementaryGroups=docker)"; \
	    echo "install: now add a key to $(SYSCONFDIR)/runbox/keys, then:"; \
	    echo "    systemctl daemon-reload"; \
	    echo "    systemctl enable --now runbox.socket runbox-reap.timer"; \
	fi

# Removes what install put, except the configuration, the keys, the state
# directory and the user, which may hold the administrator's data.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/runbox $(DESTDIR)$(BINDIR)/runbox-submit \
	    $(DESTDIR)$(MANDIR)/man8/runbox.8 $(DESTDIR)$(MANDIR)/man5/runbox.conf.5 \
	    $(DESTDIR)$(UNITDIR)/runbox.socket $(DESTDIR)$(UNITDIR)/runbox@.service \
	    $(DESTDIR)$(UNITDIR)/runbox-reap.service \
	    $(DESTDIR)$(UNITDIR)/runbox-reap.timer \
	    $(DESTDIR)$(DOCDIR)/runbox.conf.example \
	    $(DESTDIR)$(LIBEXECDIR)/runbox-inetd
	-rmdir $(DESTDIR)$(DOCDIR) $(DESTDIR)$(LIBEXECDIR) 2>/dev/null
	@echo "uninstall: left $(DESTDIR)$(SYSCONFDIR)/runbox (config, keys)," \
	    "$(DESTDIR)$(LOCALSTATEDIR)/lib/runbox (state) and the user" \
	    "$(RUNBOX_USER); remove them by hand if you no longer need them"

