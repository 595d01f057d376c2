#!/bin/sh
# The allow-list (docs/admission.md, runbox.conf(5) allow): outside it,
# forbidden before anything else, and no container.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 8
e2e_config "allow 127.0.0.2/32" "allow 2001:db8::/32"
e2e_start
since=$(date +%s.%N)
req='{"language":"python","code":"print(1)"}'

r=$(printf '%s' "$req" | e2e_send)
is "$(e2e_field "$r" .error)" forbidden "a client outside the allow-list is forbidden"
like "$(e2e_field "$r" .message)" '127\.0\.0\.1' "the message names the client's address"
r=$(printf '%s' '{"not json' | e2e_send)
is "$(e2e_field "$r" .error)" forbidden \
    "the allow-list is checked before the request is parsed"
r=$(printf '%s' "$req" | e2e_send -s 127.0.0.2)
is "$(e2e_field "$r" .status)" ok "a client inside the allow-list runs"
is "$(e2e_creates_since "$since")" 1 "only the allowed request started a container"

e2e_config "allow 10.0.0.0/8"
e2e_start
r=$(printf '%s' "$req" | e2e_send -s 127.0.0.3)
is "$(e2e_field "$r" .error)" forbidden "a replaced default allow-list lets no one else in"
like "$(e2e_wait_log 'outcome="forbidden"')" 'client="127\.0\.0\.3"' \
    "the refusal is logged with the client's address"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
