#!/bin/sh
# The deadline holds without runbox (docs/protocol.md, "Inside the
# container"): runbox SIGKILLed 1.5 s into a 2 s run of time.sleep(30).
# runbox-handoff, the container's init, ends the program itself at 2 s
# (SIGTERM, SIGKILL 250 ms later if need be), so the container has exited
# by about 2.5 s after the request, with no runbox process left to kill
# it.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 4
e2e_config
e2e_start
t0=$(e2e_now_ms)
printf '%s' '{"code":"import time\ntime.sleep(30)","timeoutMs":2000}' |
    e2e_send >/dev/null 2>&1 &
client=$!
i=0
until id=$(docker ps -q --filter label=runbox --filter status=running |
    head -n 1) && [ -n "$id" ]; do
	i=$((i + 1)); [ $i -lt 250 ] || bail "the run never started"
	sleep 0.02
done
trap 'docker rm -f "$id" >/dev/null 2>&1; e2e_cleanup' EXIT
sleep "$(awk -v t="$(( $(e2e_now_ms) - t0 ))" 'BEGIN {
    s = (1500 - t) / 1000; printf "%.3f\n", (s > 0 ? s : 0) }')"
pkill -KILL -f "^$RUNBOX --config $T/runbox.conf"
ok $? "the serving runbox is SIGKILLed 1.5 s into the run"
wait $client 2>/dev/null

until [ "$(docker inspect -f '{{.State.Running}}' "$id" 2>/dev/null)" != true ]; do
	[ $(( $(e2e_now_ms) - t0 )) -lt 10000 ] || break
	sleep 0.05
done
ms=$(( $(e2e_now_ms) - t0 ))
diag "the container stopped $ms ms after the request"
ok "$( [ "$ms" -le 3000 ]; echo $?)" "the program is ended by the deadline alone: the container has stopped by 3 s ($ms ms)"
is "$(docker inspect -f '{{.State.ExitCode}} {{.State.OOMKilled}}' "$id")" "143 false" \
    "the handoff ended it with SIGTERM at the deadline (exit status 128+15)"
docker rm -f "$id" >/dev/null 2>&1
e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
