#!/bin/sh
# make bench, after output.sh: the compiled languages.  Two rows:
#
# compiled  a hello world compiled and run in each of BENCH_COMPILED_LANGS,
#           through runbox (its default configuration's language, compile
#           and override lines) and through `docker run --rm` of the same
#           image with the same limits and commands, one `sh -c 'cat
#           >FILE && COMPILE && RUN'`: what one writes without runbox.
#           p50 of each and the ratio runbox / docker run, against
#           targets.
# stage     the compile stage's own cost: runbox-gcc with the run command
#           `true` and no compile step (cnone), with the compile step
#           `true` (cstage), and with that step and a run memory limit
#           other than the compile's (cupdate: the engine's update
#           between the stages).  p50 of each and the differences.
#
# Concurrency 1, the systems (or stage languages) in turns, one request
# each, the first changing from turn to turn, so that a drift in what
# others do with the machine touches all alike.  Every reply must be
# status ok with the expected stdout: a failed request stops the bench.
# Appends to build/bench/summary.txt and puts the rows (workloads
# compiled and stage) in build/bench/results.csv in run.sh's format.  A
# benchmark, not a test: it fails only when it cannot run.
#
# Knobs (environment):
#   RUNBOX, TOOLS, HANDOFF_BIN: build/runbox, build/tools,
#                      build/runbox-handoff (make bench sets them)
#   BENCH_COMPILED_N=10        requests per language and system (0: no row)
#   BENCH_COMPILED_LANGS="c cpp go rust java"   (typescript too, if asked)
#   BENCH_COMPILED_STAGE_N=50  requests per stage language (0: no row)
#   BENCH_OUT=build/bench
set -eu

RUNBOX=${RUNBOX:-build/runbox}
TOOLS=${TOOLS:-build/tools}
N=${BENCH_COMPILED_N:-10}
LANGS=${BENCH_COMPILED_LANGS:-c cpp go rust java}
# The stage's few milliseconds against requests that vary by +-20 ms:
# more turns than the hello rows, which are cheap (about 0.1 s each).
STAGE_N=${BENCH_COMPILED_STAGE_N:-50}
OUT=${BENCH_OUT:-build/bench}
SOCK=/var/run/docker.sock
WL=compiled
WS=stage
STAGES="cnone cstage cupdate"
# The stage rows' image; their memory limit when the run's is the
# compile's (runbox's default compile_memory_mb), and cupdate's run limit.
STAGE_IMAGE=runbox-gcc
STAGE_RUN_MB=64
# One request's wait, and the reaper's deadline label on docker run's
# containers (runbox's own carry runbox's).
WAIT_MS=60000
LABEL_S=120

die() { echo "bench: compiled: $*" >&2; exit 1; }
# shellcheck source=tests/bench/lib.sh
. "$(dirname "$0")/lib.sh"

for k in BENCH_COMPILED_N="$N" BENCH_COMPILED_STAGE_N="$STAGE_N"; do
	case ${k#*=} in
	''|*[!0-9]*) die "$k is not a number" ;;
	esac
done
[ "$N" -gt 0 ] || [ "$STAGE_N" -gt 0 ] || exit 0

bench_need "rbbench"
bench_defaults

mkdir -p "$OUT/raw"
SUMMARY=$OUT/summary.txt
CSV=$OUT/results.csv
say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

# Per language: the hello world and the target of runbox / docker run.
lang_hello() {
	case $1 in
	c) printf '#include <stdio.h>\n\nint\nmain(void)\n{\n%s\n%s\n}\n' \
	    '	puts("hello, world");' '	return 0;' ;;
	cpp) printf '#include <iostream>\n\nint main()\n{\n%s\n}\n' \
	    '	std::cout << "hello, world\n";' ;;
	go) printf 'package main\n\nimport "fmt"\n\n%s\n' \
	    'func main() { fmt.Println("hello, world") }' ;;
	rust) echo 'fn main() { println!("hello, world"); }' ;;
	java) printf 'public class Main {\n%s\n%s\n}\n' \
	    '    public static void main(String[] args) {' \
	    '        System.out.println("hello, world"); }' ;;
	typescript) echo 'console.log("hello, world");' ;;
	*) die "no hello world for $1 (BENCH_COMPILED_LANGS: c cpp go" \
	    "rust java typescript)" ;;
	esac
}
lang_target() {
	case $1 in c|cpp) echo 0.75 ;; go|rust|java) echo 0.95 ;; esac
}

