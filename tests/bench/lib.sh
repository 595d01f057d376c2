# shellcheck shell=sh
# lib.sh: what the bench scripts (run.sh, output.sh, compiled.sh,
# batch.sh, http.sh) share.
# Its functions use RUNBOX, TAGP (this run's image tag prefix), T (its
# scratch directory), TOOLS, HANDOFF_BIN, SOCK, CSV, die() and say(),
# which the script sets and defines before it calls them; bench_defaults
# comes first, before asking about a language.
#
#   bench_defaults      read runbox's default configuration
#                       ($RUNBOX --check-config --config /dev/null)
#   lang_image LANG, lang_file LANG, lang_cmd LANG, lang_compile LANG
#                       a language's image, code file, command and compile
#                       command (empty: none), as runbox's default
#                       configuration has them
#   lang_limit LANG DIRECTIVE   the default D of a limit for LANG (its
#                       override, else the global directive's)
#   lang_config LANG IMAGE  LANG's lines of runbox's defaults (language,
#                       compile, override), with IMAGE as its image
#   bench_image IMAGE TAG  TAG: IMAGE with this tree's runbox-handoff
#                       ($HANDOFF_BIN), a tag or one layer more
#   bench_conf_common NAME  the config lines every bench has (engine,
#                       state file $T/NAME.state, admission limits that
#                       never refuse a bench's requests)
#   bench_listen NAME RUNBOX  serve $T/NAME.conf with RUNBOX on a loopback
#                       port ($PORT), logging to $T/NAME.log
#   bench_stop          stop serving (every bench_listen of this run)
#   bench_quiet         wait until no runbox of this run is left
#   bench_cleanup       all of it, and this run's containers, tags and $T
#   bench_containers [PREFIX]  containers made from tags PREFIX*, or named
#                       PREFIX* (default this run's)
#   bench_rm [PREFIX]   remove them, again while a pass finds some
#   bench_gc            remove what runs killed outright left (their
#                       containers and tags)
#   port_free           a free loopback port (tests/lib/port.sh)
#   bench_csv_merge ROWS WORKLOAD...  the rows of the file ROWS into $CSV,
#                       in place of those an earlier run left of these
#                       workloads ($BENCH_CSV_HEADER starts a new one)
#   kv LINE KEY         the value of KEY=VALUE in LINE
#   rb_field NAME       p50 and max of NAME=N in the log lines of $T/lines

BENCH_DEFAULTS=
SERVE_PIDS=
# Where the images keep runbox-handoff.
HANDOFF=/usr/local/bin/runbox-handoff
# results.csv's columns (docs/performance.md).
BENCH_CSV_HEADER="workload,lang,system,runtime,conc,n,ok,p50_ms,p95_ms,\
p99_ms,mean_ms,max_ms,rps,wall_ms,create_ms,attach_ms,start_ms,first_ms,\
stream_ms,wait_ms,delete_ms,rb_reply_ms_p50,rb_cpu_us_p50,rb_cpu_us_max,\
rb_maxrss_kb_p50,rb_maxrss_kb_max,rb_api_calls_p50,rb_api_calls_max,\
pool_hits"

# shellcheck source=tests/lib/port.sh
. "$(dirname "$0")/../lib/port.sh"

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

lang_config() {
	[ -n "$BENCH_DEFAULTS" ] || die "lib.sh: bench_defaults was not called"
	printf '%s\n' "$BENCH_DEFAULTS" | awk -v l="$1" -v i="$2" '
	    $2 == l && ($1 == "language" || $1 == "compile" ||
	    $1 == "override") { if ($1 == "language") $3 = i; print }'
}

# The images are shared and may come from another tree: runbox and the
# floor must speak to the runbox-handoff they were built for.
bench_image() {
	# Named after the tag: if the engine goes away before it is removed,
	# bench_rm (this run's or the next's) finds it by its name.
	cid=$(docker create --name "$2-make" "$1" "$HANDOFF") ||
	    die "cannot create a container from $1"
	docker cp "$cid:$HANDOFF" - 2>/dev/null | tar -xOf - >"$T/handoff" ||
	    true
	if cmp -s "$T/handoff" "$HANDOFF_BIN"; then
		docker tag "$1" "$2" || die "cannot tag $1 as $2"
	else
		say "bench: $1 holds another runbox-handoff than" \
		    "$HANDOFF_BIN: the bench runs $1 with this tree's copied in" \
		    "(one layer more; make images would rebuild $1)"
		{ docker cp "$HANDOFF_BIN" "$cid:$HANDOFF" &&
		    docker commit "$cid" "$2" >/dev/null; } ||
		    die "cannot make $2 from $1 and $HANDOFF_BIN"
	fi
	docker rm "$cid" >/dev/null
}

