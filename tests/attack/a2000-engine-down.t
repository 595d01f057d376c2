#!/bin/sh
# Case 20: the engine misbehaves.
#  (a) docker_socket is a unix socket that accepts and never answers:
#      runbox gives up at its Engine API deadline (SANDBOX_API_MS, 10 s)
#      with `unavailable`, and no container is made.
#  (b) dockerd is stopped (SIGTERM) while a run is in flight: the client
#      still gets one reply in time and the process exits; while the
#      engine is down (socket missing) requests are `unavailable` at once;
#      dockerd is restarted as tests/setup.sh does; what may remain (the
#      run's stopped container, when the API closed before runbox's
#      DELETE) is logged and labelled for `runbox --reap`; the next request
#      is served.
# The engine is ALWAYS restarted at exit, whatever happened.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
command -v socat >/dev/null || bail "socat is missing (make check installs it)"

plan 22

SLOW=
engine_up() { docker info >/dev/null 2>&1; }
# The host's engine by systemd or tests/setup.sh; another by its own
# command (e2e.sh, E2E_ENGINE_CTL).
engine_systemd() {
	[ -z "${E2E_ENGINE_CTL:-}" ] && [ -d /run/systemd/system ] &&
	    command -v systemctl >/dev/null
}
engine_start() {
	if [ -n "${E2E_ENGINE_CTL:-}" ]; then
		(cd "$ROOT" && $E2E_ENGINE_CTL start) </dev/null >>"$T/setup.out" 2>&1
	elif engine_systemd; then
		systemctl start docker.socket docker.service >>"$T/setup.out" 2>&1
	else
		(cd "$ROOT" && sh tests/setup.sh) </dev/null >>"$T/setup.out" 2>&1
	fi
	i=0
	until engine_up; do
		i=$((i + 1))
		[ $i -lt 120 ] || return 1
		sleep 0.5
	done
}
# Wait (at most 30 s) until the engine answers or no dockerd runs: a
# dockerd still shutting down holds its pid file, and a new one started
# meanwhile fails ("pid file found").
engine_settle() {
	i=0
	while ! engine_up && [ -n "$(e2e_engine_pid)" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# At exit, before e2e.sh's own cleanup: the slow listener goes, and the
# engine comes back if this script left it down.
a2000_cleanup() {
	[ -n "$SLOW" ] && kill "$SLOW" 2>/dev/null
	engine_systemd || engine_settle
	engine_up || engine_start || echo "# could not restart the engine: $(cat "$T/setup.out")"
	e2e_cleanup
}
trap a2000_cleanup EXIT
: >"$T/reply"

req='{"language":"python","code":"print(1)"}'

# --- (a) a socket that accepts and never answers --------------------
# socat forks one child per connection; it reads what runbox sends into a
# file and never writes back (-u), until runbox hangs up.
socat -u "UNIX-LISTEN:$T/slow.sock,fork" "OPEN:$T/slow.req,creat,append" \
    2>"$T/socat.err" &
SLOW=$!
i=0
until [ -S "$T/slow.sock" ] || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -S "$T/slow.sock" ] || bail "socat did not listen on $T/slow.sock: $(cat "$T/socat.err")"

e2e_config "docker_socket $T/slow.sock"
e2e_start
since=$(date +%s.%N)
t0=$(e2e_now_ms)
r=$(e2e_req "$req")
rc=$?
ms=$(($(e2e_now_ms) - t0))
diag "silent engine socket: reply after $ms ms: $r"
ok $rc "a silent engine socket still gets the client one well-formed reply frame"
is "$(e2e_field "$r" .error)" unavailable "a silent engine socket is unavailable"
[ "$ms" -ge 9000 ] && [ "$ms" -le 12000 ]
ok $? "the reply comes at the Engine API deadline (10 s), not later (took $ms ms, 12 s allowed)"
like "$(head -n 1 "$T/slow.req" 2>/dev/null)" '^POST /v[0-9.]*/containers/create ' \
    "runbox did reach the silent socket (its create request is what hung)"
like "$(e2e_wait_log 'outcome="unavailable"')" 'timed out' \
    "the log says the engine call timed out"
is "$(e2e_creates_since "$since")" 0 "no container was created for it"
kill "$SLOW" 2>/dev/null
wait "$SLOW" 2>/dev/null
SLOW=

# --- (b) dockerd stopped mid-run --------------------------------------
e2e_config
e2e_start
atk_py 'import time
print("up", flush=True)
time.sleep(30)' '{"timeoutMs":8000}' >"$T/request"
echo request >>"$T/requests"
"$TOOLS/rbclient" -w 30000 127.0.0.1 "$PORT" <"$T/request" \
    >"$T/mid.out" 2>"$T/mid.err" &
client=$!
i=0
until docker ps -q --filter label=runbox 2>/dev/null | grep -q .; do
	i=$((i + 1))
	[ $i -lt 300 ] || bail "no container came up: $(tail -n 3 "$T/runbox.log")"
	sleep 0.05
done
mid=$(docker ps -q --filter label=runbox | head -n 1)
sleep 0.5	# the program is running (it printed "up")
if engine_systemd; then
	how="systemctl stop docker.socket docker.service"
	t_stop=$(e2e_now_ms)
	systemctl stop docker.socket docker.service &
	stopper=$!
else
	dpid=$(e2e_engine_pid)
	[ -n "$dpid" ] || bail "cannot find dockerd's pid"
	how="kill -TERM $dpid (dockerd)"
	t_stop=$(e2e_now_ms)
	kill -TERM "$dpid"
	stopper=
fi
wait "$client"
crc=$?
t_reply=$(e2e_now_ms)
# The engine finishes going down.
if [ -n "$stopper" ]; then
	wait "$stopper"
else
	engine_settle
fi
t_down=$(e2e_now_ms)
diag "$how: client's reply after $((t_reply - t_stop)) ms: $(cat "$T/mid.out")"
diag "the engine was down $((t_down - t_stop)) ms after the stop"
ok $crc "the client of the run in flight gets one well-formed reply frame"
out=$(jq -c '[.status // .error, .signal]' "$T/mid.out" 2>/dev/null)
like "$out" '^\["(runtime_error|timeout|unavailable)",' \
    "the reply says the run was cut short (runtime_error/timeout) or the engine went (unavailable): $out"
[ $((t_reply - t_stop)) -le 12000 ]
ok $? "the reply comes within timeoutMs + grace (12 s allowed; took $((t_reply - t_stop)) ms)"
line=$(e2e_wait_log 'outcome=' 10 | tail -n 1)
ok $? "the run is logged"
diag "log: $line"
grep "left for the reaper" "$T/runbox.log" | sed "s/^/# /"
i=0
until [ "$(e2e_exits | wc -l)" -ge 2 ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
is "$(e2e_exits | tail -n 1)" 0 "the process serving it exited, with status 0 (a reply was written)"

# The engine is down: its socket is gone (or nobody answers it).
engine_up
is $? 1 "the engine is really down"
t0=$(e2e_now_ms)
r=$(e2e_req "$req")
ms=$(($(e2e_now_ms) - t0))
diag "engine down: reply after $ms ms: $r"
is "$(e2e_field "$r" .error)" unavailable "with the engine down, a request is unavailable"
[ "$ms" -le 2000 ]
ok $? "and at once, not at a deadline (took $ms ms)"

# Restart it as tests/setup.sh does.
t0=$(e2e_now_ms)
engine_start
ok $? "the engine is back ($(($(e2e_now_ms) - t0)) ms; $(tail -n 1 "$T/setup.out"))" ||
    bail "the engine did not come back: $(cat "$T/setup.out")"

"$RUNBOX" --reap --config "$T/runbox.conf" 2>>"$T/reap.log"
is $? 0 "runbox --reap runs against the restarted engine"
[ -s "$T/reap.log" ] && diag "reap: $(cat "$T/reap.log")"
is "$(docker ps -q --filter label=runbox)" "" "no runbox container runs after the engine restart"
# What may remain is the run's own (stopped) container, when the engine's
# API closed before runbox's DELETE: runbox then logs it "left for the
# reaper" and exits, and the --reap above removes it at once (its
# runbox.owner is gone); were its owner not to be judged, only once the
# deadline in its label has passed (created + timeoutMs + 12 s + 60 s).
# Measured: usually runbox removes it in time; now and then (more often
# under ASan) it is left.
left=$(docker ps -a --filter label=runbox --format '{{.ID}}')
if ! grep -q "container $mid left for the reaper" "$T/runbox.log"; then
	# Not logged as left: then runbox did remove its own.
	! docker inspect "$mid" >/dev/null 2>&1 && [ -z "$left" ]
	ok $? "the run's container ($mid) is gone: runbox removed it itself"
	skip "nothing was left for the reaper, so no reaper label to check"
elif [ -z "$left" ]; then
	# Left, and the --reap above removed it: its owner was gone.  (So
	# in the first make check-engine run, against Docker 26.)
	grep -q "1 whose runbox process is gone removed" "$T/reap.log" &&
	    ! docker inspect "$mid" >/dev/null 2>&1
	ok $? "the run's container ($mid), logged as left for the reaper, was removed by --reap (its owner is gone)"
	skip "--reap removed it already, so no reaper label to check"
else
	diag "left: $(docker ps -a --filter label=runbox --format '{{.ID}} {{.Status}}' | tr '\n' ' ')"
	[ "$left" = "$mid" ]
	ok $? "the only container left is the run's own ($mid), logged as left for the reaper"
	dl=$(docker inspect -f '{{index .Config.Labels "runbox"}}' "$left" 2>/dev/null)
	cr=$(date -d "$(docker inspect -f '{{.Created}}' "$left" 2>/dev/null)" +%s 2>/dev/null)
	[ -n "$dl" ] && [ -n "$cr" ] && [ $((dl - cr)) -ge 0 ] && [ $((dl - cr)) -le 85 ]
	ok $? "its label lets --reap remove it $((dl - cr)) s after its creation (8 + 12 + 60 expected)"
	# The reaper's timer would remove it in about a minute; the test
	# does not wait for that.
	docker rm -f "$left" >/dev/null 2>&1
fi

atk_alive "the engine going away and coming back"
atk_next_ok "the engine restart"
atk_finish_clean
finish
