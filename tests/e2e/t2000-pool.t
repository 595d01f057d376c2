#!/bin/sh
# pool_size: pre-started containers, each claimed by one request, run
# once, removed; the serving process tops the pool up after its reply.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 33
E2E_POOL=1
# Three languages (the defaults hold more): a pool per language, each
# topped up after every request.
e2e_config "pool_size 2" "max_per_client 8" \
    "language python runbox-python main.py python3 -u main.py" \
    "language javascript runbox-node main.js node main.js" \
    "language ruby runbox-ruby main.rb ruby -r/usr/local/lib/runbox/sync.rb main.rb"
e2e_start

e2e_req_done '{"language":"python","code":"print(\"hello\")"}'
is "$(e2e_field "$r" .stdout)" hello "a first request is served"
like "$(e2e_last)" 'pool="miss"' "with the pool still empty it misses"
is "$(e2e_pool python | wc -l)" 2 "after it, two python containers are started and waiting"
is "$(e2e_pool javascript | wc -l)" 2 "and two javascript ones"
is "$(e2e_pool ruby | wc -l)" 2 "and two ruby ones"
is "$(docker ps -aq --filter label=runbox.pool --filter status=exited | wc -l)" 0 \
    "none of them has exited"
like "$("$RUNBOX" --doctor --config "$T/runbox.conf")" \
    'OK   pool: python 2/2 ready, javascript 2/2 ready, ruby 2/2 ready' \
    "runbox --doctor shows the pool full"

before=$(e2e_pool python)
e2e_req_done '{"language":"python","code":"import sys; print(sys.stdin.read().upper(), sys.argv[1:])","input":"abc","args":["x","y"]}'
is "$(e2e_field "$r" .stdout)" "ABC ['x', 'y']" \
    "a request served from the pool gets its code, input and arguments"
line=$(e2e_last)
like "$line" 'pool="hit"' "it is a pool hit"
used=$(printf '%s' "$line" | sed -n 's/.* container="\([0-9a-f]*\)".*/\1/p')
printf '%s\n' "$before" | grep -q "^$used"
ok $? "it ran in one of the two waiting containers"
docker inspect "$used" >/dev/null 2>&1
is $? 1 "that container is removed after the run"
after=$(e2e_pool python)
is "$(printf '%s\n' "$after" | wc -l)" 2 "the pool is topped up to two again"
is "$(printf '%s\n%s\n' "$before" "$after" | sort | uniq -d | wc -l)" 1 \
    "one container is new, the other still waits"

# Each hit runs in a container of its own that nobody used before.
ids=
for l in python javascript ruby python; do
	case $l in
	python) code='print(\"p\")' ;;
	javascript) code='console.log(\"p\")' ;;
	ruby) code='puts \"p\"' ;;
	esac
	e2e_req_done "{\"language\":\"$l\",\"code\":\"$code\"}"
	is "$(e2e_field "$r" .stdout)" p "a $l request from the pool prints its output"
	ids="$ids $(e2e_last | sed -n '/pool="hit"/s/.* container="\([0-9a-f]*\)".*/\1/p')"
done
is "$(printf '%s\n' $ids | sort -u | grep -c .)" 4 \
    "four hits ran in four different containers"

# The request's own limits, set on the waiting container before the code.
e2e_req_done '{"code":"print(open(\"/sys/fs/cgroup/memory/memory.limit_in_bytes\").read().strip(), open(\"/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes\").read().strip())","memoryLimitMb":100}'
is "$(e2e_field "$r" .stdout)" "104857600 104857600" \
    "memoryLimitMb 100 is the memory and memory+swap limit of a pooled run"
like "$(e2e_last)" 'pool="hit"' "that run came from the pool"
is "$(e2e_field "$r" .limits.memoryLimitMb)" 100 "its reply reports the limit"
e2e_req_done '{"code":"x = bytearray(60 * 1024 * 1024)\nprint(len(x))","memoryLimitMb":32}'
is "$(e2e_field "$r" .status)" memory "a pooled run over its own 32 MB limit ends with status memory"
e2e_req_done '{"code":"while True: pass","timeoutMs":500}'
is "$(e2e_field "$r" .status)" timeout "a pooled run past its timeoutMs ends with status timeout"
ok $(( $(e2e_field "$r" .durationMs) < 1500 ? 0 : 1 )) \
    "and it was stopped at its own timeout ($(e2e_field "$r" .durationMs) ms), not the default"

# Exhaustion: four at once against two waiting containers.
is "$(e2e_pool python | wc -l)" 2 "the pool is full before the burst"
n0=$(e2e_log | grep -c 'outcome=')
pids=
for i in 1 2 3 4; do
	e2e_req '{"code":"import time; time.sleep(0.3); print(\"burst\")"}' >"$T/burst.$i" &
	pids="$pids $!"
done
wait $pids
E2E_SERVED=$((E2E_SERVED + 4))
e2e_served "$E2E_SERVED" >/dev/null
good=0
for i in 1 2 3 4; do
	[ "$(e2e_field "$(cat "$T/burst.$i")" .stdout)" = burst ] && good=$((good + 1)) || diag "$(cat "$T/burst.$i")"
done
is "$good" 4 "four concurrent requests against a pool of two all succeed"
lines=$(e2e_log | grep 'outcome=' | tail -n +"$((n0 + 1))")
is "$(printf '%s\n' "$lines" | grep -c 'pool="hit"')" 2 "two of them were served from the pool"
is "$(printf '%s\n' "$lines" | grep -c 'pool="miss"')" 2 \
    "the other two found it empty and created their own containers"
is "$(printf '%s\n' "$lines" | sed -n 's/.* container="\([0-9a-f]*\)".*/\1/p' | sort -u | wc -l)" 4 \
    "no container was given to two requests"
is "$(e2e_pool python | wc -l)" 2 "afterwards the pool is back to two, not more"

# Draining: pool_size 0 and a reap remove every pool container.
e2e_pool_drain
is "$(e2e_pool | wc -l)" 0 "pool_size 0 and runbox --reap remove the whole pool"
e2e_wait_clean
ok $? "no runbox container is left"
is "$(e2e_exits | sort -u)" 0 "every runbox process exited 0"
finish