[ "$N" -gt 0 ] || LANGS=
IMAGES=
[ "$STAGE_N" -eq 0 ] || IMAGES=$STAGE_IMAGE
for l in $LANGS; do
	lang_hello "$l" >/dev/null
	img=$(lang_image "$l")
	case " $IMAGES " in *" $img "*) ;; *) IMAGES="$IMAGES $img" ;; esac
done
for img in $IMAGES; do
	docker image inspect "$img" >/dev/null 2>&1 ||
	    die "image $img is missing (run make images)"
done

# This run's tags, one per image: runbox-bench-PID-gcc and so on, the
# prefix the other bench scripts use, so that any cleans up after the
# others' killed runs.
ID=$$
TAGP=runbox-bench-$ID-
T=$(mktemp -d "${TMPDIR:-/tmp}/runbox-bench.XXXXXX")
trap bench_cleanup EXIT
trap 'exit 129' HUP INT TERM
bench_gc

tag_of() {
	img=$(lang_image "$1")
	echo "$TAGP${img#runbox-}"
}

say ""
say "== compiled languages: $(date -u '+%Y-%m-%d %H:%M UTC'), load now" \
    "$(cut -d' ' -f1-3 /proc/loadavg), other containers on the engine:" \
    "$(docker ps -q | wc -l) =="
for img in $IMAGES; do
	bench_image "$img" "$TAGP${img#runbox-}"
done

# The config: runbox's defaults for these languages (their images this
# run's tags) and the stage languages; admission that never refuses.
{
	bench_conf_common compiled
	for l in $LANGS; do
		lang_config "$l" "$(tag_of "$l")"
	done
	if [ "$STAGE_N" -gt 0 ]; then
		st=$TAGP${STAGE_IMAGE#runbox-}
		# The global default (no language of runbox's is cnone).
		mem=$(lang_limit cnone compile_memory_mb)
		[ "$mem" != "$STAGE_RUN_MB" ] ||
		    die "compile_memory_mb is $STAGE_RUN_MB: cupdate needs" \
		    "another run limit (STAGE_RUN_MB)"
		for s in $STAGES; do
			echo "language $s $st main.c true"
		done
		echo "compile cstage true"
		echo "compile cupdate true"
		# cnone and cstage run with the compile's limit, so that no
		# update comes between the stages; all three containers are
		# created with it.
		echo "override cnone memory_mb $mem"
		echo "override cstage memory_mb $mem"
		echo "override cupdate memory_mb $STAGE_RUN_MB"
	fi
	# The first language configured (python is not).
	for dl in $LANGS cnone; do break; done
	echo "default_language $dl"
} >"$T/compiled.conf"
"$RUNBOX" --check-config --config "$T/compiled.conf" >/dev/null ||
    die "runbox refuses the bench config $T/compiled.conf"
bench_listen compiled "$RUNBOX"

# one SYSTEM LANG RAW: one request through SYSTEM (runbox or docker-run)
# for LANG, its line appended to the file RAW (request number, a start
# from the shell's clock, latency, ok).  A failure stops the bench.
one() {
	sys=$1 lang=$2 raw=$3
	w=$T/w/$lang
	bench_quiet
	t0=$(date +%s%N)
	rc=0
	case $sys in
	runbox)
		"$TOOLS/rbbench" runbox -n 1 -c 1 -e "$w/expect" \
		    -o "$T/one.raw" -w $WAIT_MS 127.0.0.1 "$PORT" \
		    "$w/request.json" >"$T/one.out" 2>"$T/one.err" || rc=$?
		;;
	docker-run)
		tmpfs=$(lang_limit "$lang" tmpfs_mb)
		mem=$(lang_limit "$lang" compile_memory_mb)
		label=$(( $(date +%s) + LABEL_S ))
		c=$(lang_compile "$lang")
		mode=noexec
		[ -z "$c" ] || mode="exec"
		shell="cat >$(lang_file "$lang") && ${c:+$c && }$(lang_cmd "$lang")"
		"$TOOLS/rbbench" cmd -n 1 -c 1 -e "$w/expect" \
		    -o "$T/one.raw" -w $WAIT_MS -i "$w/code" -- \
		    docker run --rm -i --network none --user 65534:65534 \
		    --read-only \
		    --tmpfs "/tmp:rw,$mode,nosuid,nodev,size=${tmpfs}m,mode=1777" \
		    --workdir /tmp --env HOME=/tmp \
		    --memory "${mem}m" --memory-swap "${mem}m" \
		    --pids-limit "$(lang_limit "$lang" pids_limit)" \
		    --cpus "$(lang_limit "$lang" cpus)" \
		    --label "runbox=$label" "$(tag_of "$lang")" \
		    sh -c "$shell" >"$T/one.out" 2>"$T/one.err" || rc=$?
		;;
	esac
	if [ $rc -ne 0 ]; then
		docker info >/dev/null 2>&1 ||
		    die "the Docker engine stopped answering ($lang, $sys)"
		die "a $lang request through $sys failed (rbbench exit $rc):" \
		    "$(head -n 5 "$T/one.err")"
	fi
	[ -n "$raw" ] || return 0
	num=$(($(wc -l <"$raw") - 1))
	awk -v k="$num" -v t="$(( (t0 - START_NS) / 1000 ))" \
	    '!/^#/ { $1 = k; $3 = t; print; exit }' "$T/one.raw" >>"$raw"
}

