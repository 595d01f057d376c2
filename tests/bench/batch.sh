#!/bin/sh
# make bench, after compiled.sh: judge mode.  One row, batch:
#
# batch     a C program that reads an integer and prints twice it, judged
#           against BATCH_TESTS inputs (1, 2, ... each with its expected
#           output) in one request with "tests" (system batch: compiled
#           once, run once per test in the same container), against the
#           same inputs as as many requests of their own, one after
#           another (system separate: each compiles and runs, what a
#           client does without judge mode).  The wall time of the batch
#           and of the separate requests together; p50 of each and the
#           ratio batch / separate, against a target.
#
# Concurrency 1, the two systems in turns, the first changing from turn
# to turn, so that a drift in what others do with the machine touches
# both.  Each turn's measurement starts once the previous runbox has
# exited; the separate requests follow each other at once, as a
# client's would, so that the removal of one container overlaps the
# next request.  Every reply must be status ok with the expected stdout,
# and the batch's must have BATCH_TESTS tests, each ok and accepted: a
# failed request stops the bench.  Appends to build/bench/summary.txt
# and puts the rows (workload batch) in build/bench/results.csv in
# run.sh's format.  A benchmark, not a test: it fails only when it cannot
# run.
#
# Knobs (environment):
#   RUNBOX, TOOLS, HANDOFF_BIN: build/runbox, build/tools,
#                      build/runbox-handoff (make bench sets them)
#   BENCH_BATCH_N=5    turns (0: no row)
#   BENCH_OUT=build/bench
set -eu

RUNBOX=${RUNBOX:-build/runbox}
TOOLS=${TOOLS:-build/tools}
N=${BENCH_BATCH_N:-5}
OUT=${BENCH_OUT:-build/bench}
SOCK=/var/run/docker.sock
WL="batch"
BL=c
SYSTEMS="batch separate"
# Tests in the batch (at most runbox's default max_tests), and the
# target of batch p50 / separate p50.
BATCH_TESTS=20
TARGET=0.2
# One request's wait (rbclient -w).
WAIT_MS=60000

die() { echo "bench: batch: $*" >&2; exit 1; }
# shellcheck source=tests/bench/lib.sh
. "$(dirname "$0")/lib.sh"

case $N in
''|*[!0-9]*) die "BENCH_BATCH_N=$N is not a number" ;;
esac
[ "$N" -gt 0 ] || exit 0

bench_need "rbbench rbclient"
bench_defaults

IMAGE=$(lang_image "$BL")
[ -n "$(lang_compile "$BL")" ] ||
    die "$BL has no compile step in runbox's defaults: nothing to save"
mt=$(lang_limit "$BL" max_tests)
[ "$mt" -ge "$BATCH_TESTS" ] ||
    die "max_tests is $mt: a batch of $BATCH_TESTS tests is refused"
docker image inspect "$IMAGE" >/dev/null 2>&1 ||
    die "image $IMAGE is missing (run make images)"

mkdir -p "$OUT/raw"
SUMMARY=$OUT/summary.txt
CSV=$OUT/results.csv
say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

# This run's tag, runbox-bench-PID-gcc, the prefix the other bench
# scripts use, so that any cleans up after the others' killed runs.
ID=$$
TAGP=runbox-bench-$ID-
TAG=$TAGP${IMAGE#runbox-}
T=$(mktemp -d "${TMPDIR:-/tmp}/runbox-bench.XXXXXX")
trap bench_cleanup EXIT
trap 'exit 129' HUP INT TERM
bench_gc

say ""
say "== judge mode: $(date -u '+%Y-%m-%d %H:%M UTC'), load now" \
    "$(cut -d' ' -f1-3 /proc/loadavg), other containers on the engine:" \
    "$(docker ps -q | wc -l) =="
bench_image "$IMAGE" "$TAG"

# runbox's defaults for the language (its image this run's tag);
# admission that never refuses.
{
	bench_conf_common batch
	lang_config "$BL" "$TAG"
	echo "default_language $BL"
} >"$T/batch.conf"
"$RUNBOX" --check-config --config "$T/batch.conf" >/dev/null ||
    die "runbox refuses the bench config $T/batch.conf"
bench_listen batch "$RUNBOX"

# The program and the requests: $T/batch.json, the tests 1 ..
# BATCH_TESTS; $T/one-I.json, input I alone, whose stdout is $T/one-I.out.
cat >"$T/double.c" <<'EOF'
#include <stdio.h>

int
main(void)
{
	long	n;

	if (scanf("%ld", &n) != 1)
		return 1;
	printf("%ld\n", 2 * n);
	return 0;
}
EOF
jq -n --arg l "$BL" --rawfile c "$T/double.c" --argjson k "$BATCH_TESTS" \
    '{language: $l, code: $c, tests: [range(1; $k + 1) |
    {input: "\(.)\n", expectedOutput: "\(2 * .)\n"}]}' >"$T/batch.json"
