#!/bin/sh
# Hostile code, memory: a heap bomb and slow growth meet the memory limit
# (HostConfig.Memory = MemorySwap: no swap to escape into).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 16
e2e_config
e2e_start

# The limits as the kernel holds them for the container (cgroup v1 files
# are visible read-only inside; on cgroup v2 memory.max and memory.swap.max).
code='import json
def rd(p):
    try:
        return open(p).read().strip()
    except OSError:
        return None
m = "/sys/fs/cgroup/memory/"
print(json.dumps({"mem": rd(m + "memory.limit_in_bytes") or rd("/sys/fs/cgroup/memory.max"),
    "memsw": rd(m + "memory.memsw.limit_in_bytes"),
    "swapmax": rd("/sys/fs/cgroup/memory.swap.max")}))'
atk_run "$code" '{"memoryLimitMb":32}'
j=$(atk_out)
diag "memory cgroup inside a 32 MB run: $j"
is "$(printf '%s' "$j" | jq -r .mem)" 33554432 \
    "memoryLimitMb 32 is the container's memory limit (32 MiB)"
if [ "$(printf '%s' "$j" | jq -r .swapmax)" != null ]; then
	is "$(printf '%s' "$j" | jq -r .swapmax)" 0 "the container may not swap (memory.swap.max 0)"
else
	is "$(printf '%s' "$j" | jq -r .memsw)" 33554432 \
	    "memory plus swap is limited to the same 32 MiB: no swap"
fi

# A heap bomb: allocate and touch as fast as possible.
code='print("bombing", flush=True)
hoard = []
while True:
    hoard.append(b"x" * (16 << 20))'
atk_run "$code" '{"timeoutMs":5000,"memoryLimitMb":64}'
diag "heap bomb: status $(atk_get .status), reply in $ATK_MS ms"
is "$(atk_get '[.status,.oomKilled,.timedOut]|@json')" '["memory",true,false]' \
    "a heap bomb is stopped by the memory limit: status memory, oomKilled true"
[ "$(atk_get '[.oomKilled,.signal]|@json')" = '[false,"SIGKILL"]' ] &&
    diag "killed, but the engine reported no OOM kill (State.OOMKilled false):" \
	"check with docker run -m 32m ... then docker inspect; containerd's OOM" \
	"events were seen to stop while another container had the host's" \
	"/sys/fs/cgroup mounted read-write (a systemd test container)"
is "$(atk_get '[.exitCode,.signal]|@json')" '[null,"SIGKILL"]' \
    "the heap bomb was killed with SIGKILL by the kernel"
is "$(atk_get .stdout)" bombing "output written before the memory kill is kept"
[ "$ATK_MS" -lt 4500 ]
ok $? "the heap bomb's reply comes long before its 5 s deadline (took $ATK_MS ms)"
atk_alive "a heap bomb"
atk_next_ok "a heap bomb"

# Slow growth: 1 MB every 10 ms, so that nothing is one big request the
# allocator could refuse; it must hit the limit, not swap.
code='import time
hoard = []
while True:
    hoard.append(bytearray(b"y" * (1 << 20)))
    if len(hoard) % 4 == 0:
        print(len(hoard), flush=True)
    time.sleep(0.01)'
atk_run "$code" '{"timeoutMs":5000,"memoryLimitMb":32}'
last=$(atk_out | grep . | tail -n 1)
diag "slow growth under 32 MB: last report $last MB held, reply in $ATK_MS ms"
is "$(atk_get '[.status,.oomKilled,.signal]|@json')" '["memory",true,"SIGKILL"]' \
    "growing 1 MB per 10 ms under memoryLimitMb 32 ends with status memory"
[ "${last:-999}" -le 32 ] && [ "${last:-0}" -ge 4 ]
ok $? "the slow grower never holds more than the 32 MB limit (last report $last MB)"
[ "$ATK_MS" -lt 4500 ]
ok $? "the slow grower is stopped by memory, not by its 5 s deadline (took $ATK_MS ms)"
atk_alive "slow memory growth"
atk_next_ok "slow memory growth"

# Memory beyond the limit through a child process is the same cgroup.
code='import subprocess
subprocess.run(["python3", "-c", "b = b\"z\" * (100 << 20)"], check=True)
print("child survived")'
atk_run "$code" '{"timeoutMs":5000,"memoryLimitMb":32}'
is "$(atk_get '[.status,.oomKilled]|@json')" '["memory",true]' \
    "a child process allocating 100 MB under memoryLimitMb 32 is killed too: status memory"

atk_mine_gone "the memory attacks"
atk_finish_clean
finish