# workload LANG CODEFILE EXPECTFILE: $T/w/LANG, a request's files:
# request.json, code, expect.
workload() {
	w=$T/w/$1
	mkdir -p "$w"
	cp "$2" "$w/code"
	cp "$3" "$w/expect"
	jq -n --arg l "$1" --rawfile c "$2" '{language: $l, code: $c}' \
	    >"$w/request.json"
}

# row WORKLOAD LANG SYSTEM N FROM: the CSV row of a finished set of turns
# into $T/rows (runbox's figures from its log lines after line FROM of
# $T/compiled.log), and a line saying it.
row() {
	wl=$1 lang=$2 sys=$3 n=$4 from=$5
	raw=$OUT/raw/$wl-$lang-$sys-runc-c1.txt
	st=$(awk '!/^#/ { print $4 / 1000 }' "$raw" | "$TOOLS/rbbench" stats)
	ok=$(awk '!/^#/ && $5 == 1' "$raw" | wc -l)
	rb=",,,,,,"
	if [ "$sys" = runbox ]; then
		tail -n +$((from + 1)) "$T/compiled.log" |
		    grep "^runbox: client=.* language=\"$lang\"" >"$T/lines" ||
		    true
		nl=$(wc -l <"$T/lines")
		[ "$nl" -eq "$n" ] ||
		    say "    (runbox logged $nl lines for $n $lang requests)"
		rb=$(bench_rb)
	fi
	bench_row "$wl" "$lang" "$sys" "$n" "$ok" "$st" "$rb"
}

