#!/bin/sh
# Case 19: runbox SIGKILLed mid-run.  Its container stays (nothing can
# remove it at that moment), naming the dead process in its runbox.owner
# label; `runbox --reap` removes it at once, although its deadline label
# is still ahead (runbox(8), --reap); the dead process's concurrency slot
# is reclaimed.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 9
e2e_config "max_per_client 1"
e2e_start
slow='{"code":"import time\nprint(\"up\", flush=True)\ntime.sleep(30)","timeoutMs":3000}'
printf '%s' "$slow" | e2e_send -s 127.0.0.7 >/dev/null 2>&1 &
client=$!
# Its own container, among other tests': the one whose runbox.owner
# (BOOT:PIDNS:PID:START) names the runbox process serving it.
pidns=$(readlink /proc/self/ns/pid | tr -dc 0-9)
id=
i=0
until [ -n "$id" ]; do
	i=$((i + 1)); [ $i -lt 200 ] || bail "the slow run never started"
	sleep 0.05
	rpid=$(pgrep -f "^$RUNBOX --config $T/runbox.conf" | head -n 1)
	[ -n "$rpid" ] || continue
	id=$(docker ps --filter label=runbox.owner \
	    --format '{{.ID}} {{.Label "runbox.owner"}}' |
	    awk -v ns="$pidns" -v p="$rpid" \
	    '{ split($2, f, ":"); if (f[2] == ns && f[3] == p) print $1 }')
done
# Should the reaper fail, do not leave the container to the next tests.
trap 'docker rm -f "$id" >/dev/null 2>&1; e2e_cleanup' EXIT
kill -KILL "$rpid"
ok $? "the serving runbox is killed with SIGKILL mid-run"
wait $client 2>/dev/null
docker inspect "$id" >/dev/null 2>&1
ok $? "its container is left behind (no process remains to remove it)"

label=$(docker inspect -f '{{index .Config.Labels "runbox"}}' "$id")
now=$(date +%s)
ok "$( [ "$label" -gt "$now" ] && [ "$label" -le $((now + 120)) ]; echo $?)" \
    "its runbox label holds a deadline shortly ahead ($((label - now)) s)"
owner=$(docker inspect -f '{{index .Config.Labels "runbox.owner"}}' "$id")
like "$owner" "^[0-9a-f-]+:[0-9]+:[0-9]+:[0-9]+\$" \
    "its runbox.owner label names the process that made it ($owner)"
"$RUNBOX" --reap --config "$T/runbox.conf" 2>>"$T/runbox.log"
ok $? "runbox --reap succeeds"
docker inspect "$id" >/dev/null 2>&1
is $? 1 "and removes the killed process's container at once, before its deadline"
like "$(cat "$T/runbox.log")" "[1-9][0-9]* whose runbox process is gone removed" \
    "the reap is logged"

r=$(printf '%s' '{"code":"print(1)"}' | e2e_send -s 127.0.0.7)
is "$(e2e_field "$r" .status)" ok \
    "the killed process's slot is reclaimed: the same client runs again (max_per_client 1)"
e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
