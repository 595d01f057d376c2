#!/bin/sh
# runbox's one log line per connection (on stderr, here $T/runbox.log).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 15
e2e_config
e2e_start

r=$(e2e_req '{"language":"ruby","code":"puts 1"}')
is "$(e2e_field "$r" .status)" ok "a ruby run for the log succeeds"
line=$(e2e_wait_log '^runbox: .*outcome=')
is "$(printf '%s\n' "$line" | wc -l)" 1 "one served connection writes one log line"
like "$line" 'client="127\.0\.0\.1"' "the log line names the client address 127.0.0.1"
like "$line" 'language="ruby"' "the log line names the language"
like "$line" 'outcome="ok"' "the log line names the outcome"
like "$line" 'duration_ms=[0-9]+( |$)' "the log line has duration_ms as a number"
like "$line" 'container="[0-9a-f]{12}"' "the log line names the container's short id"
e2e_log | grep -q 'puts 1'
is $? 1 "the log does not contain the code"

r=$(e2e_req '{"language":"python","code":"import sys; sys.exit(2)"}')
like "$(e2e_wait_log 'outcome="runtime_error"')" 'language="python"' \
    "a failing run is logged with outcome runtime_error"

r=$(printf 'x' | e2e_send -r)
line=$(e2e_wait_log 'outcome="bad_frame"')
like "$line" 'client="127\.0\.0\.1".*message="' \
    "a refusal is logged with its outcome, the client and a message"

r=$(printf '%s' '{"code":"print(1)","a\nrunbox: forged\u0007":1}' | e2e_send)
like "$(e2e_field "$r" .message)" 'forged' "the unknown field's name is quoted in the reply"

line=$(e2e_wait_log 'outcome="bad_request"')
is "$(e2e_log | grep -c '^runbox: forged')" 0 \
    "a newline in an untrusted value cannot forge a log line"
e2e_log | LC_ALL=C grep -q "$(printf '\007')"
is $? 1 "control characters from the request never reach the log raw"

is "$(e2e_log_count '^Child [0-9]+ died' 4)" 4 "every runbox process exited"
is "$(e2e_exits | sort -u | tr '\n' ' ')" "0 " \
    "runbox exits 0 whenever it wrote a reply, success or refusal"
finish
