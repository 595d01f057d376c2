#!/bin/sh
# A real netcat client, as in the README's example.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 9
e2e_config
e2e_start

out=$(printf '39:{"language":"python","code":"print(1)"},' |
    timeout 20 nc -N 127.0.0.1 "$PORT")
ok $? "nc -N sends the README's example and gets an answer before the server closes"
like "$out" '^[1-9][0-9]*:\{"status":"ok",' \
    "the reply to nc starts with a netstring length and the status ok"
like "$out" '\},$' "the reply to nc ends with the object and one comma"
len=${out%%:*}
payload=${out#*:}
payload=${payload%,}
is "$(printf '%s' "$payload" | wc -c)" "$len" \
    "the reply's netstring length is its payload's byte count"
is "$(printf '%s' "$payload" | jq -c '[.stdout,.exitCode]')" '["1\n",0]' \
    "the reply to nc holds the program's output"

# Without -N netcat never half-closes: the server must not wait for EOF.
t0=$(e2e_now_ms)
out=$(printf '39:{"language":"python","code":"print(2)"},' |
    timeout 20 nc 127.0.0.1 "$PORT")
ok $? "plain nc (no half-close) gets its reply and sees the server close"
t1=$(e2e_now_ms)
like "$out" '^[0-9]+:\{"status":"ok","stdout":"2\\n"' \
    "a client that keeps its side open still gets the reply"
[ $((t1 - t0)) -lt 4000 ]
ok $? "the reply does not wait for the read timeout (took $((t1 - t0)) ms)"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