i=1
while [ $i -le $BATCH_TESTS ]; do
	jq -n --arg l "$BL" --rawfile c "$T/double.c" --arg i "$i" \
	    '{language: $l, code: $c, input: "\($i)\n"}' >"$T/one-$i.json"
	echo $((2 * i)) >"$T/one-$i.out"
	i=$((i + 1))
done

# send REQUEST REPLY: one request, its reply's payload into REPLY.
send() {
	"$TOOLS/rbclient" -w $WAIT_MS 127.0.0.1 "$PORT" "$1" >"$2" \
	    2>"$T/send.err" && return 0
	docker info >/dev/null 2>&1 ||
	    die "the Docker engine stopped answering ($WL)"
	die "no reply to $(basename "$1"): $(head -n 3 "$T/send.err")"
}

# check_batch REPLY: status ok, stdout the last test's, BATCH_TESTS
# tests each ok and accepted; else the bench stops.
check_batch() {
	jq -e --argjson k "$BATCH_TESTS" '.status == "ok" and
	    .stdout == "\(2 * $k)\n" and (.tests | length) == $k and
	    all(.tests[]; .status == "ok" and .verdict == "accepted")' \
	    "$1" >/dev/null 2>&1 ||
	    die "a batch failed: $(head -c 600 "$1")"
}

# check_one I REPLY: status ok and stdout 2I; else the bench stops.
check_one() {
	jq -e --rawfile o "$T/one-$1.out" '.status == "ok" and .stdout == $o' \
	    "$2" >/dev/null 2>&1 ||
	    die "request $1 of the separate ones failed: $(head -c 600 "$2")"
}

# one SYSTEM RAW: one measurement through SYSTEM, once the previous
# runbox has exited: the batch request, or the BATCH_TESTS separate
# requests back to back, each reply checked after the clock stops.  Its
# line (turn, start from the shell's clock, wall time, ok) is appended to
# the file RAW (none: a warm-up, the separate ones only its first
# request), its runbox log lines to $T/lines.SYSTEM and the durationMs
# of its runs and compiles to $T/dur.SYSTEM and $T/cdur.SYSTEM.
one() {
	sys=$1 raw=$2
	bench_quiet
	from=$(wc -l <"$T/batch.log")
	t0=$(date +%s%N)
	case $sys in
	batch)
		send "$T/batch.json" "$T/reply-1"
		last=1
		;;
	separate)
		last=$BATCH_TESTS
		[ -n "$raw" ] || last=1
		i=1
		while [ $i -le "$last" ]; do
			send "$T/one-$i.json" "$T/reply-$i"
			i=$((i + 1))
		done
		;;
	esac
	t1=$(date +%s%N)
	i=1
	while [ $i -le "$last" ]; do
		if [ "$sys" = batch ]; then
			check_batch "$T/reply-$i"
			jq '.tests[].durationMs' "$T/reply-$i"
		else
			check_one $i "$T/reply-$i"
			jq '.durationMs' "$T/reply-$i"
		fi >>"$T/dur.$sys"
		jq '.compile.durationMs' "$T/reply-$i" >>"$T/cdur.$sys"
		i=$((i + 1))
	done
	bench_quiet	# this measurement's log lines written
	tail -n +$((from + 1)) "$T/batch.log" |
	    grep '^runbox: client=' >>"$T/lines.$sys" || true
	[ -n "$raw" ] || return 0
	num=$(($(wc -l <"$raw") - 1))
	echo "$num 0 $(( (t0 - START_NS) / 1000 )) $(( (t1 - t0) / 1000 ))" \
	    "1 0 0 0 0 0 0 0" >>"$raw"
}

