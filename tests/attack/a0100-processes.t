#!/bin/sh
# Hostile code, processes: fork bombs and a thread bomb meet the pids
# limit (pids_limit, default 64: HostConfig.PidsLimit).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 21
e2e_config
e2e_start

# A python fork bomb: every process forks forever.  The first process
# notes its first failed fork and the highest count of tasks in the
# container's pids cgroup (visible read-only inside) while it bombs.
code='import errno, json, os, time
cg = "/sys/fs/cgroup/pids/"
first = None; forked = 0; peak = 0
t0 = time.monotonic()
while time.monotonic() - t0 < 1.5:
    try:
        if os.fork() == 0:
            while True:
                try:
                    os.fork()
                except OSError:
                    time.sleep(0.01)
        forked += 1
    except OSError as e:
        if first is None:
            first = errno.errorcode.get(e.errno, str(e.errno))
        time.sleep(0.005)
    peak = max(peak, int(open(cg + "pids.current").read()))
print(json.dumps({"first": first, "forked": forked, "peak": peak,
    "max": open(cg + "pids.max").read().strip()}), flush=True)
while True:
    time.sleep(1)'
atk_run "$code" '{"timeoutMs":3000}'
j=$(atk_out)
diag "python fork bomb: $j (reply in $ATK_MS ms)"
is "$(atk_get '[.status,.timedOut,.signal]|@json')" '["timeout",true,"SIGTERM"]' \
    "a python fork bomb is ended by SIGTERM at its deadline with status timeout"
[ "$ATK_MS" -lt 5500 ]
ok $? "the fork bomb's reply arrives within timeoutMs + 2.5 s (took $ATK_MS ms)"
is "$(printf '%s' "$j" | jq -r .first)" EAGAIN \
    "inside the fork bomb, fork fails with EAGAIN once the limit is reached"
is "$(printf '%s' "$j" | jq -r .max)" 64 "the container's pids cgroup limit is pids_limit (64)"
peak=$(printf '%s' "$j" | jq .peak)
[ "${peak:-999}" -le 64 ] && [ "${peak:-0}" -ge 32 ]
ok $? "the fork bomb reaches the pids limit but never passes it (peak $peak tasks)"
atk_alive "a fork bomb"
atk_next_ok "a fork bomb"

# The shell classic.  dash refuses ":" as a function name, so the bomb is
# named f; a dash that cannot fork gives up, so the program re-lights the
# bomb whenever it has died off.  For 1.5 s it watches the bomb alone
# (the peak); then, the bomb still re-lit, it forks children of its own
# that it keeps (each sleeps), so that the bomb's tasks and its own fill
# the limit between them and its fork must fail: a full cgroup the bomb
# alone reaches lasts a few ms at a time, too short to meet reliably.
# It has 2 s for that (timeoutMs 4000): the program runs as SCHED_IDLE
# (docs/protocol.md, "Order"), so other work on the host's CPU (a build
# beside the tests, in one CI run) can starve it for a while.
code='import errno, json, os, subprocess, time
cg = "/sys/fs/cgroup/pids/"
bomb = None; lit = 0; peak = 0; eagain = 0; kept = 0
def relight():
    global bomb, lit
    if bomb is None or bomb.poll() is not None:
        bomb = subprocess.Popen(["/bin/sh", "-c", "f(){ f|f& };f"],
            stderr=subprocess.DEVNULL)
        lit += 1
t0 = time.monotonic()
while time.monotonic() - t0 < 1.5:
    peak = max(peak, int(open(cg + "pids.current").read()))
    try:
        relight()
    except OSError:
        pass
    time.sleep(0.002)
while eagain == 0 and time.monotonic() - t0 < 3.5:
    try:
        relight()
        if os.fork() == 0:
            time.sleep(100)
            os._exit(0)
        kept += 1
    except OSError as e:
        if e.errno == errno.EAGAIN:
            eagain += 1
print(json.dumps({"peak": peak, "eagain": eagain, "lit": lit,
    "kept": kept}), flush=True)
time.sleep(3600)'
atk_run "$code" '{"timeoutMs":4000}'
j=$(atk_out)
diag "shell fork bomb: $j (reply in $ATK_MS ms)"
is "$(atk_get '[.status,.timedOut]|@json')" '["timeout",true]' \
    "a shell fork bomb (f(){ f|f& }) is killed at its deadline with status timeout"
[ "$ATK_MS" -lt 6500 ]
ok $? "the shell fork bomb's reply arrives within timeoutMs + 2.5 s (took $ATK_MS ms)"
peak=$(printf '%s' "$j" | jq .peak)
[ "${peak:-999}" -le 64 ] && [ "${peak:-0}" -ge 32 ]
ok $? "the shell fork bomb fills the pids limit but never passes it (peak $peak tasks)"
eagain=$(printf '%s' "$j" | jq .eagain)
[ "${eagain:-0}" -ge 1 ]
ok $? "while the shell bomb runs, the program's own fork fails with EAGAIN ($eagain times)"
atk_alive "a shell fork bomb"
atk_next_ok "a shell fork bomb"

# A thread bomb: threads count against the same limit.
code='import threading, time
n = 0
ev = threading.Event()
try:
    while n < 100000:
        threading.Thread(target=ev.wait, daemon=True).start()
        n += 1
except RuntimeError:
    print("threads", n, flush=True)
    raise'
atk_run "$code" '{"timeoutMs":3000}'
diag "thread bomb: $(atk_out | tr -d '\n') (reply in $ATK_MS ms)"
is "$(atk_get '[.status,.exitCode]|@json')" '["runtime_error",1]' \
    "a thread bomb fails with runtime_error when thread creation is refused"
like "$(atk_get .stderr)" "can't start new thread" \
    "the thread bomb's own error says it could not start a thread"
n=$(atk_out | sed -n 's/^threads \([0-9]*\)$/\1/p')
[ "${n:-999}" -lt 64 ] && [ "${n:-0}" -ge 32 ]
ok $? "the thread bomb stops below the pids limit of 64 ($n threads started)"
[ "$ATK_MS" -lt 5500 ]
ok $? "the thread bomb's reply arrives in time (took $ATK_MS ms)"
atk_next_ok "a thread bomb"

atk_mine_gone "the process bombs"
atk_alive "all the bombs"
atk_finish_clean
finish
