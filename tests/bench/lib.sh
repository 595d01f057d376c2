# shellcheck shell=sh
# lib.sh: what the bench scripts (run.sh, output.sh, compiled.sh) share.
# Source it after setting RUNBOX, TAGP (this run's image tag prefix), T
# (its scratch directory) and TOOLS, and defining die(); then call
# bench_defaults once before asking about a language.
#
#   bench_defaults      read runbox's default configuration
#                       ($RUNBOX --check-config --config /dev/null)
#   lang_image LANG, lang_file LANG, lang_cmd LANG, lang_compile LANG
#                       a language's image, code file, command and compile
#                       command (empty: none), as runbox's default
#                       configuration has them
#   lang_limit LANG DIRECTIVE   the default D of a limit for LANG (its
#                       override, else the global directive's)
#   bench_containers [PREFIX]  containers made from tags PREFIX* (default
#                       this run's)
#   bench_rm [PREFIX]   remove them, again while a pass finds some
#   bench_gc            remove what runs killed outright left (their
#                       containers and tags)
#   bench_port          a free loopback port
#   kv LINE KEY         the value of KEY=VALUE in LINE
#   rb_field NAME       p50 and max of NAME=N in the log lines of $T/lines

BENCH_DEFAULTS=

# The languages are runbox's own, read from the binary under test, so
# that the bench runs what a default configuration serves.
bench_defaults() {
	BENCH_DEFAULTS=$("$RUNBOX" --check-config --config /dev/null) ||
	    die "$RUNBOX --check-config --config /dev/null failed"
}

# lang_words DIRECTIVE LANG: the words after "DIRECTIVE LANG" in runbox's
# defaults, one space apart (commands are words, never quoted there).
lang_words() {
	[ -n "$BENCH_DEFAULTS" ] || die "lib.sh: bench_defaults was not called"
	printf '%s\n' "$BENCH_DEFAULTS" | awk -v d="$1" -v l="$2" '
	    $1 == d && $2 == l { $1 = $2 = ""; sub(/^ +/, ""); print; exit }'
}

lang_image() {
	w=$(lang_words language "$1")
	[ -n "$w" ] || die "unknown language $1 (runbox's defaults have:" \
	    "$(printf '%s\n' "$BENCH_DEFAULTS" |
	    awk '$1 == "language" { printf "%s%s", s, $2; s = " " }'))"
	echo "${w%% *}"
}
lang_file() {
	lang_words language "$1" | awk '{ print $2 }'
}
lang_cmd() {
	lang_words language "$1" | awk '{ $1 = $2 = ""; sub(/^ +/, "")
	    print }'
}
lang_compile() {
	lang_words compile "$1"
}
lang_limit() {
	[ -n "$BENCH_DEFAULTS" ] || die "lib.sh: bench_defaults was not called"
	printf '%s\n' "$BENCH_DEFAULTS" | awk -v l="$1" -v d="$2" '
	    $1 == d { g = $2 }
	    $1 == "override" && $2 == l && $3 == d { o = $4 }
	    END { print o != "" ? o : g }'
}

bench_containers() {
	docker ps -a --format '{{.ID}} {{.Image}}' |
	    awk -v p="${1:-$TAGP}" 'index($2, p) == 1 { print $1 }'
}

# Again while a pass finds some, since a client killed in the middle of a
# create leaves the engine to finish it a moment later.
bench_rm() {
	pass=0
	while [ $pass -lt 5 ]; do
		ids=$(bench_containers "${1:-$TAGP}")
		[ -n "$ids" ] || return 0
		echo "$ids" | xargs docker rm -f >/dev/null 2>&1 || true
		pass=$((pass + 1))
		sleep 1
	done
}

# Tags are runbox-bench-PID-...: a PID no longer running left them.
bench_gc() {
	for tag in $(docker images --format '{{.Repository}}' |
	    grep '^runbox-bench-[0-9]*-' | sort -u); do
		pid=${tag#runbox-bench-}
		pid=${pid%%-*}
		kill -0 "$pid" 2>/dev/null && continue
		bench_rm "runbox-bench-$pid-"
		docker rmi "$tag" >/dev/null 2>&1 || true
	done
}

bench_port() {
	while :; do
		p=$(( $(od -An -N2 -tu2 /dev/urandom) % 20000 + 10000 ))
		ss -Hatn "sport = :$p" | grep -q . || { echo "$p"; return; }
	done
}

kv() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

rb_field() {
	sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$T/lines" | "$TOOLS/rbbench" stats
}
