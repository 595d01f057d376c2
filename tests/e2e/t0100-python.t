#!/bin/sh
# Python: hello world and the shape of a successful result (docs/protocol.md,
# Result).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 22
e2e_config
e2e_start

r=$(e2e_req "$(jq -nc '{language:"python",code:"print(\"hello, world\")"}')")
ok $? "a python request gets one well-formed reply frame"
is "$(e2e_field "$r" .status)" ok "hello world in python has status ok"
is "$(e2e_field "$r" '.stdout|@json')" '"hello, world\n"' \
    "hello world in python prints its line on stdout"
is "$(e2e_field "$r" '.stderr|@json')" '""' \
    "hello world in python writes nothing on stderr"
is "$(e2e_field "$r" '.combined|@json')" '"hello, world\n"' \
    "combined holds the stdout of a stdout-only program"
is "$(e2e_field "$r" '.exitCode|@json')" 0 "hello world in python exits with code 0"
is "$(e2e_field "$r" '.signal|@json')" null "a normal exit has signal null"
is "$(e2e_field "$r" '[.isError,.timedOut,.oomKilled,.truncated]|@json')" \
    '[false,false,false,false]' \
    "a normal exit has isError, timedOut, oomKilled and truncated false"
is "$(e2e_field "$r" .language)" python "the result names the language python"
is "$(e2e_field "$r" '.durationMs|type')" number "durationMs is a number"
is "$(e2e_field "$r" '.limits|@json')" \
    '{"timeoutMs":3000,"memoryLimitMb":64,"maxOutputBytes":1048576}' \
    "limits holds the configured defaults when the request sets none"
is "$(e2e_field "$r" 'keys|@json')" \
    '["combined","cpuTimeMs","durationMs","exitCode","isError","language","limits","memoryPeakKb","oomKilled","signal","status","stderr","stdout","timedOut","truncated"]' \
    "the result has exactly the fields of docs/protocol.md"

r=$(e2e_req '{"code":"import sys; print(sys.version_info[0])"}')
is "$(e2e_field "$r" .language)" python \
    "a request without language runs the default language, python"
is "$(e2e_field "$r" .stdout)" 3 "the default language runs python 3"

r=$(e2e_req '{"language":"python","code":"print(42)","timeoutMs":2500,"memoryLimitMb":100}')
is "$(e2e_field "$r" '.limits|@json')" \
    '{"timeoutMs":2500,"memoryLimitMb":100,"maxOutputBytes":1048576}' \
    "limits shows the timeoutMs and memoryLimitMb the request asked for"
is "$(e2e_field "$r" .stdout)" 42 "a run with explicit limits still runs"

code='import json, sys
print(json.dumps(sys.argv[1:]))'
args='["-v","two words","ünïcödé ✓","","$(id);`ls`"]'
r=$(e2e_req "$(jq -nc --arg code "$code" --argjson args "$args" \
    '{language:"python",code:$code,args:$args}')")
is "$(e2e_field "$r" '.stdout|fromjson|@json')" "$(printf %s "$args" | jq -c .)" \
    "python's sys.argv[1:] equals the args, with spaces, unicode and shell characters"
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r" .stdout)" '[]' "without args python's sys.argv[1:] is empty"

code='import os
print(os.path.basename(__file__), os.getcwd() == os.path.dirname(os.path.abspath(__file__)))'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r" .stdout)" 'main.py True' \
    "the code runs as main.py in the working directory"

r=$(e2e_req "$(jq -nc '{language:"python",code:"import sys\nsys.stdout.write(\"no newline\")"}')")
is "$(e2e_field "$r" '.stdout|@json')" '"no newline"' \
    "output without a final newline comes back as written"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
is "$(e2e_log_count 'outcome="ok"' 7)" 7 \
    "runbox logged one ok line per python run"
finish