bench_conf_common() {
	echo "docker_socket $SOCK"
	echo "state_file $T/$1.state"
	echo "rate_limit 100000 per 1s"
	echo "max_per_client 64"
	echo "max_running 64"
}

bench_listen() {
	tries=0
	while :; do
		PORT=$(port_free)
		systemd-socket-activate --accept --inetd -l "127.0.0.1:$PORT" \
		    "$2" --config "$T/$1.conf" 2>>"$T/$1.log" &
		pid=$!
		i=0
		while kill -0 "$pid" 2>/dev/null; do
			if ss -Hltn "sport = :$PORT" | grep -q .; then
				SERVE_PIDS="$SERVE_PIDS $pid"
				return 0
			fi
			i=$((i + 1))
			[ $i -lt 200 ] || break
			sleep 0.05
		done
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		tries=$((tries + 1))
		[ $tries -lt 5 ] ||
		    die "systemd-socket-activate could not listen" \
		    "($(tail -n 2 "$T/$1.log"))"
	done
}

bench_stop() {
	for pid in $SERVE_PIDS; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	SERVE_PIDS=
}

# Until no runbox serving a config of $T is left (its cleanup done), 30 s
# at most.  argv[0] then --config: runbox, not systemd-socket-activate.
bench_quiet() {
	i=0
	while pgrep -f "^[^ ]* --config $T/" >/dev/null; do
		i=$((i + 1))
		if [ $i -ge 300 ]; then
			echo "bench: runbox still running after 30 s" >&2
			return 0
		fi
		sleep 0.1
	done
}

bench_cleanup() {
	bench_stop
	bench_quiet
	if ! docker info >/dev/null 2>&1; then
		echo "bench: no engine to remove this run's containers and" \
		    "images ($TAGP*) from: the next bench run will" >&2
		rm -rf "$T"
		return
	fi
	bench_rm
	for tag in $(docker images --format '{{.Repository}}' |
	    awk -v p="$TAGP" 'index($1, p) == 1' | sort -u); do
		docker rmi "$tag" >/dev/null 2>&1 || true
	done
	rm -rf "$T"
}

bench_containers() {
	docker ps -a --format '{{.ID}} {{.Image}} {{.Names}}' |
	    awk -v p="${1:-$TAGP}" 'index($2, p) == 1 || index($3, p) == 1 {
		print $1 }'
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

# Tags (and the containers that make them) are runbox-bench-PID-...: a
# PID no longer running left them.
bench_gc() {
	for pid in $({ docker images --format '{{.Repository}}'
	    docker ps -a --format '{{.Names}}'; } |
	    sed -n 's/^runbox-bench-\([0-9][0-9]*\)-.*/\1/p' | sort -u); do
		kill -0 "$pid" 2>/dev/null && continue
		bench_rm "runbox-bench-$pid-"
		for tag in $(docker images --format '{{.Repository}}' |
		    grep "^runbox-bench-$pid-" | sort -u); do
			docker rmi "$tag" >/dev/null 2>&1 || true
		done
	done
}

kv() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

rb_field() {
	sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$T/lines" | "$TOOLS/rbbench" stats
}

bench_csv_merge() {
	rows=$1
	shift
	if [ -s "$CSV" ]; then
		awk -F, -v w=" $* " 'index(w, " " $1 " ") == 0' "$CSV" \
		    >"$T/csv"
		cat "$T/csv" "$rows" >"$CSV"
	else
		{ echo "$BENCH_CSV_HEADER"; cat "$rows"; } >"$CSV"
	fi
}

