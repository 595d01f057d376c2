#!/bin/sh
# The per-client rate limit (docs/protocol.md rate_limited, runbox.conf(5)
# rate_limit): a token bucket per address in the shared state file, checked
# before the key.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 14
printf 'alice:s3cret\n' >"$T/keys"
chmod 600 "$T/keys"
e2e_config "rate_limit 3 per 60s" "keys_file $T/keys"
e2e_start
bad='{"code":'

# Requests refused later (bad JSON) still spend the bucket: no container.
for i in 1 2 3; do
	r=$(printf '%s' "$bad" | e2e_send)
	is "$(e2e_field "$r" .error)" bad_request "request $i of the burst of 3 is admitted"
done
r=$(printf '%s' "$bad" | e2e_send)
is "$(e2e_field "$r" .error)" rate_limited "the 4th request in the period is rate_limited"
is "$(e2e_field "$r" .message)" "too many requests from 127.0.0.1" \
    "the message names the client"
retry=$(e2e_field "$r" .retryAfterMs)
ok "$( [ "$retry" -gt 15000 ] && [ "$retry" -le 20000 ]; echo $?)" \
    "retryAfterMs says when a token comes back (20 s per token; got $retry)"
r=$(printf '%s' '{"key":"s3cret","code":"print(1)"}' | e2e_send)
is "$(e2e_field "$r" .error)" rate_limited "even a right key is rate limited: the rate comes first"
r=$(printf '%s' '{"key":"guess","code":"print(1)"}' | e2e_send)
is "$(e2e_field "$r" .error)" rate_limited "so key guessing is rate limited too"

r=$(printf '%s' "$bad" | e2e_send -s 127.0.0.2)
is "$(e2e_field "$r" .error)" bad_request "another address has a bucket of its own"

# The bucket lives in the state file: a new server process keeps it.
e2e_start
r=$(printf '%s' "$bad" | e2e_send)
is "$(e2e_field "$r" .error)" rate_limited "the bucket outlives the process (shared state file)"
mode=$(stat -c %a "$T/state")
is "$mode" 600 "the state file is created with mode 0600"

# A slow refill: 2 per 1s gives a token back every 500 ms.
e2e_config "rate_limit 2 per 1s"
e2e_start
printf '%s' "$bad" | e2e_send -s 127.0.0.5 >/dev/null
printf '%s' "$bad" | e2e_send -s 127.0.0.5 >/dev/null
r=$(printf '%s' "$bad" | e2e_send -s 127.0.0.5)
is "$(e2e_field "$r" .error)" rate_limited "a spent bucket refuses at once"
sleep 0.6
r=$(printf '%s' "$bad" | e2e_send -s 127.0.0.5)
is "$(e2e_field "$r" .error)" bad_request "a token comes back after period/count"
is "$(e2e_log_count 'outcome="rate_limited"' 5)" 5 "each refusal is logged"
finish
