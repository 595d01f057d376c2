#!/bin/sh
# The smoke suite of make check-vm (tests/vm/vm.sh): runbox in a Debian 13
# virtual machine with only the unified cgroup v2 hierarchy, Docker 26,
# socket-activated by systemd, driven from this host through curl (HTTP
# POST /run on the port QEMU forwards) and ssh.  Slow (the VM is
# emulated), so the limits are generous; the outcomes are exact.
. "$(dirname "$0")/../lib/tap.sh"

VM="sh $(dirname "$0")/vm.sh"
set -- $($VM ports) || bail "no VM runs (vm.sh boot)"
URL=http://127.0.0.1:$1
T=$(mktemp -d "${TMPDIR:-/tmp}/runbox-vm.XXXXXX")
trap 'rm -rf "$T"' EXIT
plan 35

# run LANGUAGE CODE [JSON]: POST /run, the result in $r.
run() {
	jq -nc --arg l "$1" --arg c "$2" --argjson x "${3:-{\}}" \
	    '{language: $l, code: $c} + $x' >"$T/req"
	r=$(curl -sS --max-time 300 -H 'Content-Type: application/json' \
	    --data-binary @"$T/req" "$URL/run")
}
f() { printf '%s' "$r" | jq -c "$1"; }

# The host: cgroup v2 alone, no v1 hierarchy mounted or mountable.
is "$($VM ssh stat -f -c %T /sys/fs/cgroup)" cgroup2fs \
    "the VM's /sys/fs/cgroup is the unified cgroup v2 hierarchy"
is "$($VM ssh "awk '\$3 == \"cgroup\"' /proc/mounts | wc -l")" 0 \
    "no cgroup v1 hierarchy is mounted"
$VM ssh 'mkdir -p /tmp/v1 && ! mount -t cgroup -o memory cgroup /tmp/v1 2>/dev/null'
ok $? "and none can be (cgroup_no_v1=all)"
like "$($VM ssh docker version --format "'{{.Server.Version}} {{.Server.APIVersion}}'")" \
    '^26\.[0-9.]+[^ ]* 1\.4[5-9]$' "the VM's engine is Debian 13's Docker 26 (API 1.45)"

# --doctor, as the service user sees the host.
out=$($VM ssh runuser -u runbox -g runbox -G docker -- runbox --doctor 2>&1)
is $? 0 "--doctor passes in the VM" || diag "$out"
like "$out" '^OK   cgroups: unified layout \(cgroup v2 only\); the engine uses cgroup v2, driver (systemd|cgroupfs)$' \
    "--doctor reports the unified cgroup v2 layout and the engine's cgroup v2"
like "$out" '^OK   engine: Docker 26\.[^ ]*, API 1\.4[5-9] \(oldest 1\.[0-9]+\); runbox asks for API 1\.41; ' \
    "--doctor names Docker 26, its API version and the one runbox asks for"
like "$out" '^OK   limits: the engine can limit memory, processes and CPU$' \
    "--doctor: the engine can limit memory, processes and CPU"
like "$out" '^OK   swap: ' "--doctor checks swap accounting"
diag "$(printf '%s\n' "$out" | grep -v '^OK   language ')"

# Hello in each language.
while IFS='	' read -r lang code; do
	run "$lang" "$(printf '%b' "$code")" '{"timeoutMs":20000}'
	is "$(f '[.status, .stdout]')" '["ok","hello vm\n"]' "$lang: hello"
done <<'EOF'
python	print("hello vm")
pypy	print("hello vm")
javascript	console.log("hello vm")
typescript	const s: string = "hello vm";\nconsole.log(s);
ruby	puts "hello vm"
bash	echo hello vm
perl	print "hello vm\\n";
php	<?php echo "hello vm\\n";
lua	print("hello vm")
c	#include <stdio.h>\nint main(void) { puts("hello vm"); return 0; }
cpp	#include <iostream>\nint main() { std::cout << "hello vm" << std::endl; }
go	package main\nimport "fmt"\nfunc main() { fmt.Println("hello vm") }
rust	fn main() { println!("hello vm"); }
java	public class Main { public static void main(String[] a) { System.out.println("hello vm"); } }
EOF

