#!/bin/sh
# Failures are logged once, with their own cause (runbox(8), RUNNING):
#  (a) a run that fails and whose container then cannot be removed: the
#      connection's line keeps the run's failure, and the removal's failure
#      gets a line of its own ("left for the reaper") naming the engine
#      call that failed.  The engine socket is a socat forwarder to the
#      real one, stopped while the program runs: the engine really becomes
#      unreachable for this runbox, nothing is faked.
#  (b) a pool that cannot start a container of one language (its image is
#      not on this host): a "pool:" line with the engine's own answer.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

command -v socat >/dev/null || bail "socat is missing (make check installs it)"

plan 13
FWD=
t0910_cleanup() {
	t0910_fwd_stop
	[ -n "${CNAME:-}" ] && docker rm -f "$CNAME" >/dev/null 2>&1
	e2e_cleanup
}
# Stop the forwarder and every connection it forwards: the parent is
# stopped first, so that it forks no child meanwhile.
t0910_fwd_stop() {
	[ -n "$FWD" ] || return 0
	kill -STOP "$FWD" 2>/dev/null
	pkill -TERM -P "$FWD" 2>/dev/null
	kill -TERM "$FWD" 2>/dev/null
	kill -CONT "$FWD" 2>/dev/null
	wait "$FWD" 2>/dev/null
	FWD=
}
trap t0910_cleanup EXIT

# --- (a) the run fails, then its removal fails -----------------------
socat "UNIX-LISTEN:$T/engine.sock,fork,unlink-early" \
    UNIX-CONNECT:"$E2E_DOCKER_SOCKET" 2>"$T/socat.err" &
FWD=$!
i=0
until [ -S "$T/engine.sock" ] || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -S "$T/engine.sock" ] ||
    bail "socat did not listen on $T/engine.sock: $(cat "$T/socat.err")"

# A known container name: runbox names it after systemd's INVOCATION_ID
# (set by a wrapper: systemd-socket-activate passes on only its own
# environment).
INV=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
CNAME=runbox-$INV
printf '#!/bin/sh\nINVOCATION_ID=%s exec "%s" "$@"\n' "$INV" "$RUNBOX" \
    >"$T/runbox-inv"
chmod +x "$T/runbox-inv"
e2e_config "docker_socket $T/engine.sock"
RUNBOX0=$RUNBOX
RUNBOX=$T/runbox-inv
e2e_start
RUNBOX=$RUNBOX0
e2e_req '{"language":"python","code":"import time\nprint(1, flush=True)\ntime.sleep(30)","timeoutMs":8000}' \
    >"$T/a.reply" &
client=$!
i=0
until [ "$(docker inspect -f '{{.State.Running}}' "$CNAME" 2>/dev/null)" = true ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || bail "$CNAME did not start: $(tail -n 3 "$T/runbox.log")"
	sleep 0.05
done
CID=$(docker inspect -f '{{.Id}}' "$CNAME")
sleep 0.5	# the program is past its print, asleep
t0910_fwd_stop
wait "$client"
r=$(cat "$T/a.reply")
is "$(e2e_field "$r" .error)" unavailable \
    "the client of a run whose engine went away gets unavailable"
line=$(e2e_wait_log 'outcome="unavailable"' 10)
like "$line" 'message="[^"]*POST /containers/[0-9a-f]+/wait' \
    "the connection's log line names the run's own failure (the wait for its exit)"
printf '%s\n' "$line" | grep -q DELETE
is $? 1 "the connection's log line does not carry the removal's failure"
# The removal is retried for SANDBOX_REMOVE_MS (10 s) before it gives up.
left=$(e2e_wait_log 'left for the reaper' 20)
like "$left" "^runbox: container $(printf %s "$CID" | cut -c1-12) left for the reaper: " \
    "the container's removal failure has a line of its own, naming the container"
like "$left" "DELETE /containers/[0-9a-f]+\\?force=1&v=1: .*connect" \
    "that line has the cause: the DELETE could not connect to the engine"
is "$(e2e_log | grep -c 'left for the reaper')" 1 "the removal failure is logged once"
docker inspect "$CNAME" >/dev/null 2>&1
ok $? "the container is really still there, for the reaper"
docker rm -f "$CNAME" >/dev/null 2>&1
CNAME=
is "$(e2e_exits | tail -n 1)" 0 "runbox exits 0: it wrote the reply"

# --- (b) the pool cannot start a container of one language ------------
E2E_POOL=1
ghost=runbox-t0910-missing-$$
e2e_config "pool_size 1" \
    "language python runbox-python main.py python3 -u main.py" \
    "language ghost $ghost main.py python3 main.py"
e2e_start
n0=$(e2e_exits | wc -l)
e2e_req_done '{"language":"python","code":"print(2)"}'
e2e_served $((n0 + 1)) >/dev/null
is "$(e2e_field "$r" .stdout)" 2 "a python request is served while the ghost language has no image"
like "$(e2e_last)" 'outcome="ok".*pool="miss"' "its log line is ok, a pool miss"
line=$(e2e_wait_log '^runbox: pool: ' 10)
like "$line" "^runbox: pool: start runbox-pool-[0-9a-f]+ \\(ghost\\): inspect image $ghost: engine answered 404: .*No such image: $ghost" \
    "the top-up's failure for ghost is logged with the engine's own answer"
is "$(printf '%s\n' "$line" | wc -l)" 1 "one line for one failure"
is "$(e2e_pool python | wc -l)" 1 "the pool still holds its python container"
finish
