#!/bin/sh
# runbox --reap and the runbox.owner label (runbox(8), --reap): the
# container of a runbox process that is gone (SIGKILLed mid-run) is
# removed at once, whatever its deadline; one whose process is alive and
# mid-run is left to it; an owner of another pid namespace or boot, or a
# label that is not one, is left to the deadline.  A pool container
# claimed by a killed process goes at once too; the pool's waiting ones
# stay.  Every assertion is about this script's own containers (named
# runbox-INVOCATION_ID, labelled runbox.t1220, or of its state file).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 24
e2e_config
conf=$T/runbox.conf
boot=$(cat /proc/sys/kernel/random/boot_id)
pidns=$(readlink /proc/self/ns/pid | tr -dc 0-9)
now=$(date +%s)
tag=runbox.t1220=$$
trap 'docker ps -aq --filter "label=$tag" | xargs -r docker rm -f >/dev/null 2>&1
    for n in $names; do docker rm -f "$n" >/dev/null 2>&1; done; e2e_cleanup' EXIT
names=

# A systemd-style INVOCATION_ID names the container runbox-ID: a handle
# on it that does not depend on its labels.
invocation() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
frame() { printf '%d:%s,' "${#1}" "$1"; }
# The start time of a live pid (field 22 of /proc/PID/stat).
pstart() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20; }
exists() { [ -n "$(docker ps -aq --filter "name=^$1\$")" ]; }
running() { [ "$(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; }
wait_running() {
	i=0
	until running "$1"; do
		i=$((i + 1)); [ $i -lt 200 ] || return 1; sleep 0.05
	done
}
# Sleep until MS milliseconds after T0 (e2e_now_ms), if not already past.
sleep_until() {
	left=$(($1 + $2 - $(e2e_now_ms)))
	[ $left -le 0 ] || sleep "$(printf '%d.%03d' $((left / 1000)) $((left % 1000)))"
}
label() { docker inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null; }

# 1. SIGKILLed 1.5 s into a run of timeoutMs 2000: --reap removes the
# container right away, with its deadline label still about 74 s ahead.
id=$(invocation)
c=runbox-$id
names="$names $c"
frame '{"code":"import time; time.sleep(30)","timeoutMs":2000}' >"$T/sleep.ns"
t0=$(e2e_now_ms)
INVOCATION_ID=$id "$RUNBOX" --config "$conf" <"$T/sleep.ns" >"$T/out1" \
    2>>"$T/runbox.log" &
pid=$!
wait_running "$c" || bail "the run's container never ran"
owner=$boot:$pidns:$pid:$(pstart $pid)
is "$(label "$c" runbox.owner)" "$owner" \
    "a request's container names its runbox process in runbox.owner (BOOT:PIDNS:PID:START)"
sleep_until "$t0" 1500
kill -KILL "$pid"
wait "$pid" 2>/dev/null
exists "$c"
ok $? "the runbox process is SIGKILLed mid-run and its container is left behind"
dl=$(label "$c" runbox)
ok "$( [ "${dl:-0}" -gt "$(date +%s)" ]; echo $?)" \
    "its deadline label is still ahead ($((${dl:-0} - $(date +%s))) s)"
"$RUNBOX" --reap --config "$conf" 2>"$T/reap1.log"
is $? 0 "runbox --reap succeeds"
is "$(docker ps -aq --filter "name=^$c\$")" "" \
    "runbox --reap removes at once the container whose runbox process is gone"
like "$(cat "$T/reap1.log")" "[1-9][0-9]* whose runbox process is gone removed" \
    "the reap logs it as removed for its process, not its deadline"

# 2. --reap while the owner is alive and mid-run: the container stays and
# the run ends normally.
id=$(invocation)
c=runbox-$id
names="$names $c"
frame '{"code":"import time; time.sleep(2); print(\"done\")","timeoutMs":8000}' \
    >"$T/slow.ns"
INVOCATION_ID=$id "$RUNBOX" --config "$conf" <"$T/slow.ns" >"$T/out2" \
    2>>"$T/runbox.log" &
pid=$!
wait_running "$c" || bail "the run's container never ran"
"$RUNBOX" --reap --config "$conf" 2>"$T/reap2.log"
is $? 0 "runbox --reap beside a live run succeeds"
exists "$c"
ok $? "it leaves alone the container of a runbox process that is alive"
running "$c"
ok $? "and the program in it keeps running"
wait "$pid"
is $? 0 "the run's process exits 0"
reply=$(sed 's/^[0-9]*://; s/,$//' "$T/out2")
is "$(e2e_field "$reply" '[.status, .stdout] | @json')" '["ok","done\n"]' \
    "the run completes normally, with its output"
i=0
while exists "$c" && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
exists "$c"
is $? 1 "and its process removed the container itself"

# 3. Owners judged from labels alone (containers made by hand, never
# started), each with its deadline 10 minutes ahead.
mk() { docker create --label "runbox=$((now + 600))" --label "$tag" "$@" \
    runbox-python true; }
me=$$
reused=$(mk --label "runbox.owner=$boot:$pidns:$me:1")
alive=$(mk --label "runbox.owner=$boot:$pidns:$me:$(pstart $me)")
otherns=$(mk --label "runbox.owner=$boot:1:$me:1")
otherboot=$(mk --label "runbox.owner=00000000-0000-0000-0000-000000000000:$pidns:$me:1")
garbage=$(mk --label "runbox.owner=$me")
nodeadline=$(docker create --label runbox=soon --label "$tag" \
    --label "runbox.owner=$boot:$pidns:$me:1" runbox-python true)
"$RUNBOX" --reap --config "$conf" 2>"$T/reap3.log"
is $? 0 "runbox --reap succeeds"
docker inspect "$reused" >/dev/null 2>&1
is $? 1 "an owner pid that now runs with another start time counts as gone (pid reused)"
docker inspect "$alive" >/dev/null 2>&1
is $? 0 "an owner pid with its start time counts as alive"
docker inspect "$otherns" >/dev/null 2>&1
is $? 0 "an owner of another pid namespace is not judged"
docker inspect "$otherboot" >/dev/null 2>&1
is $? 0 "nor one of another boot"
docker inspect "$garbage" >/dev/null 2>&1
is $? 0 "an owner label that is not BOOT:PIDNS:PID:START is not trusted"
docker inspect "$nodeadline" >/dev/null 2>&1
is $? 0 "nor a container whose deadline label is not a number, owner or not"
docker rm -f "$alive" "$otherns" "$otherboot" "$garbage" "$nodeadline" >/dev/null

# 4. The pool: a container claimed by a process SIGKILLed mid-run goes at
# once (the pool table names its claimer); one still waiting stays.
E2E_POOL=1
e2e_config "pool_size 2" "language python runbox-python main.py python3 -u main.py"
pool() { docker ps -q --no-trunc --filter "label=runbox.pool.state=$T/state" \
    --filter label=runbox.pool=python; }
frame '{"code":"print(1)"}' | "$RUNBOX" --config "$conf" >/dev/null \
    2>>"$T/runbox.log"
before=$(pool)
is "$(printf '%s\n' "$before" | grep -c .)" 2 "pool_size 2 keeps two started python containers"
t0=$(e2e_now_ms)
"$RUNBOX" --config "$conf" <"$T/sleep.ns" >/dev/null 2>>"$T/runbox.log" &
pid=$!
claimed=
i=0
while [ -z "$claimed" ] && [ $i -lt 200 ]; do
	for p in $before; do
		docker top "$p" 2>/dev/null | grep -q python3 && claimed=$p
	done
	i=$((i + 1)); sleep 0.05
done
[ -n "$claimed" ] || bail "the run did not use a pool container"
sleep_until "$t0" 1500
kill -KILL "$pid"
wait "$pid" 2>/dev/null
"$RUNBOX" --reap --config "$conf" 2>"$T/reap4.log"
is $? 0 "runbox --reap succeeds"
docker inspect "$claimed" >/dev/null 2>&1
is $? 1 "it removes at once the pool container a killed process had claimed"
waiting=$(printf '%s\n' $before | grep -v -F "$claimed")
running "$waiting"
ok $? "and leaves the pool container still waiting for a request"
like "$(cat "$T/reap4.log")" "pool containers nobody will use removed" \
    "the reap logs the pool container it removed"
finish
