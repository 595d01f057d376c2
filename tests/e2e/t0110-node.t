#!/bin/sh
# JavaScript (node): hello world, stdin, args and exit codes.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 14
e2e_config
e2e_start

r=$(e2e_req "$(jq -nc '{language:"javascript",code:"console.log(\"hello, world\")"}')")
ok $? "a javascript request gets one well-formed reply frame"
is "$(e2e_field "$r" .status)" ok "hello world in javascript has status ok"
is "$(e2e_field "$r" '.stdout|@json')" '"hello, world\n"' \
    "hello world in javascript prints its line on stdout"
is "$(e2e_field "$r" '.exitCode|@json')" 0 "hello world in javascript exits with code 0"
is "$(e2e_field "$r" '[.signal,.isError,.timedOut]|@json')" '[null,false,false]' \
    "hello world in javascript has no signal and is no error"
is "$(e2e_field "$r" .language)" javascript "the result names the language javascript"
is "$(e2e_field "$r" '.limits|@json')" \
    '{"timeoutMs":3000,"memoryLimitMb":64,"maxOutputBytes":1048576}' \
    "a javascript result carries the limits object of the run"

code='console.log(JSON.stringify(process.argv.slice(2)))'
args='["a b","ünï ✓","--x=1"]'
r=$(e2e_req "$(jq -nc --arg code "$code" --argjson args "$args" \
    '{language:"javascript",code:$code,args:$args}')")
is "$(e2e_field "$r" '.stdout|fromjson|@json')" "$(printf %s "$args" | jq -c .)" \
    "node's process.argv.slice(2) equals the args"

code='let d = ""; process.stdin.setEncoding("utf8");
process.stdin.on("data", c => d += c);
process.stdin.on("end", () => console.log(JSON.stringify(d)));'
r=$(e2e_req "$(jq -nc --arg code "$code" \
    '{language:"javascript",code:$code,input:"line 1\nline ✓\n"}')")
is "$(e2e_field "$r" '.stdout|fromjson')" "$(printf 'line 1\nline ✓')" \
    "node reads exactly the input on stdin, then end of input"
is "$(e2e_field "$r" .status)" ok "node sees the end of its stdin and exits"

r=$(e2e_req "$(jq -nc '{language:"javascript",code:"process.exitCode = 4"}')")
is "$(e2e_field "$r" '[.status,.exitCode,.isError]|@json')" '["runtime_error",4,true]' \
    "a javascript exit code 4 is a runtime_error with exitCode 4"

r=$(e2e_req "$(jq -nc '{language:"javascript",code:"throw new Error(\"boom\")"}')")
like "$(e2e_field "$r" .stderr)" 'Error: boom' \
    "an uncaught javascript exception is reported on stderr"
is "$(e2e_field "$r" '[.status,.exitCode]|@json')" '["runtime_error",1]' \
    "an uncaught javascript exception exits with code 1"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