# row SYSTEM LOGGED: the CSV row of the finished turns into $T/rows
# (runbox's figures from $T/lines.SYSTEM, which should hold LOGGED
# lines), and a line saying it.
row() {
	sys=$1 want=$2
	raw=$OUT/raw/$WL-$BL-$sys-runc-c1.txt
	st=$(awk '!/^#/ { print $4 / 1000 }' "$raw" | "$TOOLS/rbbench" stats)
	ok=$(awk '!/^#/ && $5 == 1' "$raw" | wc -l)
	cp "$T/lines.$sys" "$T/lines"
	nl=$(wc -l <"$T/lines")
	[ "$nl" -eq "$want" ] ||
	    say "    (runbox logged $nl lines for $want $sys requests)"
	rb=$(bench_rb)
	bench_row "$WL" "$BL" "$sys" "$N" "$ok" "$st" "$rb"
}

say "== $WL: $BL, $BATCH_TESTS tests in one request (batch) and as" \
    "$BATCH_TESTS requests one after another (separate),"
say "   concurrency 1, $N turns; wall time of each =="
# A warm-up through each (not counted): the batch, one separate request.
for sys in $SYSTEMS; do
	one "$sys" ""
	printf '# request worker t_us latency_us ok%s\n' \
	    "$(printf ' %s_us' create attach start first stream wait delete)" \
	    >"$OUT/raw/$WL-$BL-$sys-runc-c1.txt"
done
for sys in $SYSTEMS; do
	: >"$T/lines.$sys"
	: >"$T/dur.$sys"
	: >"$T/cdur.$sys"
done
START_NS=$(date +%s%N)
turn=0
while [ $turn -lt "$N" ]; do
	# Even turns start with the batch, odd ones with the separate ones.
	order=$SYSTEMS
	[ $((turn % 2)) -eq 0 ] || order="separate batch"
	for sys in $order; do
		one "$sys" "$OUT/raw/$WL-$BL-$sys-runc-c1.txt"
	done
	turn=$((turn + 1))
done
bench_stop
bench_quiet
say "   load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$T/rows"
row batch "$N"
row separate $((N * BATCH_TESTS))
bench_csv_merge "$T/rows" "$WL"
cp "$T/batch.log" "$OUT/batch.log" 2>/dev/null || true

bench_table
b=$(bench_col batch 8)
s=$(bench_col separate 8)
bench_ratio batch separate "$BL, $BATCH_TESTS tests" "$TARGET"
say "$(awk -v a="$b" -v b="$s" -v k="$BATCH_TESTS" 'BEGIN {
	printf "  %-40s %6.1f ms\n", "a separate request (separate p50 / " k \
	    ")", b / k
	printf "  %-40s %6.1f ms\n", "a test more in the batch", \
	    (a - b / k) / (k - 1) }')"

# dur FILE: p50 and max of the numbers in FILE.
dur() {
	st=$("$TOOLS/rbbench" stats <"$1")
	echo "p50 $(kv "$st" p50) max $(kv "$st" max) ms ($(kv "$st" n))"
}
say ""
say "== $WL: durationMs in the replies (runbox's own timing of each run" \
    "and compile) =="
say "$(printf '  %-40s %s' "batch: each test's run" "$(dur "$T/dur.batch")")"
say "$(printf '  %-40s %s' "separate: each request's run" \
    "$(dur "$T/dur.separate")")"
say "$(printf '  %-40s %s' "batch: the compile" "$(dur "$T/cdur.batch")")"
say "$(printf '  %-40s %s' "separate: each request's compile" \
    "$(dur "$T/cdur.separate")")"
say "results: $CSV (workload $WL), raw wall times: $OUT/raw/$WL-*," \
    "runbox's log: $OUT/batch.log"
