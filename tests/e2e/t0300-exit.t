#!/bin/sh
# Exit codes and signals (docs/protocol.md, Result: status, exitCode, signal,
# isError).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 15
e2e_config
e2e_start

r=$(e2e_req "$(jq -nc '{language:"python",code:"import sys\nprint(\"out\")\nsys.exit(3)"}')")
is "$(e2e_field "$r" .status)" runtime_error "exit 3 has status runtime_error"
is "$(e2e_field "$r" '.exitCode|@json')" 3 "exit 3 has exitCode 3"
is "$(e2e_field "$r" '.isError|@json')" true "exit 3 has isError true"
is "$(e2e_field "$r" '[.signal,.timedOut,.oomKilled]|@json')" '[null,false,false]' \
    "exit 3 has no signal and is neither a timeout nor out of memory"
is "$(e2e_field "$r" '.stdout|@json')" '"out\n"' \
    "the output of a program that exits 3 is kept"

r=$(e2e_req "$(jq -nc '{language:"python",code:"raise SystemExit(1)"}')")
is "$(e2e_field "$r" '[.status,.exitCode]|@json')" '["runtime_error",1]' \
    "exit 1 has status runtime_error and exitCode 1"

r=$(e2e_req "$(jq -nc '{language:"python",code:"1/0"}')")
like "$(e2e_field "$r" .stderr)" 'ZeroDivisionError' \
    "an uncaught python exception shows its traceback on stderr"
is "$(e2e_field "$r" '[.status,.exitCode,.isError]|@json')" '["runtime_error",1,true]' \
    "an uncaught python exception is a runtime_error with exitCode 1"

code='import os, sys
print("before", flush=True)
os.kill(os.getpid(), 15)'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r" .signal)" SIGTERM "a program killed by its own SIGTERM has signal SIGTERM"
is "$(e2e_field "$r" '.exitCode|@json')" null "a program killed by a signal has exitCode null"
is "$(e2e_field "$r" '[.status,.isError,.timedOut]|@json')" '["runtime_error",true,false]' \
    "death by SIGTERM is a runtime_error, an error, and no timeout"
is "$(e2e_field "$r" .stdout)" before "output written before the signal is kept"

code='import os
os.kill(os.getpid(), 9)'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r" '[.status,.signal,.exitCode,.timedOut,.oomKilled]|@json')" \
    '["runtime_error","SIGKILL",null,false,false]' \
    "a program that SIGKILLs itself is a runtime_error with signal SIGKILL, no timeout, no OOM"

# runbox-handoff's exit report tells an exit status of 128+N from death
# by signal N (the container's own exit status cannot).
r=$(e2e_req "$(jq -nc '{language:"python",code:"import sys\nsys.exit(130)"}')")
is "$(e2e_field "$r" '[.exitCode,.signal]|@json')" '[130,null]' \
    "an exit status of 130 is exit code 130, not signal SIGINT"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
