#!/bin/sh
# make bench, after batch.sh: the HTTP transport.  One row, http:
#
# http      a python print(1) through runbox as a netstring request
#           (system netstring) and as `POST /run` of the same JSON
#           (system http, docs/http.md), each sent by rbclient, the
#           same client on both sides (-H /run for HTTP), so that only
#           the transport differs.  p50 of each and the ratio http /
#           netstring, against a target; and runbox's own cpu_us of
#           each, from its log lines, where the HTTP parse's cost shows.
#
# Concurrency 1, the two systems in turns, the first changing from turn
# to turn, so that a drift in what others do with the machine touches
# both.  Each request starts once the previous runbox has exited.  Every
# reply must be status ok with stdout "1\n": a failed request stops the
# bench.  Appends to build/bench/summary.txt and puts the rows (workload
# http) in build/bench/results.csv in run.sh's format.  A benchmark, not
# a test: it fails only when it cannot run.
#
# Knobs (environment):
#   RUNBOX, TOOLS, HANDOFF_BIN: build/runbox, build/tools,
#                      build/runbox-handoff (make bench sets them)
#   BENCH_HTTP_N=30    turns (0: no row)
#   BENCH_OUT=build/bench
set -eu

RUNBOX=${RUNBOX:-build/runbox}
TOOLS=${TOOLS:-build/tools}
N=${BENCH_HTTP_N:-30}
OUT=${BENCH_OUT:-build/bench}
SOCK=/var/run/docker.sock
WL=http
BL=python
SYSTEMS="netstring http"
# The route, and the target of http p50 / netstring p50.
ROUTE=/run
TARGET=1.05
# One request's wait (rbclient -w).
WAIT_MS=60000

die() { echo "bench: http: $*" >&2; exit 1; }
# shellcheck source=tests/bench/lib.sh
. "$(dirname "$0")/lib.sh"

case $N in
''|*[!0-9]*) die "BENCH_HTTP_N=$N is not a number" ;;
esac
[ "$N" -gt 0 ] || exit 0

bench_need "rbbench rbclient"
bench_defaults

IMAGE=$(lang_image "$BL")
docker image inspect "$IMAGE" >/dev/null 2>&1 ||
    die "image $IMAGE is missing (run make images)"

mkdir -p "$OUT/raw"
SUMMARY=$OUT/summary.txt
CSV=$OUT/results.csv
say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

