#!/bin/sh
# make bench, after run.sh: the output-heavy row.  A program that prints
# 100 000 lines (0 to 99999, 588 890 bytes) runs in each language through
# this tree's runbox and runbox-handoff and, in the same run, through a
# baseline: runbox and runbox-handoff built from the commit BENCH_BASE
# (today's main before handoff protocol 3, with ruby's old command), so
# that what relaying stdout and stderr through the handoff costs is a
# ratio against a baseline measured next to it, never an absolute figure.
# Prints a table and the ratios new / base of the p50 latency and of
# runbox's own CPU (cpu_us from its log line), appends them to
# build/bench/summary.txt and the rows (workload lines100k, system runbox
# or runbox-base) to build/bench/results.csv in run.sh's format.  A
# benchmark, not a test: it fails only when it cannot run, and skips the
# row when there is no git history to build the baseline from.
#
# Knobs (environment):
#   RUNBOX, TOOLS, HANDOFF_BIN: build/runbox, build/tools,
#                      build/runbox-handoff (make bench sets them)
#   BENCH_OUTPUT_N=10  requests per language and system (0: no row)
#   BENCH_BASE=86bb794 the commit the baseline is built from
#   BENCH_LANGS="python javascript ruby"
#   BENCH_OUT=build/bench
set -eu

RUNBOX=${RUNBOX:-build/runbox}
TOOLS=${TOOLS:-build/tools}
N=${BENCH_OUTPUT_N:-10}
BASE=${BENCH_BASE:-86bb794}
LANGS=${BENCH_LANGS:-python javascript ruby}
OUT=${BENCH_OUT:-build/bench}
SOCK=/var/run/docker.sock
# Where the ruby image keeps sync.rb (src/images/runbox-ruby/), which
# ruby's command loads.
RUBYLIB=/usr/local/lib/runbox
LINES=100000
WL=lines100k

die() { echo "bench: output-heavy: $*" >&2; exit 1; }
# shellcheck source=tests/bench/lib.sh
. "$(dirname "$0")/lib.sh"

case $N in
''|*[!0-9]*) die "BENCH_OUTPUT_N=$N is not a number" ;;
esac
[ "$N" -gt 0 ] || exit 0

SRC=$(cd "$(dirname "$0")/../.." && pwd)
bench_need "rbbench" make
bench_defaults

mkdir -p "$OUT/raw"
SUMMARY=$OUT/summary.txt
CSV=$OUT/results.csv
say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

say ""
# The baseline comes from git history: without it, no row (not an error).
if ! command -v git >/dev/null 2>&1; then
	say "== output-heavy: skipped: git is missing, so no baseline" \
	    "($BASE) to build =="
	exit 0
fi
if ! BASE_SHA=$(git -C "$SRC" rev-parse -q --verify "$BASE^{commit}" \
    2>/dev/null); then
	say "== output-heavy: skipped: $SRC has no commit $BASE (BENCH_BASE)" \
	    "to build the baseline from (no git history, or a shallow" \
	    "clone) =="
	exit 0
fi

# Per language: the base's command and the program (lib.sh has the
# rest).
lang_cmd_base() {
	case $1 in ruby) echo ruby main.rb ;; *) lang_cmd "$1" ;; esac
}
lang_lines() {
	case $1 in python) echo "for i in range($LINES): print(i)" ;;
	javascript) echo "for (let i = 0; i < $LINES; i++) console.log(i)" ;;
	ruby) echo "$LINES.times { |i| puts i }" ;; esac
}

for l in $LANGS; do
	img=$(lang_image "$l")
	docker image inspect "$img" >/dev/null 2>&1 ||
	    die "image $img is missing (run make images)"
done