# bench_need "TOOL..." [COMMAND...]: what a bench script needs before it
# starts, or die() saying what is missing: docker, jq,
# systemd-socket-activate, ss, pgrep and each COMMAND; $RUNBOX, its
# handoff ($HANDOFF_BIN, by default beside it) and each TOOL in $TOOLS
# built; an engine answering at $SOCK.  Makes RUNBOX and TOOLS absolute.
bench_need() {
	need_tools=$1
	shift
	for c in docker jq systemd-socket-activate ss pgrep "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
		    die "$c is missing (make setup installs it: run it as root)"
	done
	case $RUNBOX in /*) ;; *) RUNBOX=$(pwd)/$RUNBOX ;; esac
	case $TOOLS in /*) ;; *) TOOLS=$(pwd)/$TOOLS ;; esac
	[ -x "$RUNBOX" ] || die "$RUNBOX is not built (make bench builds it)"
	for t in $need_tools; do
		[ -x "$TOOLS/$t" ] ||
		    die "$TOOLS/$t is not built (make bench builds it)"
	done
	HANDOFF_BIN=${HANDOFF_BIN:-$(dirname "$RUNBOX")/runbox-handoff}
	[ -x "$HANDOFF_BIN" ] ||
	    die "$HANDOFF_BIN is not built (make bench builds it)"
	docker info >/dev/null 2>&1 ||
	    die "no Docker engine answers at $SOCK (make setup starts one)"
}

# bench_rb: runbox's figures in its log lines ($T/lines), as bench_row's
# RB: reply_ms p50, cpu_us p50 and max, maxrss_kb p50 and max,
# api_calls p50 and max.
bench_rb() {
	rep=$(rb_field reply_ms)
	cpu=$(rb_field cpu_us)
	rss=$(rb_field maxrss_kb)
	api=$(rb_field api_calls)
	echo "$(kv "$rep" p50),$(kv "$cpu" p50),$(kv "$cpu" max),\
$(kv "$rss" p50),$(kv "$rss" max),$(kv "$api" p50),$(kv "$api" max)"
}

# bench_row WL LANG SYS N OK STATS RB: one row of results.csv into
# $T/rows (run.sh's columns: STATS rbbench's "p50=... p95=..." words, RB
# runbox's figures, comma-separated) and its line in the summary.
bench_row() {
	printf '%s\n' "$6" | awk -v pre="$1,$2,$3,runc,1,$4,$5" \
	    -v rb="$7" '{
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			v[kv[1]] = kv[2]
		}
		printf "%s,%.1f,%.1f,%.1f,%.1f,%.1f,,,,,,,,,,%s,\n", pre,
		    v["p50"], v["p95"], v["p99"], v["mean"], v["max"], rb
	}' >>"$T/rows"
	printf '  %-8s %-8s %-10s ok %3s/%-3s p50 %8s ms\n' "$1" "$2" \
	    "$3" "$5" "$4" "$(tail -n 1 "$T/rows" | cut -d, -f8)" |
	    tee -a "$SUMMARY"
}

# bench_table: the rows in $T/rows as a table in the summary.
bench_table() {
	say ""
	say "$(printf '%-8s %-8s %-10s %7s %8s %8s %8s  %s' workload lang \
	    system ok/n p50 p95 p99 'runbox: cpu_us   rss_kb api')"
	awk -F, '{
		printf "%-8s %-8s %-10s %7s %8s %8s %8s  %6s/%-6s %5s/%-5s %s\n", \
		    $1, $2, $3, $7 "/" $6, $8, $9, $10, $23, $24, $25, $26, $27 }' \
	    "$T/rows" >"$T/table"
	while IFS= read -r line; do say "$line"; done <"$T/table"
}

# bench_col SYSTEM COLUMN: one value of $T/rows.
bench_col() {
	awk -F, -v s="$1" -v c="$2" '$3 == s { print $c; exit }' "$T/rows"
}

# bench_ratio A B LABEL TARGET: in the summary, system A's p50 / system
# B's (rows of $WL and $BL), in brackets the median of the turns' own
# ratios (their raw files, line by line), against TARGET: hit or MISS.
bench_ratio() {
	br_a=$(bench_col "$1" 8)
	br_b=$(bench_col "$2" 8)
	br_p=$(kv "$(paste -d ' ' "$OUT/raw/$WL-$BL-$1-runc-c1.txt" \
	    "$OUT/raw/$WL-$BL-$2-runc-c1.txt" |
	    awk '!/^#/ { print $4 / $(NF / 2 + 4) }' |
	    "$TOOLS/rbbench" stats)" p50)
	say ""
	say "== $WL ratio: $1 p50 / $2 p50 (in brackets the median of" \
	    "the turns' ratios; one run, noisy when others share the CPU) =="
	say "$(awk -v a="$br_a" -v b="$br_b" -v p="$br_p" -v t="$4" \
	    -v n="$3: $1 p50 / $2 p50" 'BEGIN {
		r = a / b
		printf "  %-40s %6.3f (%5.3f)   (target <= %s)  %s\n", n, r, p,
		    t, r <= t ? "hit" : "MISS" }')"
}