# turns WORKLOAD N SYSTEM:LANG...: N turns of one request through each
# SYSTEM:LANG, the first changing from turn to turn, after a warm-up
# request each; then their rows.  (Its variables are its own: one and
# lib.sh's functions use i, k, n and the like.)
turns() {
	t_wl=$1 t_n=$2
	shift 2
	for pair in "$@"; do
		one "${pair%%:*}" "${pair#*:}" ""
		head -n 1 "$T/one.raw" \
		    >"$OUT/raw/$t_wl-${pair#*:}-${pair%%:*}-runc-c1.txt"
	done
	bench_quiet	# the warm-ups' log lines written
	t_from=$(wc -l <"$T/compiled.log")
	START_NS=$(date +%s%N)
	turn=0
	while [ $turn -lt "$t_n" ]; do
		# Turn t starts with the (t mod count)-th: it and those after
		# it, then those before it.
		first=$((turn % $#))
		for part in after before; do
			pos=0
			for pair in "$@"; do
				if { [ $part = after ] && [ $pos -ge $first ]; } ||
				    { [ $part = before ] &&
				    [ $pos -lt $first ]; }; then
					one "${pair%%:*}" "${pair#*:}" \
					    "$OUT/raw/$t_wl-${pair#*:}-${pair%%:*}-runc-c1.txt"
				fi
				pos=$((pos + 1))
			done
		done
		turn=$((turn + 1))
	done
	bench_quiet
	for pair in "$@"; do
		row "$t_wl" "${pair#*:}" "${pair%%:*}" "$t_n" "$t_from"
	done
}

: >"$T/rows"
if [ -n "$LANGS" ]; then
	printf 'hello, world\n' >"$T/hello.expect"
	say "== $WL: a hello world compiled and run, runbox and docker run" \
	    "--rm, concurrency 1, $N turns =="
	for l in $LANGS; do
		lang_hello "$l" >"$T/hello.$l"
		workload "$l" "$T/hello.$l" "$T/hello.expect"
		turns "$WL" "$N" "runbox:$l" "docker-run:$l"
	done
fi
if [ "$STAGE_N" -gt 0 ]; then
	echo '/* nothing compiles or runs this */' >"$T/stage.c"
	: >"$T/stage.expect"
	say "== $WS: $STAGE_IMAGE, run command true; no compile step (cnone)," \
	    "compile step true (cstage), and an update (cupdate),"
	say "   concurrency 1, $STAGE_N turns =="
	for s in $STAGES; do
		workload "$s" "$T/stage.c" "$T/stage.expect"
	done
	# shellcheck disable=SC2046
	turns "$WS" "$STAGE_N" $(for s in $STAGES; do echo "runbox:$s"; done)
fi
bench_stop
bench_quiet
say "   load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
ran=
[ -z "$LANGS" ] || ran=$WL
[ "$STAGE_N" -eq 0 ] || ran="$ran $WS"
# shellcheck disable=SC2086
bench_csv_merge "$T/rows" $ran
cp "$T/compiled.log" "$OUT/compiled.log" 2>/dev/null || true

say ""
say "$(printf '%-8s %-8s %-10s %7s %8s %8s %8s  %s' workload lang system \
    ok/n p50 p95 p99 'runbox: cpu_us   rss_kb api')"
awk -F, '{
	rb = $3 == "runbox" ? sprintf("%6s/%-6s %5s/%-5s %s", $23, $24, $25, \
	    $26, $27) : ""
	printf "%-8s %-8s %-10s %7s %8s %8s %8s  %s\n", $1, $2, $3, \
	    $7 "/" $6, $8, $9, $10, rb }' "$T/rows" >"$T/table"
while IFS= read -r line; do say "$line"; done <"$T/table"

# col WORKLOAD LANG SYSTEM COLUMN: one value of $T/rows.
col() {
	awk -F, -v w="$1" -v l="$2" -v s="$3" -v c="$4" '$1 == w &&
	    $2 == l && $3 == s { print $c; exit }' "$T/rows"
}

# paired WORKLOAD A B: the median of the turns' differences B - A (ms).
paired() {
	ra=$OUT/raw/$1-$2-runbox-runc-c1.txt
	rb=$OUT/raw/$1-$3-runbox-runc-c1.txt
	kv "$(paste -d ' ' "$ra" "$rb" |
	    awk '!/^#/ { print ($(NF / 2 + 4) - $4) / 1000 }' |
	    "$TOOLS/rbbench" stats)" p50
}

if [ -n "$LANGS" ]; then
	say ""
	say "== $WL ratios: runbox p50 / docker run p50 (one run; noisy" \
	    "when others share the CPU) =="
	for l in $LANGS; do
		say "$(awk -v n="$l: runbox p50 / docker run p50" \
		    -v a="$(col "$WL" "$l" runbox 8)" \
		    -v b="$(col "$WL" "$l" docker-run 8)" \
		    -v t="$(lang_target "$l")" 'BEGIN {
			r = a / b
			printf "  %-40s %6.2f", n, r
			if (t != "")
				printf "   (target <= %s)  %s", t,
				    r <= t ? "hit" : "MISS"
			printf "\n"
		}')"
	done
fi
if [ "$STAGE_N" -gt 0 ]; then
	none=$(col "$WS" cnone runbox 8)
	stage=$(col "$WS" cstage runbox 8)
	upd=$(col "$WS" cupdate runbox 8)
	say ""
	say "== $WS: what the compile stage adds (p50 differences; in" \
	    "brackets the median of the turns' differences) =="
	say "$(awk -v a="$none" -v b="$stage" -v p="$(paired "$WS" cnone \
	    cstage)" 'BEGIN {
		printf "  %-40s %6.1f ms (%5.1f)   (target <= 10 ms)  %s\n",
		    "the stage: cstage - cnone", b - a, p,
		    b - a <= 10 ? "hit" : "MISS" }')"
	say "$(awk -v a="$stage" -v b="$upd" -v p="$(paired "$WS" cstage \
	    cupdate)" 'BEGIN {
		printf "  %-40s %6.1f ms (%5.1f)   (no target; about 20 ms" \
		    " in docs/protocol.md)\n",
		    "the update: cupdate - cstage", b - a, p }')"
fi
say "results: $CSV (workloads ${ran# }), raw latencies: $OUT/raw/," \
    "runbox's log: $OUT/compiled.log"
