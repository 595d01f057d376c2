#!/bin/sh
# Case 18: the client vanishes mid-run.  A request runs time.sleep(30)
# with timeoutMs 3000; once its container is up, the client (rbclient) is
# SIGKILLed.  Nobody will read the reply, but the run keeps its own
# deadline: the container must be gone within timeoutMs + the 2 s grace
# (8 s allowed, for a loaded host), the connection logged, the process
# ended, and the next client served normally.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 12
e2e_config
e2e_start

# runbox-labelled containers (full ids) known to the engine right now.
ids() { docker ps -aq --no-trunc --filter label=runbox 2>/dev/null | sort; }
ids >"$T/before"

atk_py 'import time
print("up", flush=True)
time.sleep(30)
print("never")' '{"timeoutMs":3000}' >"$T/request"
echo request >>"$T/requests"
t_send=$(e2e_now_ms)
# rbclient itself in the background (not a shell function: $! must be
# the client's own pid, or the kill would leave it running).
"$TOOLS/rbclient" -w 30000 127.0.0.1 "$PORT" <"$T/request" \
    >"$T/gone.out" 2>"$T/gone.err" &
client=$!
: >"$T/reply"

# Wait (at most 15 s) for this request's container to be running.
id=
i=0
while [ $i -lt 300 ]; do
	id=$(docker ps -q --no-trunc --filter label=runbox 2>/dev/null | sort |
	    comm -13 "$T/before" - | head -n 1)
	[ -n "$id" ] && break
	sleep 0.05
	i=$((i + 1))
done
t_up=$(e2e_now_ms)
[ -n "$id" ]
ok $? "the request's container is running (docker ps shows it $((t_up - t_send)) ms after the send)" ||
    bail "no container came up; log: $(tail -n 3 "$T/runbox.log")"
short=$(printf '%.12s' "$id")

kill -KILL "$client"
wait "$client" 2>/dev/null
t_kill=$(e2e_now_ms)
is "$(wc -c <"$T/gone.out")" 0 "the killed client got nothing (it was gone before any reply)"

# The container must go by itself: timeout 3 s + grace 2 s, 8 s allowed.
i=0
while docker ps -aq --no-trunc --filter label=runbox 2>/dev/null |
    grep -q "^$id"; do
	[ $i -lt 200 ] || break
	sleep 0.05
	i=$((i + 1))
done
t_gone=$(e2e_now_ms)
docker ps -aq --no-trunc --filter label=runbox 2>/dev/null | grep -q "^$id"
[ $? -ne 0 ] && [ $((t_gone - t_kill)) -le 8000 ]
ok $? "the container is removed without its client, within 8 s of the client's death" ||
    diag "still there $((t_gone - t_kill)) ms after the kill: $(docker ps -a --filter label=runbox)"
diag "client killed $((t_kill - t_up)) ms after the container was up;" \
    "container gone $((t_gone - t_kill)) ms after the kill," \
    "$((t_gone - t_up)) ms after it was first seen running (timeoutMs 3000)"

line=$(e2e_wait_log "container=\"$short\"" 10)
ok $? "the connection is logged with its container ($short)"
diag "log: $line"
like "$line" 'outcome="timeout"' "the run is logged as ended at its deadline (outcome timeout)"
like "$line" 'message="client gone before the reply"' \
    "the log says the client was gone before the reply"
dur=$(printf '%s' "$line" | sed -n 's/.* duration_ms=\([0-9]*\).*/\1/p')
[ -n "$dur" ] && [ "$dur" -ge 3000 ] && [ "$dur" -le 10000 ]
ok $? "the process served the run to its deadline and finished in time (duration_ms=$dur)"

# systemd-socket-activate reports each child's exit.
i=0
until [ -n "$(e2e_exits)" ] || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
codes=$(e2e_exits | tr '\n' ' ')
[ "$(e2e_exits | wc -l)" -eq 1 ]
ok $? "the runbox process exited (exit status: $codes)"

atk_alive "a client that vanished mid-run"
atk_next_ok "a vanished client"
atk_mine_gone "the vanished client's run"
atk_finish_clean
finish