# This run's tag, runbox-bench-PID-python, the prefix the other bench
# scripts use, so that any cleans up after the others' killed runs.
ID=$$
TAGP=runbox-bench-$ID-
TAG=$TAGP${IMAGE#runbox-}
T=$(mktemp -d "${TMPDIR:-/tmp}/runbox-bench.XXXXXX")
trap bench_cleanup EXIT
trap 'exit 129' HUP INT TERM
bench_gc

say ""
say "== HTTP: $(date -u '+%Y-%m-%d %H:%M UTC'), load now" \
    "$(cut -d' ' -f1-3 /proc/loadavg), other containers on the engine:" \
    "$(docker ps -q | wc -l) =="
bench_image "$IMAGE" "$TAG"

# runbox's defaults for the language (its image this run's tag);
# admission that never refuses; HTTP on (its default, said here so that
# a changed default shows as a refused config, not as refused requests).
{
	bench_conf_common http
	lang_config "$BL" "$TAG"
	echo "default_language $BL"
	echo "http yes"
} >"$T/http.conf"
"$RUNBOX" --check-config --config "$T/http.conf" >/dev/null ||
    die "runbox refuses the bench config $T/http.conf"
bench_listen http "$RUNBOX"

# The request, the same JSON for both systems.
jq -n --arg l "$BL" '{language: $l, code: "print(1)\n"}' >"$T/hello.json"

# send SYSTEM REPLY: one request through SYSTEM, its reply's payload (the
# response's body for http) into REPLY.
send() {
	route=
	[ "$1" = netstring ] || route=$ROUTE
	"$TOOLS/rbclient" -w $WAIT_MS ${route:+-H "$route"} 127.0.0.1 \
	    "$PORT" "$T/hello.json" >"$2" 2>"$T/send.err" && return 0
	docker info >/dev/null 2>&1 ||
	    die "the Docker engine stopped answering ($WL)"
	die "no reply through $1: $(head -n 3 "$T/send.err")"
}

# check SYSTEM REPLY: status ok and stdout 1; else the bench stops.
check() {
	jq -e '.status == "ok" and .stdout == "1\n"' "$2" >/dev/null 2>&1 ||
	    die "a request through $1 failed: $(head -c 600 "$2")"
}

# one SYSTEM RAW: one request through SYSTEM, once the previous runbox
# has exited, its reply checked after the clock stops.  Its line (turn,
# start from the shell's clock, wall time, ok) is appended to the file
# RAW (none: a warm-up), its runbox log lines to $T/lines.SYSTEM.
one() {
	sys=$1 raw=$2
	bench_quiet
	from=$(wc -l <"$T/http.log")
	t0=$(date +%s%N)
	send "$sys" "$T/reply"
	t1=$(date +%s%N)
	check "$sys" "$T/reply"
	bench_quiet	# this request's log line written
	tail -n +$((from + 1)) "$T/http.log" |
	    grep '^runbox: client=' >>"$T/lines.$sys" || true
	[ -n "$raw" ] || return 0
	num=$(($(wc -l <"$raw") - 1))
	echo "$num 0 $(( (t0 - START_NS) / 1000 )) $(( (t1 - t0) / 1000 ))" \
	    "1 0 0 0 0 0 0 0" >>"$raw"
}

# row SYSTEM: the CSV row of the finished turns into $T/rows (runbox's
# figures from $T/lines.SYSTEM, which should hold N lines), and a line
# saying it.
row() {
	sys=$1
	raw=$OUT/raw/$WL-$BL-$sys-runc-c1.txt
	st=$(awk '!/^#/ { print $4 / 1000 }' "$raw" | "$TOOLS/rbbench" stats)
	ok=$(awk '!/^#/ && $5 == 1' "$raw" | wc -l)
	cp "$T/lines.$sys" "$T/lines"
	nl=$(wc -l <"$T/lines")
	[ "$nl" -eq "$N" ] ||
	    say "    (runbox logged $nl lines for $N $sys requests)"
	rb=$(bench_rb)
	bench_row "$WL" "$BL" "$sys" "$N" "$ok" "$st" "$rb"
}

say "== $WL: $BL print(1) as a netstring request (netstring) and as" \
    "POST $ROUTE (http), both through rbclient,"
say "   concurrency 1, $N turns =="
# A warm-up through each (not counted).
for sys in $SYSTEMS; do
	one "$sys" ""
	printf '# request worker t_us latency_us ok%s\n' \
	    "$(printf ' %s_us' create attach start first stream wait delete)" \
	    >"$OUT/raw/$WL-$BL-$sys-runc-c1.txt"
done
for sys in $SYSTEMS; do
	: >"$T/lines.$sys"
done
START_NS=$(date +%s%N)
turn=0
while [ $turn -lt "$N" ]; do
	# Even turns start with the netstring, odd ones with HTTP.
	order=$SYSTEMS
	[ $((turn % 2)) -eq 0 ] || order="http netstring"
	for sys in $order; do
		one "$sys" "$OUT/raw/$WL-$BL-$sys-runc-c1.txt"
	done
	turn=$((turn + 1))
done
bench_stop
bench_quiet
say "   load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$T/rows"
for sys in $SYSTEMS; do
	row "$sys"
done
bench_csv_merge "$T/rows" "$WL"
cp "$T/http.log" "$OUT/http.log" 2>/dev/null || true

bench_table
bench_ratio http netstring "$BL" "$TARGET"

# runbox's own CPU per request (its log lines' cpu_us, user + system):
# the median of each and of the turns' differences.
cpu() {
	sed -n 's/.* cpu_us=\([0-9]*\).*/\1/p' "$T/lines.$1"
}
cpu netstring >"$T/cpu.netstring"
cpu http >"$T/cpu.http"
pd=$(kv "$(paste -d ' ' "$T/cpu.http" "$T/cpu.netstring" |
    awk 'NF == 2 { print $1 - $2 }' | "$TOOLS/rbbench" stats)" p50)
say ""
say "== $WL: runbox's own CPU per request (cpu_us in its log lines;" \
    "in brackets the median of the turns' differences) =="
say "$(awk -v a="$(bench_col http 23)" -v b="$(bench_col netstring 23)" -v p="$pd" \
    'BEGIN {
	printf "  %-40s %6s us\n", "netstring: cpu_us p50", b
	printf "  %-40s %6s us\n", "http: cpu_us p50", a
	printf "  %-40s %6d us (%5d)\n", "http - netstring", a - b, p }')"
say "results: $CSV (workload $WL), raw wall times: $OUT/raw/$WL-*," \
    "runbox's log: $OUT/http.log"
