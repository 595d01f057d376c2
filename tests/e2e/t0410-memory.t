#!/bin/sh
# The run's memory limit (docs/protocol.md, Result: status memory, oomKilled).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 8
e2e_config
e2e_start

code='print("allocating", flush=True)
b = b"x" * (200 * 1024 * 1024)
print("survived", len(b))'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code,memoryLimitMb:32}')")
is "$(e2e_field "$r" .status)" memory "allocating 200 MB under memoryLimitMb 32 has status memory"
is "$(e2e_field "$r" '.oomKilled|@json')" true "allocating 200 MB under memoryLimitMb 32 has oomKilled true"
is "$(e2e_field "$r" '[.isError,.timedOut]|@json')" '[true,false]' \
    "an out-of-memory kill is an error and no timeout"
is "$(e2e_field "$r" '.stdout|@json')" '"allocating\n"' \
    "output written before the out-of-memory kill is kept"
is "$(e2e_field "$r" .limits.memoryLimitMb)" 32 "limits.memoryLimitMb is the requested 32"

code='b = b"x" * (20 * 1024 * 1024)
print("fine", len(b))'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code,memoryLimitMb:64}')")
is "$(e2e_field "$r" '[.status,.stdout,.oomKilled]|@json')" '["ok","fine 20971520\n",false]' \
    "allocating 20 MB under memoryLimitMb 64 runs fine"

code='b = b"x" * (100 * 1024 * 1024)
print("fine", len(b))'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code,memoryLimitMb:200}')")
is "$(e2e_field "$r" '[.status,.stdout]|@json')" '["ok","fine 104857600\n"]' \
    "a larger memoryLimitMb lets a 100 MB allocation run"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