# This run's tags: runbox-bench-PID-new-LANG and runbox-bench-PID-base-LANG,
# the prefix run.sh uses, so that either cleans up after the other's
# killed runs.
ID=$$
TAGP=runbox-bench-$ID-
T=$(mktemp -d "${TMPDIR:-/tmp}/runbox-bench.XXXXXX")
BASE_RB=$T/base/build/runbox
BASE_HANDOFF=$T/base/build/runbox-handoff
PORT_NEW=
PORT_BASE=

trap bench_cleanup EXIT
trap 'exit 129' HUP INT TERM

bench_gc

# The baseline, built out of tree.  It links the minimal libcurl this
# tree built (build/curl) when its recipe is the same, so that runbox's
# CPU compares like for like; otherwise Debian's (CURL=system).
mkdir -p "$T/base/build/curl-src"
git -C "$SRC" archive "$BASE_SHA" | tar -x -C "$T/base" ||
    die "cannot extract $BASE from $SRC"
B=$(dirname "$RUNBOX")
if [ -f "$B/curl/lib/libcurl.a" ] && [ -f "$B/curl-src/libcurl4" ] &&
    cmp -s "$SRC/build-aux/libcurl-min.sh" \
    "$T/base/build-aux/libcurl-min.sh"; then
	cp -Rp "$B/curl" "$T/base/build/"
	cp -p "$B/curl-src/libcurl4" "$T/base/build/curl-src/"
	BASE_CURL=minimal
	CURL_NOTE="the minimal libcurl of $B/curl, as this tree's runbox"
else
	BASE_CURL=system
	CURL_NOTE="Debian's shared libcurl (CURL=system), which costs runbox
about 5 ms of CPU per request more than the minimal one: small next to
this workload's latency, not next to runbox's CPU"
fi
# Not the outer make's flags (make bench V=1 CC=...): the base's own.
if ! (unset MAKEFLAGS MFLAGS MAKELEVEL
    make -C "$T/base" CURL=$BASE_CURL build/runbox build/runbox-handoff) \
    >"$T/base-build.log" 2>&1; then
	tail -n 20 "$T/base-build.log" >&2
	die "cannot build runbox and runbox-handoff of $BASE (CURL=$BASE_CURL)"
fi

# out_image LANG KIND HANDOFF [SYNC_RB]: ${TAGP}KIND-LANG, the language's
# image with HANDOFF (and SYNC_RB as $RUBYLIB/sync.rb) in it: a tag when
# the image has them already, else the image with them copied in (one
# layer more), as lib.sh's bench_image does.
out_image() {
	img=$(lang_image "$1")
	tag=$TAGP$2-$1
	cid=$(docker create --name "$tag-make" "$img" "$HANDOFF") ||
	    die "cannot create a container from $img"
	add=
	docker cp "$cid:$HANDOFF" - 2>/dev/null | tar -xOf - >"$T/handoff" ||
	    true
	cmp -s "$T/handoff" "$3" || add=" $HANDOFF"
	if [ $# -ge 4 ]; then
		docker cp "$cid:$RUBYLIB/sync.rb" - 2>/dev/null |
		    tar -xOf - >"$T/sync.rb" 2>/dev/null || true
		cmp -s "$T/sync.rb" "$4" || add="$add $RUBYLIB/sync.rb"
	fi
	if [ -z "$add" ]; then
		docker tag "$img" "$tag" || die "cannot tag $img as $tag"
		docker rm "$cid" >/dev/null
		return
	fi
	if [ "$2" = base ]; then from="$BASE's"; else from="this tree's"; fi
	say "  $tag: $img with $from$add copied in (one layer more)"
	case $add in
	" $HANDOFF"*)
		docker cp "$3" "$cid:$HANDOFF" ||
		    die "cannot copy $3 into a container of $img"
		;;
	esac
	if [ $# -ge 4 ]; then
		lib=$T/lib-$1
		mkdir -p "$lib"
		cp "$4" "$lib/sync.rb"
		chmod 755 "$lib"
		chmod 644 "$lib/sync.rb"
		docker cp "$lib/." "$cid:$RUBYLIB" ||
		    die "cannot copy $4 into a container of $img"
	fi
	docker commit "$cid" "$tag" >/dev/null ||
	    die "cannot make $tag from $img"
	docker rm "$cid" >/dev/null
}

say "== output-heavy: $LINES lines printed, this tree's runbox and" \
    "handoff against $BASE's, concurrency 1 =="
say "  base: $(git -C "$SRC" log -1 --format='%h %s' "$BASE_SHA" |
    awk '{ print (length($0) > 72 ? substr($0, 1, 69) "..." : $0) }')"
