#!/bin/sh
# Hostile code, CPU: four processes spinning on a two-core host get at
# most the configured share (cpus 1.0: HostConfig.NanoCpus), and another
# request is served meanwhile.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 10
e2e_config
e2e_start

# Four spinning children; the parent measures, over 1.5 s of wall time,
# the CPU time they got (from /proc) and the container's own accounting.
code='import json, os, time
def rd(p):
    try:
        return open(p).read().strip()
    except OSError:
        return None
res = {"quota": rd("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
    "period": rd("/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
    "cpus": os.cpu_count()}
kids = []
for i in range(4):
    pid = os.fork()
    if pid == 0:
        while True:
            pass
    kids.append(pid)
def ticks():
    n = 0
    for pid in kids:
        f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        n += int(f[11]) + int(f[12])
    return n
time.sleep(0.3)
w0 = time.monotonic(); t0 = ticks(); u0 = rd("/sys/fs/cgroup/cpuacct/cpuacct.usage")
time.sleep(1.5)
w1 = time.monotonic(); t1 = ticks(); u1 = rd("/sys/fs/cgroup/cpuacct/cpuacct.usage")
res["share"] = round((t1 - t0) / os.sysconf("SC_CLK_TCK") / (w1 - w0), 2)
if u0 and u1:
    res["cgshare"] = round((int(u1) - int(u0)) / 1e9 / (w1 - w0), 2)
print(json.dumps(res), flush=True)
time.sleep(1)
for pid in kids:
    os.kill(pid, 9)'
atk_py "$code" '{"timeoutMs":6000}' >"$T/spin.json"
echo request >>"$T/requests"
t0=$(e2e_now_ms)
e2e_send <"$T/spin.json" >"$T/spin.reply" &
spin=$!
# Start a second request while the spinners run (the container starts in
# well under a second; the spinning lasts about 3 s).
sleep 1.2
atk_run 'print("served")'
t1=$(e2e_now_ms)
spinning=$([ -s "$T/spin.reply" ] && echo done || echo running)
wait "$spin"
t2=$(e2e_now_ms)
is "$(atk_get '[.status,.stdout]|@json')" '["ok","served\n"]' \
    "a request sent while another program spins on every core is served"
is "$spinning" running "that request was answered while the spinners were still running"
[ "$ATK_MS" -lt 3000 ]
ok $? "the request beside the spinners is answered in reasonable time (took $ATK_MS ms)"

j=$(jq -r .stdout "$T/spin.reply")
diag "spinners: $j; reply after $((t2 - t0)) ms; the concurrent request took $ATK_MS ms"
is "$(jq -r .status "$T/spin.reply")" ok "the spinning program runs to its end"
is "$(printf '%s' "$j" | jq -r '"\(.quota)/\(.period)"')" 100000/100000 \
    "the container's CFS quota is one CPU (cpus 1.0)"
share=$(printf '%s' "$j" | jq -r .share)
awk -v s="$share" 'BEGIN { exit !(s > 0.3 && s < 1.25) }'
ok $? "four spinning processes get about one CPU between them, not more (measured $share CPUs over 1.5 s)"
cg=$(printf '%s' "$j" | jq -r '.cgshare // empty')
if [ -n "$cg" ]; then
	awk -v s="$cg" 'BEGIN { exit !(s < 1.25) }'
	ok $? "the container's own CPU accounting agrees: at most about one CPU ($cg)"
else
	skip "the container's own CPU accounting: cpuacct.usage is not visible inside it"
fi
atk_next_ok "a CPU hog"

atk_mine_gone "the CPU hog"
atk_finish_clean
finish
