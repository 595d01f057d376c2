#!/bin/sh
# ApacheBench (Debian's apache2-utils): AB_RUNS requests in a row, one
# connection each (HTTP/1.0, no keep-alive), to a seed route (its reply
# {"message": combined} has the same length every time, which ab checks):
# every one answered 200, whole and the same, one log line each, no
# container left (docs/http.md).  200 as built; 20 under ASan, where the
# point is runbox's own code on each path, not the count.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

case $RUNBOX in
*/asan/*) runs=${AB_RUNS:-20} ;;
*) runs=${AB_RUNS:-200} ;;
esac
plan 8
e2e_need ab curl
# A client in a tight loop can meet its own previous connection's
# container still being removed: max_per_client leaves room for that.
e2e_config "max_per_client 4"
e2e_start
URL="http://127.0.0.1:$PORT"

jq -nc --arg c 'cat; for i in $(seq 40); do echo "line $i: 0123456789abcdefghijklmnopqrstuvwxyz"; done; echo to stderr >&2' \
    '{code: $c, input: "in\u00e9\n"}' >"$T/body.json"
# The reply, once, to compare ab's figures with.
curl -sS -o "$T/one" --max-time 20 -H 'Content-Type: application/json' \
    --data-binary @"$T/body.json" "$URL/run/bash"
len=$(wc -c <"$T/one" 2>/dev/null || echo 0)
{
	printf 'in\303\251\n'
	for i in $(seq 40); do
		echo "line $i: 0123456789abcdefghijklmnopqrstuvwxyz"
	done
	echo to stderr
} >"$T/want"
jq -j .message "$T/one" | cmp -s - "$T/want"
ok $? "the reply: the input byte for byte, the 40 lines, stderr last"

ab -n "$runs" -c 1 -s 30 -p "$T/body.json" -T application/json \
    "$URL/run/bash" >"$T/ab" 2>"$T/ab.err"
ok $? "ab ran $runs requests" || diag "$(tail -n 5 "$T/ab.err")"
field() { sed -n "s/^$1: *\([0-9]*\).*/\1/p" "$T/ab"; }
is "$(field 'Complete requests')" "$runs" "ab: all $runs requests complete"
is "$(field 'Failed requests')" 0 \
    "ab: none failed (connect, receive, a length unlike the first's, exceptions)"
is "$(field 'Non-2xx responses')" "" "ab: no response other than 2xx"
is "$(field 'Document Length') $(field 'HTML transferred')" "$len $((runs * len))" \
    "ab: every body whole, $runs times the $len bytes of the reply above"
e2e_served $((runs + 1)) >/dev/null
e2e_stop
is "$(grep -c 'language="bash" outcome="ok"' "$T/runbox.log")" $((runs + 1)) \
    "runbox logged each of them, outcome ok"
e2e_wait_clean
ok $? "no container left behind"
