#!/bin/sh
# make bench: runbox side by side with `docker run --rm` and the floor (a
# minimal Engine API client, rbbench floor), for a hello-world program in
# each language at concurrency 1, 4 and 16; then a warm pool, another OCI
# runtime (crun) when the engine has it, code, input and output size, and
# where the time of one run goes.  Prints a table and the ratios against
# the targets of docs/performance.md, and writes build/bench/results.csv
# (one line per configuration), build/bench/raw/ (every request's
# latency) and build/bench/summary.txt (what was printed).  A benchmark,
# not a test: it fails only when it cannot run.
#
# Knobs (environment):
#   RUNBOX, TOOLS, HANDOFF_BIN: build/runbox, build/tools,
#                      build/runbox-handoff (make bench sets them)
#   BENCH_N=50         requests per configuration (at least 4 per worker)
#   BENCH_LANGS="python javascript ruby"
#   BENCH_CONC="1 4 16"
#   BENCH_SYSTEMS="runbox floor docker-run"
#   BENCH_POOL_N=20    requests of the warm-pool row (0: no pool row)
#   BENCH_SIZES="1024 102400 1048576"   code, input and output sizes
#   BENCH_SIZE_N=5     requests per size (0: no size rows)
#   BENCH_ALT_RUNTIME=crun  the other OCI runtime, if the engine has it
#   BENCH_OUT=build/bench
set -eu

RUNBOX=${RUNBOX:-build/runbox}
TOOLS=${TOOLS:-build/tools}
N=${BENCH_N:-50}
LANGS=${BENCH_LANGS:-python javascript ruby}
CONCS=${BENCH_CONC:-1 4 16}
SYSTEMS=${BENCH_SYSTEMS:-runbox floor docker-run}
POOL_N=${BENCH_POOL_N:-20}
SIZES=${BENCH_SIZES:-1024 102400 1048576}
SIZE_N=${BENCH_SIZE_N:-5}
ALT=${BENCH_ALT_RUNTIME:-crun}
OUT=${BENCH_OUT:-build/bench}
SOCK=/var/run/docker.sock
# The reaper's deadline label: runbox's own margin (75 s for a 3 s run)
# plus time for a whole row of `docker run`s, which share one label.
LABEL_S=75

die() { echo "bench: $*" >&2; exit 1; }
# shellcheck source=tests/bench/lib.sh
. "$(dirname "$0")/lib.sh"

bench_need "rbbench"
bench_defaults

# Per language: the hello-world program (lib.sh has the rest).
lang_hello() {
	case $1 in python) echo 'print("hello, world")' ;;
	javascript) echo 'console.log("hello, world")' ;;
	ruby) echo 'puts "hello, world"' ;; esac
}

ALL_LANGS=$LANGS
case " $LANGS " in *" python "*) ;; *) ALL_LANGS="$LANGS python" ;; esac
for l in $ALL_LANGS; do
	img=$(lang_image "$l")
	docker image inspect "$img" >/dev/null 2>&1 ||
	    die "image $img is missing (run make images)"
done

# Every container of this run is made from a tag of its own of the
# language's image (same image, another name), so that the containers
# this run leaves behind, runbox's warm pool included, are told from
# those of others sharing the engine: by their image name.
ID=$$
TAGP=runbox-bench-$ID-
T=$(mktemp -d "${TMPDIR:-/tmp}/runbox-bench.XXXXXX")
trap bench_cleanup EXIT
trap 'exit 129' HUP INT TERM

bench_gc

