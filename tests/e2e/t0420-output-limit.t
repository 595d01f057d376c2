#!/bin/sh
# The output cap (docs/protocol.md, Result: status output_limit, truncated,
# max_output_bytes).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 22
e2e_config "max_output_bytes 1000"
e2e_start

code='import sys
for i in range(100000):
    print("line %06d" % i)'
t0=$(e2e_now_ms)
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
t1=$(e2e_now_ms)
is "$(e2e_field "$r" .status)" output_limit "printing past max_output_bytes has status output_limit"
is "$(e2e_field "$r" '.truncated|@json')" true "printing past max_output_bytes has truncated true"
is "$(e2e_field "$r" '.isError|@json')" true "a run cut off at the cap is an error"
is "$(printf '%s' "$r" | jq -j .stdout | wc -c)" 1000 \
    "stdout holds exactly max_output_bytes (1000) bytes"
expect=$(i=0; while [ $i -lt 91 ]; do printf 'line %06d\n' $i; i=$((i + 1)); done | head -c 1000)
is "$(printf '%s' "$r" | jq -j .stdout)" "$expect" \
    "the output up to the cap is kept, in order, from the start"
is "$(e2e_field "$r" '.timedOut|@json')" false "the output cap is not reported as a timeout"
is "$(e2e_field "$r" .limits.maxOutputBytes)" 1000 "limits.maxOutputBytes is the configured 1000"
[ $((t1 - t0)) -lt 2500 ]
ok $? "a program stopped at the output cap is not left to run to its timeout (took $((t1 - t0)) ms)"

# An endless writer on both streams: the cap counts stdout and stderr together.
# (Docker carries the two streams through separate pipes: the pause lets
# the stderr bytes reach runbox before the flood on stdout does.)
code='import sys, time
sys.stdout.write("o" * 300); sys.stdout.flush()
sys.stderr.write("e" * 300); sys.stderr.flush()
time.sleep(0.05)
while True:
    sys.stdout.write("O" * 100); sys.stdout.flush()'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r" '[.status,.truncated]|@json')" '["output_limit",true]' \
    "an endless writer is cut off with output_limit"
out=$(printf '%s' "$r" | jq -j .stdout | wc -c)
err=$(printf '%s' "$r" | jq -j .stderr | wc -c)
is "$((out + err))" 1000 "stdout and stderr together hold max_output_bytes bytes"
is "$(printf '%s' "$r" | jq -j .stderr)" "$(printf '%300s' '' | tr ' ' e)" \
    "stderr written before the cap is kept whole"
is "$(printf '%s' "$r" | jq -j .combined | wc -c)" 1000 \
    "combined holds the same 1000 bytes"

code='print("x" * 1000, end="")'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r" '[.status,.truncated,(.stdout|length)]|@json')" '["ok",false,1000]' \
    "exactly max_output_bytes of output is not past the cap: ok, not truncated"

# The default cap, 1 MiB, and the largest replies it allows.
e2e_config
e2e_start
t0=$(e2e_now_ms)
e2e_req '{"code":"import sys\nsys.stdout.write(\"x\" * (3 << 20))","timeoutMs":10000}' >"$T/reply"
ok $? "3 MiB of output under the default cap gets one well-formed reply frame"
t1=$(e2e_now_ms)
is "$(jq -c '[.status,.truncated,(.stdout|length),.limits.maxOutputBytes]' "$T/reply")" \
    '["output_limit",true,1048576,1048576]' \
    "3 MiB of output is cut at the default max_output_bytes, 1048576"
[ $((t1 - t0)) -lt 2500 ]
ok $? "a program blocked writing past the cap gets its reply at once, not after a 10 s engine wait (took $((t1 - t0)) ms)"
t0=$(e2e_now_ms)
e2e_req '{"code":"import sys\nwhile True: sys.stdout.write(\"y\" * 65536)","timeoutMs":10000}' >"$T/reply"
t1=$(e2e_now_ms)
is "$(jq -c '[.status,.truncated,(.stdout|length)]' "$T/reply")" \
    '["output_limit",true,1048576]' "a program flooding stdout is cut off at the cap"
[ $((t1 - t0)) -lt 2500 ]
ok $? "a program flooding stdout past the cap gets its reply within 2.5 s (took $((t1 - t0)) ms)"
e2e_req '{"code":"import sys\nsys.stdout.buffer.write(b\"\\0\" * (1 << 20))"}' >"$T/reply"
ok $? "1 MiB of NUL bytes (a 12 MB reply once escaped) gets one well-formed reply frame"
is "$(jq -c '[.status,.truncated]' "$T/reply")" '["ok",false]' \
    "1 MiB of output, exactly the default cap, is ok and not truncated"
is "$(jq -j .stdout "$T/reply" | wc -c) $(jq -j .stdout "$T/reply" | tr -d '\000' | wc -c)" \
    "1048576 0" "1 MiB of NUL bytes comes back whole as U+0000 characters"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
