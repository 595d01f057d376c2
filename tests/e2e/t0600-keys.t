#!/bin/sh
# API keys (docs/protocol.md unauthorized, runbox.conf(5) keys_file).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 18
umask 077
printf 'alice:s3cret\nbob:other-secret\n' >"$T/keys"
chmod 600 "$T/keys"
e2e_config "keys_file $T/keys"
e2e_start
since=$(date +%s.%N)

r=$(e2e_req '{"language":"python","code":"print(1)"}')
is "$(e2e_field "$r" .error)" unauthorized "a request without a key is unauthorized"
msg_missing=$(e2e_field "$r" .message)
r=$(e2e_req '{"key":"s3cre","language":"python","code":"print(1)"}')
is "$(e2e_field "$r" .error)" unauthorized "a request with a wrong key is unauthorized"
msg_wrong=$(e2e_field "$r" .message)
is "$msg_wrong" "$msg_missing" "a missing and a wrong key get the same message"
r=$(e2e_req '{"key":"s3cret ","language":"python","code":"print(1)"}')
is "$(e2e_field "$r" .error)" unauthorized "a key with a trailing space is unauthorized"
r=$(e2e_req '{"key":"alice","language":"python","code":"print(1)"}')
is "$(e2e_field "$r" .error)" unauthorized "a key's name is not its secret"
r=$(e2e_req '{"key":"alice:s3cret","language":"python","code":"print(1)"}')
is "$(e2e_field "$r" .error)" unauthorized "NAME:SECRET is not the secret"
is "$(e2e_field "$r" 'has("stdout")')" false "an unauthorized request gets no result fields"
is "$(e2e_creates_since "$since")" 0 "unauthorized requests start no container"

r=$(e2e_req '{"key":"s3cret","language":"python","code":"print(6*7)"}')
is "$(e2e_field "$r" '[.status,.stdout]|@json')" '["ok","42\n"]' \
    "a request with the right key runs"
line=$(e2e_wait_log 'outcome="ok"')
like "$line" 'key="alice"' "the log names the key's name, alice"
r=$(e2e_req '{"key":"other-secret","language":"python","code":"print(7)"}')
is "$(e2e_field "$r" .status)" ok "a second key in the file works too"
like "$(e2e_wait_log 'key="bob"')" 'outcome="ok"' "the log names the second key, bob"
e2e_log | grep -Eq 's3cre|other-secret'
is $? 1 "the log never contains a secret, right or wrong"
is "$(e2e_log_count 'outcome="unauthorized"' 5)" 5 \
    "each unauthorized request is logged as such"

# A keys file others can read: runbox refuses to serve at all.
chmod 644 "$T/keys"
e2e_start
r=$(e2e_req '{"key":"s3cret","language":"python","code":"print(1)"}')
is "$(e2e_field "$r" '[.error,.message]|@json')" '["internal","internal error"]' \
    "with a keys file readable by others the client gets internal and no details"
like "$(e2e_wait_log 'readable by group or others')" "$T/keys" \
    "the log says the keys file is readable by others, naming it"
e2e_log_count '^Child [0-9]+ died' 8 >/dev/null
is "$(e2e_exits | tail -n 1)" 0 \
    "runbox exits 0 after writing the internal reply (runbox(8) EXIT STATUS: a reply was written)"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
