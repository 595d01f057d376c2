#!/bin/sh
# The engine or the image is missing: unavailable (docs/protocol.md,
# Refusals).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 11
e2e_config "docker_socket $T/no-such-dir/docker.sock"
e2e_start
r=$(e2e_req '{"language":"python","code":"print(1)"}')
ok $? "with no engine the client still gets one well-formed reply frame"
is "$(e2e_field "$r" .error)" unavailable "an unreachable engine is unavailable"
like "$(e2e_wait_log 'outcome="unavailable"')" 'language="python"' \
    "the unreachable engine is logged as unavailable"
case $(e2e_field "$r" .message) in
*"$T"*) ok 1 "the client's message does not show the host's socket path" ;;
*) ok 0 "the client's message does not show the host's socket path" ;;
esac
like "$(e2e_wait_log 'outcome="unavailable"')" "no-such-dir/docker.sock" \
    "the log says which socket could not be reached"

: >"$T/not-a-socket"
e2e_config "docker_socket $T/not-a-socket"
e2e_start
r=$(e2e_req '{"language":"python","code":"print(1)"}')
is "$(e2e_field "$r" .error)" unavailable "a docker_socket that is not a socket is unavailable"

img=runbox-nonexistent-image
docker image rm "$img" >/dev/null 2>&1
e2e_config "language python $img main.py python3 main.py"
e2e_start
r=$(e2e_req '{"language":"python","code":"print(1)"}')
is "$(e2e_field "$r" .error)" unavailable "a language whose image is missing is unavailable"
like "$(e2e_field "$r" .message)" "$img" "the message names the missing image"
docker image inspect "$img" >/dev/null 2>&1
is $? 1 "runbox did not pull the missing image"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
is "$(e2e_log_count 'outcome="unavailable"' 3)" 3 "each unavailable reply is logged"
finish
