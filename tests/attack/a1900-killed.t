#!/bin/sh
# Case 19: runbox SIGKILLed mid-run.  Its container stays (nothing can
# remove it at that moment); `runbox --reap` leaves it alone while its
# deadline label is ahead (safe beside serving) and removes it once the
# deadline has passed; the dead process's concurrency slot is reclaimed.
# Waiting out the real deadline (timeout + about 72 s) would make a slow
# test, so the reaper's clock is moved forward with libfaketime: the one
# fake here, for a fault (time passing) no real part produces on demand.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
e2e_need faketime

plan 9
e2e_config "max_per_client 1"
e2e_start
slow='{"code":"import time\nprint(\"up\", flush=True)\ntime.sleep(30)","timeoutMs":3000}'
printf '%s' "$slow" | e2e_send -s 127.0.0.7 >/dev/null 2>&1 &
client=$!
i=0
until [ -n "$(docker ps -q --filter label=runbox)" ]; do
	i=$((i + 1)); [ $i -lt 200 ] || bail "the slow run never started"
	sleep 0.05
done
id=$(docker ps -q --filter label=runbox | head -n 1)
# Should the reaper fail, do not leave the container to the next tests.
trap 'docker rm -f "$id" >/dev/null 2>&1; e2e_cleanup' EXIT
pkill -KILL -f "^$RUNBOX --config $T/runbox.conf" 
ok $? "the serving runbox is killed with SIGKILL mid-run"
wait $client 2>/dev/null
docker inspect "$id" >/dev/null 2>&1
ok $? "its container is left behind (no process remains to remove it)"

label=$(docker inspect -f '{{index .Config.Labels "runbox"}}' "$id")
now=$(date +%s)
ok "$( [ "$label" -gt "$now" ] && [ "$label" -le $((now + 120)) ]; echo $?)" \
    "its runbox label holds a deadline shortly ahead ($((label - now)) s)"
"$RUNBOX" --reap --config "$T/runbox.conf" 2>>"$T/runbox.log"
docker inspect "$id" >/dev/null 2>&1
ok $? "runbox --reap leaves it while its deadline is ahead"

# An ASan build refuses to start behind an LD_PRELOAD unless told.
ASAN_OPTIONS=verify_asan_link_order=0 faketime -f "+$((label - now + 5))s" \
    "$RUNBOX" --reap --config "$T/runbox.conf" 2>>"$T/runbox.log"
ok $? "runbox --reap at a clock past the deadline succeeds"
docker inspect "$id" >/dev/null 2>&1
is $? 1 "and removes the container the killed process left"
like "$(cat "$T/runbox.log")" "1 past their deadline removed" "the reap is logged"

r=$(printf '%s' '{"code":"print(1)"}' | e2e_send -s 127.0.0.7)
is "$(e2e_field "$r" .status)" ok \
    "the killed process's slot is reclaimed: the same client runs again (max_per_client 1)"
e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