mkdir -p "$OUT/raw"
rm -f "$OUT"/raw/*.txt
SUMMARY=$OUT/summary.txt
CSV=$OUT/results.csv
: >"$SUMMARY"
say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

echo "$BENCH_CSV_HEADER" >"$CSV"

# The bench config: limits high enough for 16 at once and the size rows,
# and a timeout that 16 programs sharing 2 cores do not reach (the floor
# and docker run have none: a kill would be a failure only runbox has).
bench_config() {
	{
		bench_conf_common "$CONF_NAME"
		echo "timeout_ms 10000 max 10000"
		echo "max_request_bytes 8388608"
		echo "max_code_bytes 4194304"
		echo "max_output_bytes 4194304"
		for l in $ALL_LANGS; do
			echo "language $l $TAGP$l $(lang_file "$l")" \
			    "$(lang_cmd "$l")"
		done
		for line in "$@"; do
			echo "$line"
		done
	} >"$T/$CONF_NAME.conf"
	"$RUNBOX" --check-config --config "$T/$CONF_NAME.conf" >/dev/null ||
	    die "runbox refuses the bench config $T/$CONF_NAME.conf"
}

# Serve $T/$CONF_NAME.conf (only it) on a loopback port ($PORT); log to
# $T/$CONF_NAME.log.
bench_serve() {
	bench_stop
	bench_listen "$CONF_NAME" "$RUNBOX"
}

# workload NAME LANG CODEFILE EXPECTFILE [INPUTFILE]: the files of one
# workload under $T/w/NAME-LANG: request.json, payload, expect.
workload() {
	d=$T/w/$1-$2
	mkdir -p "$d"
	cp "$4" "$d/expect"
	if [ $# -ge 5 ]; then
		jq -n --arg l "$2" --rawfile c "$3" --rawfile i "$5" \
		    '{language: $l, code: $c, input: $i}' >"$d/request.json"
		"$TOOLS/rbbench" payload "$3" "$5" >"$d/payload"
	else
		jq -n --arg l "$2" --rawfile c "$3" \
		    '{language: $l, code: $c}' >"$d/request.json"
		"$TOOLS/rbbench" payload "$3" >"$d/payload"
	fi
}

# The figures of runbox's log lines after line $1 of $T/$CONF_NAME.log:
# p50 and max of reply_ms, cpu_us, maxrss_kb and api_calls; RB_HITS (the
# pool="hit" lines, "" when no line has a pool= field); RB_LINES.
rb_stats() {
	tail -n +$(($1 + 1)) "$T/$CONF_NAME.log" | grep '^runbox: client=' \
	    >"$T/lines" || true
	st=$(rb_field reply_ms)
	RB_REPLY=$(kv "$st" p50)
	st=$(rb_field cpu_us)
	RB_CPU=$(kv "$st" p50)
	RB_CPU_MAX=$(kv "$st" max)
	st=$(rb_field maxrss_kb)
	RB_RSS=$(kv "$st" p50)
	RB_RSS_MAX=$(kv "$st" max)
	st=$(rb_field api_calls)
	RB_API=$(kv "$st" p50)
	RB_API_MAX=$(kv "$st" max)
	if grep -q ' pool="' "$T/lines"; then
		RB_HITS=$(grep -c ' pool="hit"' "$T/lines" || true)
	else
		RB_HITS=
	fi
	RB_LINES=$(wc -l <"$T/lines")
}

# row WORKLOAD LANG SYSTEM RUNTIME CONC N [EXTRA-RBBENCH-OPTIONS]: run one
# configuration, append it to the CSV, print a line.  Sets LAST (the
# summary line).
row() {
	wl=$1 lang=$2 sys=$3 rt=$4 conc=$5 n=$6
	shift 6
	d=$T/w/$wl-$lang
	raw=$OUT/raw/$wl-$lang-$sys-$rt-c$conc.txt
	[ "$wl" != warmup ] || raw=$T/warmup.txt
	err=$T/rbbench.err
	bench_quiet
	from=$(wc -l <"$T/$CONF_NAME.log" 2>/dev/null || echo 0)
	rc=0
	case $sys in
	runbox)
		LAST=$("$TOOLS/rbbench" runbox -n "$n" -c "$conc" \
		    -e "$d/expect" -o "$raw" "$@" 127.0.0.1 "$PORT" \
		    "$d/request.json" 2>"$err") || rc=$?
		;;
	floor)
		# shellcheck disable=SC2046
		LAST=$("$TOOLS/rbbench" floor -n "$n" -c "$conc" \
		    -e "$d/expect" -o "$raw" -R "$rt" -S "$SOCK" "$@" \
		    "$d/payload" "$TAGP$lang" "$(lang_file "$lang")" \
		    $(lang_cmd "$lang") 2>"$err") || rc=$?
		;;
	docker-run)
		label=$(( $(date +%s) + LABEL_S + 3 * n ))
		# shellcheck disable=SC2046
		LAST=$("$TOOLS/rbbench" cmd -n "$n" -c "$conc" -F \
		    -e "$d/expect" -o "$raw" -i "$d/payload" "$@" -- \
		    docker run --rm -i --network none --hostname runbox \
		    --user 65534:65534 --workdir /tmp \
		    --env PATH=/usr/local/bin:/usr/bin:/bin --env HOME=/tmp \
		    --env LANG=C.UTF-8 --label "runbox=$label" \
		    --memory 64m --memory-swap 64m --pids-limit 64 --cpus 1 \
		    --oom-score-adj 1000 --read-only --init=false \
		    --ipc private --shm-size 16m --cap-drop ALL \
		    --security-opt no-new-privileges \
		    --tmpfs /tmp:rw,nosuid,nodev,size=16m,mode=1777 \
		    --log-driver none --runtime "$rt" \
		    --ulimit nofile=256:256 \
		    --ulimit fsize=16777216:16777216 \
		    "$TAGP$lang" "$HANDOFF" "$(lang_file "$lang")" \
		    $(lang_cmd "$lang") 2>"$err") || rc=$?
		;;
	esac
	[ $rc -eq 0 ] || [ $rc -eq 3 ] ||
	    die "rbbench $sys failed: $(cat "$err")"
	# Nothing that fails at the first request is worth timing.
	[ "$wl" != warmup ] || [ $rc -eq 0 ] ||
	    die "the warm-up request through $sys ($lang, $rt) failed:" \
	    "$(head -n 3 "$err")"
	if [ -s "$err" ]; then
		sed 's/^/    /' "$err" | head -n 5 | tee -a "$SUMMARY"
	fi
	# An engine that went away (restarted by someone) fails every row.
	if [ "$(kv "$LAST" ok)" != "$n" ] && ! docker info >/dev/null 2>&1; then
		die "the Docker engine stopped answering during the row" \
		    "$wl $lang $sys c=$conc; the rows before it are in $CSV"
	fi
	[ "$wl" != warmup ] || return 0
	RB_REPLY='' RB_CPU='' RB_CPU_MAX='' RB_RSS='' RB_RSS_MAX=''
	RB_API='' RB_API_MAX='' RB_HITS=''
	if [ "$sys" = runbox ]; then
		bench_quiet
		rb_stats "$from"
		[ "$RB_LINES" -eq "$n" ] || say "    (runbox logged $RB_LINES" \
		    "lines for $n requests)"
	fi
	printf '%s\n' "$wl,$lang,$sys,$rt,$conc,$(kv "$LAST" n),\
$(kv "$LAST" ok),$(kv "$LAST" p50_ms),$(kv "$LAST" p95_ms),\
$(kv "$LAST" p99_ms),$(kv "$LAST" mean_ms),$(kv "$LAST" max_ms),\
$(kv "$LAST" rps),$(kv "$LAST" wall_ms),$(kv "$LAST" create_ms),\
$(kv "$LAST" attach_ms),$(kv "$LAST" start_ms),$(kv "$LAST" first_ms),\
$(kv "$LAST" stream_ms),$(kv "$LAST" wait_ms),$(kv "$LAST" delete_ms),\
$RB_REPLY,$RB_CPU,$RB_CPU_MAX,$RB_RSS,$RB_RSS_MAX,$RB_API,$RB_API_MAX,\
$RB_HITS" >>"$CSV"
	printf '  %-8s %-10s %-10s %-4s c=%-2s ok %3s/%-3s p50 %7s ms %6s/s\n' \
	    "$wl" "$lang" "$sys" "$rt" "$conc" "$(kv "$LAST" ok)" "$n" \
	    "$(kv "$LAST" p50_ms)" "$(kv "$LAST" rps)" | tee -a "$SUMMARY"
}

# A request per system before timing (images in the page cache, the
# engine's first-use costs paid).
warmup() {
	for sys in $SYSTEMS; do
		row warmup "$1" "$sys" "$2" 1 1
	done
}

# rows n for concurrency c: at least 4 requests per worker.
rows_n() {
	[ "$N" -ge $(($1 * 4)) ] && echo "$N" || echo $(($1 * 4))
}

START=$(date +%s)
for l in $ALL_LANGS; do
	bench_image "$(lang_image "$l")" "$TAGP$l"
done
say "runbox bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
    "docker $(docker version --format '{{.Server.Version}}')," \
    "$(uname -r)"
say "BENCH_N=$N BENCH_LANGS=\"$LANGS\" BENCH_CONC=\"$CONCS\"" \
    "BENCH_SYSTEMS=\"$SYSTEMS\" BENCH_POOL_N=$POOL_N BENCH_SIZE_N=$SIZE_N"
say "load now: $(cut -d' ' -f1-3 /proc/loadavg);" \
    "other containers on the engine: $(docker ps -q | wc -l)"

for l in $ALL_LANGS; do
	lang_hello "$l" >"$T/hello-$l"
	printf 'hello, world\n' >"$T/hello.expect"
	workload hello "$l" "$T/hello-$l" "$T/hello.expect"
	workload warmup "$l" "$T/hello-$l" "$T/hello.expect"
done
workload pool python "$T/hello-python" "$T/hello.expect"
# A request runbox refuses after reading, admitting and parsing it.
workload refusal python "$T/hello-python" "$T/hello.expect"
jq -n '{language: "cobol", code: "x"}' >"$T/w/refusal-python/request.json"
workload nopool python "$T/hello-python" "$T/hello.expect"

CONF_NAME=main
bench_config
bench_serve

say ""
say "== hello world: runbox, the floor, docker run --rm =="
li=0
rotate() {
	case $order in
	*" "*) order="${order#* } ${order%% *}" ;;
	esac
}
for l in $LANGS; do
	warmup "$l" runc
	# Each concurrency, and each language, starts with another system:
	# a drift in what others do with the machine does not always favour
	# the same one.
	order=$SYSTEMS
	k=0
	while [ $k -lt $li ]; do
		rotate
		k=$((k + 1))
	done
	li=$((li + 1))
	for c in $CONCS; do
		for sys in $order; do
			row hello "$l" "$sys" runc "$c" "$(rows_n "$c")"
		done
		rotate
	done
done

say ""
say "== runbox without Docker: a request refused as unsupported_language =="
row refusal python runbox runc 1 "$N" -E unsupported_language

# The warm pool: each request waits until the previous runbox (and its
# top-up) is gone, so that the pool is full when it comes; the same
# without a pool is the baseline (no removal of the previous container
# overlaps it either).
if [ "$POOL_N" -gt 0 ]; then
	say ""
	say "== warm pool: runbox with pool_size 0 and 2, python," \
	    "concurrency 1, one request at a time =="
	row nopool python runbox runc 1 "$POOL_N" -Q "$RUNBOX"
	CONF_NAME=pool
	bench_config "pool_size 2"
	bench_serve
	SYSTEMS_SAVED=$SYSTEMS
	SYSTEMS=runbox
	warmup python runc
	SYSTEMS=$SYSTEMS_SAVED
	row pool python runbox runc 1 "$POOL_N" -Q "$RUNBOX"
	bench_stop
	bench_quiet
	bench_rm	# the pool's containers
fi

# Another OCI runtime, when the engine knows it.
say ""
runtimes=$(docker info --format '{{json .Runtimes}}' 2>/dev/null || echo '{}')
if printf '%s' "$runtimes" | jq -e --arg r "$ALT" 'has($r)' >/dev/null; then
	say "== runtime $ALT: runbox and the floor, python =="
	CONF_NAME=alt
	bench_config "runtime $ALT"
	bench_serve
	SYSTEMS_SAVED=$SYSTEMS
	SYSTEMS="runbox floor"
	warmup python "$ALT"
	for c in 1 16; do
		for sys in runbox floor; do
			row hello python "$sys" "$ALT" "$c" "$(rows_n "$c")"
		done
	done
	SYSTEMS=$SYSTEMS_SAVED
	bench_stop
else
	say "== runtime $ALT: not registered with this engine" \
	    "(docker info Runtimes: $(printf '%s' "$runtimes" |
	    jq -r 'keys | join(" ")')); skipping the $ALT rows =="
fi

# Code, input and output size, python, concurrency 1.
if [ "$SIZE_N" -gt 0 ]; then
	say ""
	say "== size: python code, input and output of $SIZES bytes," \
	    "concurrency 1 =="
	CONF_NAME=main
	bench_serve
	for size in $SIZES; do
		if [ $((size % 1048576)) -eq 0 ]; then
			sl=$((size / 1048576))M
		elif [ $((size % 1024)) -eq 0 ]; then
			sl=$((size / 1024))k
		else
			sl=$size
		fi
		pad=$((size - 23))
		[ $pad -ge 0 ] || pad=0
		# A comment to pad the code to the size, then the print.
		{ yes '# padding padding padding padding padding padding' |
		    head -c "$pad"; printf '\nprint("hello, world")\n'; } \
		    >"$T/code-$size"
		workload "code$sl" python "$T/code-$size" "$T/hello.expect"
		printf 'import sys\nsys.stdout.write("x" * %d)\n' "$size" \
		    >"$T/out-$size"
		head -c "$size" /dev/zero | tr '\0' x >"$T/out-$size.expect"
		workload "out$sl" python "$T/out-$size" "$T/out-$size.expect"
		printf 'import sys\nprint(len(sys.stdin.buffer.read()))\n' \
		    >"$T/in.py"
		head -c "$size" /dev/zero | tr '\0' y >"$T/in-$size"
		echo "$size" >"$T/in-$size.expect"
		workload "in$sl" python "$T/in.py" "$T/in-$size.expect" \
		    "$T/in-$size"
		for k in code out in; do
			for sys in runbox floor; do
				row "$k$sl" python "$sys" runc 1 "$SIZE_N"
			done
		done
	done
	bench_stop
fi
WALL=$(( $(date +%s) - START ))

# The table, the ratios against the targets, where the time goes.
say ""
say "== results (latency in ms until output and exit code are known;" \
    "runbox's own cost from its log: p50/max per request) =="
awk -F, 'NR > 1 {
	rb = $3 == "runbox" ? sprintf("%6s/%-6s %5s/%-5s %2s", $23, $24, \
	    $25, $26, $27) : ""
	fl = $3 == "floor" ? sprintf("delete %s ms", $21) : ""
	printf "%-8s %-10s %-10s %-4s %4s %9s %7s %7s %7s %6s  %s%s\n", \
	    $1, $2, $3, $4, $5, $7 "/" $6, $8, $9, $10, $13, rb, fl
}' "$CSV" >"$T/table"
say "$(printf '%-8s %-10s %-10s %-4s %4s %9s %7s %7s %7s %6s  %s' \
    workload lang system rt conc ok/n p50 p95 p99 req/s \
    'runbox: cpu_us   rss_kb    api')"
while IFS= read -r line; do say "$line"; done <"$T/table"

# field WORKLOAD LANG SYSTEM RUNTIME CONC COLUMN: one value of the CSV.
field() {
	awk -F, -v w="$1" -v l="$2" -v s="$3" -v r="$4" -v c="$5" -v k="$6" '
	    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	    $1 == w && $2 == l && $3 == s && $4 == r && $5 == c {
		print $col[k]; exit }' "$CSV"
}

# ratio NAME A B OP TARGET: A/B, and PASS or MISS against OP TARGET.
ratio() {
	if [ -z "$2" ] || [ -z "$3" ]; then
		say "$(printf '  %-56s %6s   (target %s %s)  %s' "$1" n/a "$4" \
		    "$5" 'not measured in this run')"
		return
	fi
	say "$(awk -v n="$1" -v a="$2" -v b="$3" -v op="$4" -v t="$5" 'BEGIN {
		if (b == 0) { printf "  %-56s %6s\n", n, "n/a"; exit }
		r = a / b
		ok = op == "<=" ? r <= t : r >= t
		printf "  %-56s %6.2f   (target %s %s)  %s\n", n, r, op, t, \
		    ok ? "PASS" : "MISS"
	}')"
}

# limit NAME VALUE MAX UNIT: VALUE against MAX.
limit() {
	if [ -z "$2" ]; then
		say "$(printf '  %-56s %6s' "$1" n/a)"
		return
	fi
	say "$(awk -v n="$1" -v v="$2" -v m="$3" -v u="$4" 'BEGIN {
		printf "  %-56s %6s   (target <= %s %s)  %s\n", n, v, m, u, \
		    v + 0 <= m + 0 ? "PASS" : "MISS"
	}')"
}

say ""
say "== ratios (one run; noisy when others share the CPU and engine) =="
for l in $LANGS; do
	rb1=$(field hello "$l" runbox runc 1 p50_ms)
	fl1=$(field hello "$l" floor runc 1 p50_ms)
	dr1=$(field hello "$l" docker-run runc 1 p50_ms)
	rb16=$(field hello "$l" runbox runc 16 rps)
	fl16=$(field hello "$l" floor runc 16 rps)
	ratio "$l: runbox p50 / floor p50, concurrency 1" "$rb1" "$fl1" \
	    "<=" 1.15
	ratio "$l: runbox p50 / docker run p50, concurrency 1" "$rb1" "$dr1" \
	    "<=" 0.6
	ratio "$l: runbox req/s / floor req/s, concurrency 16" "$rb16" \
	    "$fl16" ">=" 0.95
done
if [ -n "$(field hello python floor "$ALT" 1 p50_ms)" ]; then
	ratio "python $ALT: runbox p50 / floor p50, concurrency 1" \
	    "$(field hello python runbox "$ALT" 1 p50_ms)" \
	    "$(field hello python floor "$ALT" 1 p50_ms)" "<=" 1.15
	ratio "python $ALT: runbox req/s / floor req/s, concurrency 16" \
	    "$(field hello python runbox "$ALT" 16 rps)" \
	    "$(field hello python floor "$ALT" 16 rps)" ">=" 0.95
	say "$(awk -v a="$(field hello python floor "$ALT" 1 p50_ms)" \
	    -v b="$(field hello python floor runc 1 p50_ms)" \
	    -v n="python: floor p50 with $ALT / with runc, conc. 1" 'BEGIN {
		if (b > 0) printf "  %-56s %6.2f\n", n, a / b
	}')"
fi
# runbox's own cost: the worst configuration's median, and the worst request.
cpu=$(awk -F, 'NR > 1 && $3 == "runbox" && $23 != "" && $1 == "hello" {
	if ($23 > m) m = $23; if ($24 > x) x = $24 } END { if (m != "")
	print m, x }' "$CSV")
rss=$(awk -F, 'NR > 1 && $3 == "runbox" && $25 != "" && $1 == "hello" {
	if ($25 > m) m = $25; if ($26 > x) x = $26 } END { if (m != "")
	print m, x }' "$CSV")
api=$(awk -F, 'NR > 1 && $3 == "runbox" && $27 != "" && $1 == "hello" {
	if ($27 > m) m = $27; if ($28 > x) x = $28 } END { if (m != "")
	print m, x }' "$CSV")
limit "runbox cpu_us per request (highest median; max ${cpu#* })" \
    "${cpu%% *}" 5000 us
limit "runbox maxrss_kb per request (highest median; max ${rss#* })" \
    "${rss%% *}" 8192 KiB
say "$(printf '  %-56s %6s' \
    "runbox Engine API calls per request (max ${api#* })" "${api%% *}")"
if [ "$POOL_N" -gt 0 ]; then
	pool=$(field pool python runbox runc 1 p50_ms)
	hits=$(field pool python runbox runc 1 pool_hits)
	ratio "warm pool: pool p50 / no-pool p50, python, conc. 1" "$pool" \
	    "$(field nopool python runbox runc 1 p50_ms)" "<=" 0.35
	if [ -n "$hits" ]; then
		say "$(printf '  %-56s %6s' "warm pool: hits" "$hits/$POOL_N")"
	else
		say "  warm pool: no pool= field in runbox's log: this runbox" \
		    "accepts pool_size but does not keep a pool yet"
	fi
fi

if [ "$SIZE_N" -gt 0 ]; then
	say ""
	say "== size: python, concurrency 1: p50 ms of runbox and the floor," \
	    "runbox's own cpu_us and maxrss_kb (p50) =="
	say "$(printf '  %-8s %8s %8s %8s %8s %8s' workload runbox floor \
	    difference cpu_us rss_kb)"
	awk -F, 'NR > 1 && $1 ~ /^(code|in|out)/ {
		if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 }
		if ($3 == "runbox") {
			rb[$1] = $8
			cpu[$1] = $23
			rss[$1] = $25
		}
		if ($3 == "floor") fl[$1] = $8
	} END {
		for (i = 1; i <= k; i++) {
			w = order[i]
			printf "  %-8s %8s %8s %8.1f %8s %8s\n", w, rb[w],
			    fl[w], rb[w] - fl[w], cpu[w], rss[w]
		}
	}' "$CSV" >"$T/sizes"
	while IFS= read -r line; do say "$line"; done <"$T/sizes"
fi

say ""
say "== where the time goes: python, concurrency 1, medians in ms =="
awk -F, 'NR > 1 && $1 == "hello" && $2 == "python" &&
    $3 == "floor" && $4 == "runc" && $5 == 1 {
	printf "  floor  %-22s %7s  POST /containers/create\n", "create", $15
	printf "  floor  %-22s %7s  hijacked POST /attach, 101\n", "attach", $16
	printf "  floor  %-22s %7s  POST /start answered\n", "start", $17
	printf "  floor  %-22s %7s  the first output byte\n", "first output", \
	    $18
	printf "  floor  %-22s %7s  the program done, stream closed\n", \
	    "stream end", $19
	printf "  floor  %-22s %7s  POST /wait: the exit code\n", "wait", $20
	printf "  floor  %-22s %7s  (p50 of the sums)\n", "= exit known", $8
	printf "  floor  %-22s %7s  DELETE ?force=1, after that\n", "delete", \
	    $21 }' "$CSV" >"$T/stages"
while IFS= read -r line; do say "$line"; done <"$T/stages"
rbp=$(field hello python runbox runc 1 p50_ms)
rbr=$(field hello python runbox runc 1 rb_reply_ms_p50)
flp=$(field hello python floor runc 1 p50_ms)
if [ -n "$rbp" ] && [ -n "$rbr" ] && [ -n "$flp" ]; then
	awk -v c="$rbp" -v r="$rbr" -v f="$flp" 'BEGIN {
		printf "  runbox %-22s %7s  at the client\n", "= reply", c
		printf "  runbox %-22s %7s  its reply_ms: from its start to " \
		    "the reply written\n", "in runbox", r
		printf "  runbox %-22s %7.1f  connect, fork+exec by " \
		    "systemd-socket-activate\n", "outside runbox", c - r
		printf "  runbox %-22s %7.1f  (p50 of runbox - p50 of the " \
		    "floor)\n", "over the floor", c - f
	}' >"$T/rbstages"
	while IFS= read -r line; do say "$line"; done <"$T/rbstages"
fi
rfp=$(field refusal python runbox runc 1 p50_ms)
if [ -n "$rfp" ]; then
	say "$(printf '  runbox %-22s %7s  %s' "refused, no Docker" "$rfp" \
	    "start, read, admit, parse, reply; $(field refusal python runbox \
	    runc 1 rb_cpu_us_p50) us CPU")"
fi
nqp=$(field nopool python runbox runc 1 p50_ms)
if [ -n "$nqp" ] && [ -n "$rbp" ]; then
	say "$(printf '  runbox %-22s %7s  %s' "alone" "$nqp" \
	    "p50 when the previous runbox has removed its container")"
fi
say ""
say "results: $CSV, raw latencies: $OUT/raw/, this summary: $SUMMARY"
say "bench wall time: ${WALL}s"
cp "$T"/*.log "$OUT"/ 2>/dev/null || true