# Memory: the cgroup v2 out-of-memory kill (memory.events).
run python 'b = []
while True:
    b.append(bytearray(1 << 20))' '{"memoryLimitMb":64,"timeoutMs":30000}'
is "$(f '[.status, .oomKilled]')" '["memory",true]' \
    "a memory bomb at 64 MB: status memory, oomKilled true"
run python 'b = bytearray(40 << 20)
for i in range(0, len(b), 4096):
    b[i] = 1
import time
t = time.process_time()
while time.process_time() - t < 0.5:
    pass
print("done")' '{"memoryLimitMb":128,"timeoutMs":30000}'
is "$(f .status)" '"ok"' "40 MB touched and 0.5 s of CPU: ok"
is "$(f '(.memoryPeakKb > 40000) and (.memoryPeakKb < 131072)')" true \
    "memoryPeakKb is plausible: over 40 MB, under the limit ($(f .memoryPeakKb) KiB)"
is "$(f '(.cpuTimeMs >= 450) and (.cpuTimeMs < 20000)')" true \
    "cpuTimeMs is plausible: at least the 0.5 s spent ($(f .cpuTimeMs) ms)"

# The pids limit stops a fork bomb.
run bash ':(){ :|:& };:
sleep 2; echo survived' '{"timeoutMs":30000}'
is "$(f '.status | IN("ok","runtime_error","timeout")')" true \
    "a fork bomb is contained: status $(f .status)"
like "$(f .combined)" 'fork|Resource temporarily unavailable' \
    "the fork bomb met the pids limit (fork: Resource temporarily unavailable)"

# The timeout and the output cap.
run python 'import time
print("before", flush=True)
time.sleep(60)' '{"timeoutMs":3000}'
is "$(f '[.status, .timedOut, .stdout]')" '["timeout",true,"before\n"]' \
    "a 60 s sleep at timeoutMs 3000: timeout, what it printed before kept"
run python 'import sys
while True:
    sys.stdout.write("x" * 4096)' '{"timeoutMs":30000}'
is "$(f '[.status, .truncated]')" '["output_limit",true]' \
    "endless output: output_limit, truncated"

# combined keeps the order of stdout and stderr.
run python 'import sys, time
for i in range(20):
    print("out", i, file=sys.stdout if i % 2 == 0 else sys.stderr, flush=True)
    time.sleep(0.001)' '{"timeoutMs":30000}'
want=$(python3 -c 'print("".join("out %d\n" % i for i in range(20)), end="")')
is "$(f .combined | jq -r .)" "$want" "combined: 20 writes alternating stdout and stderr, in order"

# runtime crun: a second config, a request over SSH as a forced command
# would send it; docker inspect shows the runtime while it runs.
$VM ssh "sed 's/^#* *runtime .*//' /etc/runbox/runbox.conf >/etc/runbox/crun.conf &&
    echo 'runtime crun' >>/etc/runbox/crun.conf && chmod 644 /etc/runbox/crun.conf"
j='{"language":"python","code":"import time\nprint(\"crun\")\ntime.sleep(3)","timeoutMs":30000}'
out=$($VM ssh "printf '%s' '${#j}:$j,' |
    runuser -u runbox -g runbox -G docker -- runbox --config /etc/runbox/crun.conf 2>/dev/null &
    for i in \$(seq 100); do id=\$(docker ps -q --filter label=runbox | head -n 1);
        [ -n \"\$id\" ] && break; sleep 0.2; done;
    docker inspect -f '{{.HostConfig.Runtime}}' \$id >/tmp/rt; wait; echo; cat /tmp/rt")
like "$out" '"status":"ok","stdout":"crun\\n"' "runtime crun: the run is ok"
like "$out" '^crun$' "docker inspect: its container ran under crun"

is "$($VM ssh docker ps -aq --filter label=runbox | wc -l)" 0 \
    "no runbox container is left in the VM"
