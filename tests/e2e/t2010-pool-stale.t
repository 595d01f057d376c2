#!/bin/sh
# pool_size: containers that must not be used: of a changed config or
# image, past their age, stopped behind runbox's back, or left by a
# process killed while topping up or while running in one.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 22
E2E_POOL=1
IMG=runbox-t2010-$$
docker tag runbox-python "$IMG" || bail "cannot tag runbox-python as $IMG"
trap 'e2e_cleanup; docker rmi -f "$IMG" >/dev/null 2>&1' EXIT
e2e_config "pool_size 1" "pool_max_age_s 20" \
    "language python $IMG main.py python3 -u main.py"
e2e_start
hello='{"code":"print(\"hello\")"}'

e2e_req_done "$hello"
old=$(e2e_pool python)
is "$(printf '%s\n' "$old" | grep -c .)" 1 "pool_size 1 keeps one python container"

# A changed config: the waiting container has the old limits.
sed -i 's/^pids_limit.*//' "$T/runbox.conf"
echo 'pids_limit 40' >>"$T/runbox.conf"
e2e_req_done "$hello"
is "$(e2e_field "$r" .stdout)" hello "after a config change the request is served"
like "$(e2e_last)" 'pool="miss"' "but not by the container made under the old config"
docker inspect "$old" >/dev/null 2>&1
is $? 1 "that container is removed"
new=$(e2e_pool python)
is "$(docker inspect -f '{{.HostConfig.PidsLimit}}' $new)" 40 \
    "its replacement has the new pids limit"
e2e_req_done "$hello"
like "$(e2e_last)" 'pool="hit"' "and the next request uses it"

# A changed image: the name now stands for another image.
old=$(e2e_pool python)
printf 'FROM %s\nLABEL runbox.t2010=%s\n' "$IMG" "$$" |
    docker build -q -t "$IMG" - >/dev/null 2>&1 ||
    bail "docker build of a derived image failed"
e2e_req_done "$hello"
like "$(e2e_last)" 'pool="miss"' "after the image changed the old container is not used"
docker inspect "$old" >/dev/null 2>&1
is $? 1 "it is removed"
new=$(e2e_pool python)
is "$(docker inspect -f '{{.Image}}' $new)" "$(docker image inspect -f '{{.Id}}' "$IMG")" \
    "the pool now holds a container of the new image"

# Stopped behind runbox's back (an engine restart does this to all).
docker kill "$new" >/dev/null
e2e_req_done "$hello"
is "$(e2e_field "$r" .stdout)" hello "a request finding the pool's container stopped is still served"
like "$(e2e_last)" 'pool="miss"' "by a container of its own"
docker inspect "$new" >/dev/null 2>&1
is $? 1 "and the stopped one is removed"

# Age: claimable while the longest run still fits before pool_max_age_s.
old=$(e2e_pool)
sleep 6
"$RUNBOX" --reap --config "$T/runbox.conf" 2>"$T/reap.out"
ok $? "runbox --reap succeeds"
like "$(cat "$T/reap.out")" 'pool containers nobody will use removed' \
    "it says it removed pool containers"
left=0
for c in $old; do docker inspect "$c" >/dev/null 2>&1 && left=$((left + 1)); done
is "$left" 0 "it removed the ones too old for a run of the longest timeout"

# A process killed while it tops the pool up.
e2e_req "$hello" >/dev/null
E2E_SERVED=$((E2E_SERVED + 1))
pkill -KILL -P "$E2E_PID"	# its runbox child, topping up
e2e_served "$E2E_SERVED" >/dev/null
sleep 1
"$RUNBOX" --reap --config "$T/runbox.conf" 2>/dev/null
e2e_req_done "$hello"
is "$(e2e_pool python | wc -l)" 1 \
    "after a top-up was killed and a reap, python has exactly pool_size containers"
is "$(e2e_pool | wc -l)" 1 "and no other language (none is configured) has any"

# A process killed while its program runs in a pool container: the
# ExecStopPost= of its systemd unit (--reap --invocation) removes it.
inv=0123456789abcdef0123456789abcd$(printf '%02x' $(( $$ % 256 )))
printf '%s' '{"code":"import time; time.sleep(30)"}' |
    awk '{ printf "%d:%s,", length($0), $0 }' >"$T/sleep.ns"
INVOCATION_ID=$inv "$RUNBOX" --config "$T/runbox.conf" <"$T/sleep.ns" \
    >/dev/null 2>>"$T/direct.log" &
pid=$!
sleep 1.5	# claimed and running well within this; the run's timeout is 3 s
kill -KILL "$pid"
wait "$pid" 2>/dev/null
running=$(docker ps -q --filter label=runbox.pool=python)
is "$(printf '%s\n' "$running" | grep -c .)" 1 "the killed process's pool container is still there"
INVOCATION_ID=$inv "$RUNBOX" --reap --invocation --config "$T/runbox.conf" 2>"$T/reap.out"
ok $? "runbox --reap --invocation succeeds"
like "$(cat "$T/reap.out")" 'pool containers of this invocation removed' \
    "it removed the pool container that invocation had claimed"
docker inspect $running >/dev/null 2>&1
is $? 1 "that container is gone"

e2e_pool_drain
e2e_wait_clean
ok $? "no runbox container is left"
finish
