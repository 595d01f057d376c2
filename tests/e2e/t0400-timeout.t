#!/bin/sh
# The run's time limit (SPEC 3: status timeout, timedOut, exitCode null).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 15
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
is "$(e2e_field "$r" .signal)" SIGKILL "a timed-out program was killed with SIGKILL"
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
    '["timeout",true,null,"SIGKILL"]' \
    "a javascript busy loop is stopped at its 300 ms timeout"
[ $((t1 - t0)) -lt 2300 ]
ok $? "the busy loop's reply arrives within timeout + 2 s (took $((t1 - t0)) ms)"

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
is "$(jq -c '[.status,.timedOut,.signal]' "$T/reply")" '["timeout",true,"SIGKILL"]' \
    "a program flooding stdout at its timeout is stopped with status timeout"
[ $((t1 - t0)) -lt 2300 ]
ok $? "a program flooding stdout at a 300 ms timeout gets its reply within timeout + 2 s (took $((t1 - t0)) ms)"
dur=$(jq .durationMs "$T/reply")
[ "$dur" -lt 2300 ]
ok $? "durationMs of the flooding program is about its timeout (was $dur)"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
