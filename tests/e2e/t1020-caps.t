#!/bin/sh
# Concurrency caps (docs/protocol.md busy, runbox.conf(5) max_per_client,
# max_running): runs in flight are counted in the state file and released on
# every path.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 10
slow='{"code":"import time\nprint(\"up\", flush=True)\ntime.sleep(3)\nprint(\"done\")","timeoutMs":8000}'
quick='{"code":"print(1)"}'

e2e_config "max_per_client 1" "max_running 2"
e2e_start
printf '%s' "$slow" | e2e_send -s 127.0.0.2 >"$T/a.out" &
a=$!
until docker ps -q --filter label=runbox | grep -q .; do sleep 0.05; done
r=$(printf '%s' "$quick" | e2e_send -s 127.0.0.2)
is "$(e2e_field "$r" .error)" busy "a second run from the same client is busy (max_per_client 1)"
like "$(e2e_field "$r" .message)" "client" "the message says which cap"
r=$(printf '%s' "$quick" | e2e_send -s 127.0.0.3)
is "$(e2e_field "$r" .status)" ok "another client still runs beside it"

# The quick run's container is removed after its reply: wait for its log
# line (written after the removal) before counting containers.
e2e_log_count 'outcome="ok"' 1 >/dev/null
printf '%s' "$slow" | e2e_send -s 127.0.0.4 >"$T/b.out" &
b=$!
until [ "$(docker ps -q --filter label=runbox | wc -l)" -ge 2 ]; do sleep 0.05; done
r=$(printf '%s' "$quick" | e2e_send -s 127.0.0.5)
is "$(e2e_field "$r" .error)" busy "a third concurrent run on the host is busy (max_running 2)"
like "$(e2e_field "$r" .message)" "host" "the message says it is the host's cap"
wait $a $b
is "$(jq -r .stdout "$T/a.out")" "up
done" "the runs that held the slots finished normally"

r=$(printf '%s' "$quick" | e2e_send -s 127.0.0.2)
is "$(e2e_field "$r" .status)" ok "a finished run gives its slot back"

# A runbox killed with SIGKILL cannot release its slot: it is reclaimed.
printf '%s' "$slow" | e2e_send -s 127.0.0.6 >/dev/null 2>&1 &
c=$!
until docker ps -q --filter label=runbox | grep -q .; do sleep 0.05; done
pkill -KILL -f "^$RUNBOX --config $T/runbox.conf" 
wait $c 2>/dev/null
r=$(printf '%s' "$quick" | e2e_send -s 127.0.0.6)
is "$(e2e_field "$r" .status)" ok "the slot of a SIGKILLed runbox is reclaimed"

# The killed process left its container: its owner being gone, the
# reaper removes it at once (and touches no live run of another test).
"$RUNBOX" --reap --config "$T/runbox.conf" 2>>"$T/reap.log"
e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
is "$(e2e_log_count 'outcome="busy"' 2)" 2 "each busy refusal is logged"
finish