say "  the base links $(printf '%s' "$CURL_NOTE" | tr '\n' ' ')"
for l in $LANGS; do
	if [ "$l" = ruby ]; then
		out_image "$l" new "$HANDOFF_BIN" \
		    "$SRC/src/images/runbox-ruby/sync.rb"
	else
		out_image "$l" new "$HANDOFF_BIN"
	fi
	out_image "$l" base "$BASE_HANDOFF"
done

# conf KIND RUNBOX: $T/KIND.conf, the bench config for that runbox: its
# own state file, an output cap above the 588 890 bytes, a timeout the
# slowest language does not reach on a busy machine.
conf() {
	{
		bench_conf_common "$1"
		echo "timeout_ms 20000 max 20000"
		echo "max_output_bytes 4194304"
		for l in $LANGS; do
			if [ "$1" = base ]; then
				cmd=$(lang_cmd_base "$l")
			else
				cmd=$(lang_cmd "$l")
			fi
			echo "language $l $TAGP$1-$l $(lang_file "$l") $cmd"
		done
	} >"$T/$1.conf"
	"$2" --check-config --config "$T/$1.conf" >/dev/null ||
	    die "$2 refuses the bench config $T/$1.conf"
}

# serve KIND RUNBOX: serve $T/KIND.conf on a loopback port (PORT_NEW or
# PORT_BASE); log to $T/KIND.log.
serve() {
	bench_listen "$1" "$2"
	if [ "$1" = base ]; then PORT_BASE=$PORT; else PORT_NEW=$PORT; fi
}

# row LANG KIND N: N requests through runbox KIND; appends the row to
# $T/rows (run.sh's CSV format) unless N is the warm-up's 0.
row() {
	lang=$1 kind=$2 n=$3 warm=
	[ "$n" -gt 0 ] || { warm=1; n=1; }
	if [ "$kind" = base ]; then sys=runbox-base port=$PORT_BASE
	else sys=runbox port=$PORT_NEW; fi
	raw=$OUT/raw/$WL-$lang-$sys-runc-c1.txt
	[ -z "$warm" ] || raw=$T/warmup.txt
	err=$T/rbbench.err
	bench_quiet
	from=$(wc -l <"$T/$kind.log" 2>/dev/null || echo 0)
	rc=0
	last=$("$TOOLS/rbbench" runbox -n "$n" -c 1 -e "$T/lines.expect" \
	    -o "$raw" 127.0.0.1 "$port" "$T/$lang.json" 2>"$err") || rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 3 ] ||
	    die "rbbench $sys failed: $(cat "$err")"
	[ -z "$warm" ] || [ $rc -eq 0 ] ||
	    die "the warm-up request through $sys ($lang) failed:" \
	    "$(head -n 3 "$err")"
	if [ -s "$err" ]; then
		sed 's/^/    /' "$err" | head -n 5 | tee -a "$SUMMARY"
	fi
	[ -z "$warm" ] || return 0
	bench_quiet
	tail -n +$((from + 1)) "$T/$kind.log" | grep '^runbox: client=' \
	    >"$T/lines" || true
	nl=$(wc -l <"$T/lines")
	[ "$nl" -eq "$n" ] ||
	    say "    (runbox logged $nl lines for $n requests)"
	rep=$(rb_field reply_ms)
	cpu=$(rb_field cpu_us)
	rss=$(rb_field maxrss_kb)
	api=$(rb_field api_calls)
	printf '%s\n' "$WL,$lang,$sys,runc,1,$(kv "$last" n),\
$(kv "$last" ok),$(kv "$last" p50_ms),$(kv "$last" p95_ms),\
$(kv "$last" p99_ms),$(kv "$last" mean_ms),$(kv "$last" max_ms),\
$(kv "$last" rps),$(kv "$last" wall_ms),,,,,,,,$(kv "$rep" p50),\
$(kv "$cpu" p50),$(kv "$cpu" max),$(kv "$rss" p50),$(kv "$rss" max),\
$(kv "$api" p50),$(kv "$api" max)," >>"$T/rows"
	printf '  %-9s %-10s %-11s ok %3s/%-3s p50 %8s ms\n' "$WL" "$lang" \
	    "$sys" "$(kv "$last" ok)" "$n" "$(kv "$last" p50_ms)" |
	    tee -a "$SUMMARY"
}

