#!/bin/sh
# The run's time limit (docs/protocol.md: status timeout, timedOut,
# exitCode null).  At the deadline the container's init sends SIGTERM,
# then SIGKILL 250 ms later: python and node die of the SIGTERM, a program
# that ignores it of the SIGKILL, and one that handles it may still write.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 19
e2e_config
e2e_start

code='import time
print("before the sleep", flush=True)
time.sleep(30)
print("after the sleep", flush=True)'
t0=$(e2e_now_ms)
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code,timeoutMs:500}')")
t1=$(e2e_now_ms)
is "$(e2e_field "$r" .status)" timeout "a program sleeping past timeoutMs has status timeout"
is "$(e2e_field "$r" '.timedOut|@json')" true "a program sleeping past timeoutMs has timedOut true"
is "$(e2e_field "$r" '.exitCode|@json')" null "a timed-out program has exitCode null"
is "$(e2e_field "$r" .signal)" SIGTERM "a timed-out program was ended with SIGTERM"
is "$(e2e_field "$r" '[.isError,.oomKilled,.truncated]|@json')" '[true,false,false]' \
    "a timeout is an error, not out of memory, not truncated"
is "$(e2e_field "$r" '.stdout|@json')" '"before the sleep\n"' \
    "output written before the timeout is kept"
is "$(e2e_field "$r" .limits.timeoutMs)" 500 "limits.timeoutMs is the requested 500"
elapsed=$((t1 - t0))
[ "$elapsed" -ge 500 ] && [ "$elapsed" -lt 2500 ]
ok $? "the reply to a 500 ms timeout arrives within timeout + 2 s (took $elapsed ms)"
dur=$(e2e_field "$r" .durationMs)
[ "$dur" -ge 450 ] && [ "$dur" -lt 2500 ]
ok $? "durationMs of a timed-out run is about the timeout (was $dur)"

# A busy loop is stopped the same way.
t0=$(e2e_now_ms)
r=$(e2e_req "$(jq -nc '{language:"javascript",code:"for (;;) {}",timeoutMs:300}')")
t1=$(e2e_now_ms)
is "$(e2e_field "$r" '[.status,.timedOut,.exitCode,.signal]|@json')" \
    '["timeout",true,null,"SIGTERM"]' \
    "a javascript busy loop is stopped at its 300 ms timeout"
[ $((t1 - t0)) -lt 2300 ]
ok $? "the busy loop's reply arrives within timeout + 2 s (took $((t1 - t0)) ms)"

# A program that ignores SIGTERM gets SIGKILL 250 ms later; one that
# handles it writes its last words, which are kept.
code='import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
time.sleep(30)'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code,timeoutMs:500}')")
is "$(e2e_field "$r" '[.status,.timedOut,.signal]|@json')" '["timeout",true,"SIGKILL"]' \
    "a program ignoring SIGTERM is killed with SIGKILL after the grace"
dur=$(e2e_field "$r" .durationMs)
[ "$dur" -ge 700 ] && [ "$dur" -lt 2000 ]
ok $? "it ran for the timeout plus the 250 ms grace (durationMs $dur)"
code='import signal, sys, time
def bye(n, f):
    print("bye", flush=True)
    sys.exit(3)
signal.signal(signal.SIGTERM, bye)
time.sleep(30)'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code,timeoutMs:500}')")
is "$(e2e_field "$r" '[.status,.timedOut,.exitCode,.stdout]|@json')" '["timeout",true,null,"bye\n"]' \
    "a program handling SIGTERM at the deadline keeps what it writes then (exitCode null: a timeout)"
like "$(e2e_field "$r" .durationMs)" '^(5|6|7)[0-9][0-9]$' \
    "and it ends before the grace is out"

# A program flooding stdout when its time is up: the kill must not wait for
# output nobody reads.
e2e_config "max_output_bytes 33554432"
e2e_start
code='import sys, time
time.sleep(0.25)
while True:
    sys.stdout.write("x" * 65536)'
t0=$(e2e_now_ms)
e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code,timeoutMs:300}')" >"$T/reply"
t1=$(e2e_now_ms)
is "$(jq -c '[.status,.timedOut,.signal]' "$T/reply")" '["timeout",true,"SIGTERM"]' \
    "a program flooding stdout at its timeout is stopped with status timeout"
[ $((t1 - t0)) -lt 2300 ]
ok $? "a program flooding stdout at a 300 ms timeout gets its reply within timeout + 2 s (took $((t1 - t0)) ms)"
dur=$(jq .durationMs "$T/reply")
[ "$dur" -lt 2300 ]
ok $? "durationMs of the flooding program is about its timeout (was $dur)"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
