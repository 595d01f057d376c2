#!/bin/sh
# stdout and stderr in the order the program wrote them (docs/protocol.md,
# "Order"): runbox-handoff reads both itself and forwards them as one
# stream.  For each language, a program alternating 20 flushed writes
# between stdout and stderr, 1 ms apart, gets combined in program order
# in ORDER_RUNS of ORDER_RUNS runs (100; 20 under ASan, where runbox is
# slower but the order is the handoff's alone): promised.  100, not the
# 200 it was until 2026-11-29, keeps the warm CI run under 15 minutes;
# ORDER_RUNS=200 or more for a longer look.  Three writes
# with no gap between them, in python, are in order as far as the
# kernel lets the handoff run in time, which here is every run when the
# machine is quiet; the test asks for 45 of 50, so that other load on
# the machine does not fail it, while the engine's own order (main
# before the handoff relayed the streams: 0 of 6) would.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

case $RUNBOX in
*/asan/*) runs=${ORDER_RUNS:-20} ;;
*) runs=${ORDER_RUNS:-100} ;;
esac
plan 7
e2e_config "max_per_client 4" "max_running 8"
e2e_start

# order LANGUAGE CODE WANT N: send N requests, two at a time; prints how
# many came back ok with combined exactly WANT, then the first wrong one.
order() {
	req=$(jq -nc --arg l "$1" --arg c "$2" '{language: $l, code: $c}')
	good=$(jq -nc --arg w "$3" '["ok", $w]')
	i=0
	while [ $i -lt "$4" ]; do
		e2e_req "$req" >"$T/o.a" &
		e2e_req "$req" >"$T/o.b"
		wait
		for f in "$T/o.a" "$T/o.b"; do
			got=$(jq -c '[.status, .combined]' "$f" 2>/dev/null)
			if [ "$got" = "$good" ]; then
				echo good
			else
				echo "bad $(printf '%s' "$got" | head -c 300)"
			fi
		done
		i=$((i + 2))
	done >"$T/order"
	echo "$(grep -c '^good' "$T/order") $(grep -m1 '^bad' "$T/order")"
}

want=$(seq 0 19)
want="$want
"
py='import sys, time
for i in range(20):
    print(i, file=sys.stdout if i % 2 == 0 else sys.stderr, flush=True)
    time.sleep(0.001)'
js='const z = new Int32Array(new SharedArrayBuffer(4));
for (let i = 0; i < 20; i++) {
    (i % 2 ? process.stderr : process.stdout).write(i + "\n");
    Atomics.wait(z, 0, 0, 1);
}'
rb='20.times do |i|
  f = i.even? ? $stdout : $stderr
  f.write("#{i}\n")
  f.flush
  sleep 0.001
end'
for l in python javascript ruby; do
	case $l in python) c=$py ;; javascript) c=$js ;; ruby) c=$rb ;; esac
	res=$(order "$l" "$c" "$want" "$runs")
	is "${res%% *}" "$runs" "$l: 20 alternating writes 1 ms apart come back in program order in $runs of $runs runs"
	[ "${res%% *}" = "$runs" ] || diag "first wrong: ${res#* }"
done

r=$(e2e_req "$(jq -nc --arg c "$py" '{language: "python", code: $c}')")
is "$(e2e_field "$r" '.stdout')" "$(seq 0 2 18)" "stdout alone holds the even lines"
is "$(e2e_field "$r" '.stderr')" "$(seq 1 2 19)" "stderr alone holds the odd lines"

nogap='import sys
print("out", flush=True)
print("err", file=sys.stderr, flush=True)
print("out2", flush=True)'
res=$(order python "$nogap" "out
err
out2
" 50)
n=${res%% *}
ok "$( [ "$n" -ge 45 ]; echo $?)" "python: out, err, out2 written with no gap between them come back in that order ($n of 50 runs, at least 45 asked)"
[ "$n" = 50 ] || diag "first wrong: ${res#* }"

# Heavier no-gap alternation is kept in order nearly always but not
# promised (docs/protocol.md); its rate is shown, not tested.
alt='import os
for i in range(200):
    os.write(1 + i % 2, b"%d\n" % i)'
res=$(order python "$alt" "$(seq 0 199)
" 20)
diag "200 writes alternating with no gap: in order in ${res%% *} of 20 runs"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