conf new "$RUNBOX"
conf base "$BASE_RB"
serve new "$RUNBOX"
serve base "$BASE_RB"
awk -v n="$LINES" 'BEGIN { for (i = 0; i < n; i++) print i }' \
    >"$T/lines.expect"
: >"$T/rows"
first=new second=base
for l in $LANGS; do
	lang_lines "$l" >"$T/$l.code"
	jq -n --arg l "$l" --rawfile c "$T/$l.code" \
	    '{language: $l, code: $c}' >"$T/$l.json"
	row "$l" new 0
	row "$l" base 0
	# Each language starts with the other system: a drift in what
	# others do with the machine does not always favour the same one.
	row "$l" "$first" "$N"
	row "$l" "$second" "$N"
	k=$first first=$second second=$k
done
bench_stop

# The rows, in results.csv (the rows of an earlier output.sh replaced),
# then the table and the ratios.
bench_csv_merge "$T/rows" "$WL"

say ""
say "$(printf '%-9s %-10s %-11s %7s %8s %8s %8s  %s' workload lang \
    system ok/n p50 p95 p99 'runbox: cpu_us   rss_kb')"
# Per language, runbox then runbox-base (the order they ran in varies).
for l in $LANGS; do
	awk -F, -v l="$l" '$2 == l' "$T/rows" | sort -t, -k3,3
done | awk -F, '{
	printf "%-9s %-10s %-11s %7s %8s %8s %8s  %6s/%-6s %5s/%-5s\n",
	    $1, $2, $3, $7 "/" $6, $8, $9, $10, $23, $24, $25, $26 }' \
    >"$T/table"
while IFS= read -r line; do say "$line"; done <"$T/table"

# ratio NAME A B: A/B.
ratio() {
	say "$(awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN {
		if (a == "" || b == "" || b == 0)
			printf "  %-62s %6s\n", n, "n/a"
		else
			printf "  %-62s %6.2f\n", n, a / b
	}')"
}

# col LANG SYSTEM COLUMN: one value of $T/rows.
col() {
	awk -F, -v l="$1" -v s="$2" -v c="$3" '$2 == l && $3 == s {
		print $c; exit }' "$T/rows"
}

say ""
say "== output-heavy ratios, this tree / $BASE (one run; noisy when" \
    "others share the CPU) =="
for l in $LANGS; do
	ratio "output-heavy $l: runbox p50 / base p50" \
	    "$(col "$l" runbox 8)" "$(col "$l" runbox-base 8)"
	ratio "output-heavy $l: runbox cpu_us p50 / base cpu_us p50" \
	    "$(col "$l" runbox 23)" "$(col "$l" runbox-base 23)"
done
say "results: $CSV (workload $WL), raw latencies: $OUT/raw/$WL-*"
cp "$T/new.log" "$OUT/output-new.log" 2>/dev/null || true
cp "$T/base.log" "$OUT/output-base.log" 2>/dev/null || true
