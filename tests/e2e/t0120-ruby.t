#!/bin/sh
# Ruby: hello world, stdin, args and exit codes.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 12
e2e_config
e2e_start

r=$(e2e_req "$(jq -nc '{language:"ruby",code:"puts \"hello, world\""}')")
ok $? "a ruby request gets one well-formed reply frame"
is "$(e2e_field "$r" .status)" ok "hello world in ruby has status ok"
is "$(e2e_field "$r" '.stdout|@json')" '"hello, world\n"' \
    "hello world in ruby prints its line on stdout"
is "$(e2e_field "$r" '.exitCode|@json')" 0 "hello world in ruby exits with code 0"
is "$(e2e_field "$r" '[.signal,.isError,.timedOut]|@json')" '[null,false,false]' \
    "hello world in ruby has no signal and is no error"
is "$(e2e_field "$r" .language)" ruby "the result names the language ruby"
is "$(e2e_field "$r" '.limits|@json')" \
    '{"timeoutMs":3000,"memoryLimitMb":64,"maxOutputBytes":1048576}' \
    "a ruby result carries the limits object of the run"

code='require "json"; puts JSON.generate(ARGV)'
args='["a b","ünï ✓","--x=1"]'
r=$(e2e_req "$(jq -nc --arg code "$code" --argjson args "$args" \
    '{language:"ruby",code:$code,args:$args}')")
is "$(e2e_field "$r" '.stdout|fromjson|@json')" "$(printf %s "$args" | jq -c .)" \
    "ruby's ARGV equals the args"

code='require "json"; puts JSON.generate($stdin.read)'
r=$(e2e_req "$(jq -nc --arg code "$code" \
    '{language:"ruby",code:$code,input:"line 1\nline ✓\n"}')")
is "$(e2e_field "$r" '.stdout|fromjson')" "$(printf 'line 1\nline ✓')" \
    "ruby's \$stdin.read returns exactly the input"

r=$(e2e_req "$(jq -nc '{language:"ruby",code:"exit 5"}')")
is "$(e2e_field "$r" '[.status,.exitCode,.isError]|@json')" '["runtime_error",5,true]' \
    "a ruby exit 5 is a runtime_error with exitCode 5"

r=$(e2e_req "$(jq -nc '{language:"ruby",code:"raise \"boom\""}')")
like "$(e2e_field "$r" .stderr)" 'boom \(RuntimeError\)' \
    "an uncaught ruby exception is reported on stderr"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
