#!/bin/sh
# cpuTimeMs and memoryPeakKb (docs/protocol.md): the user + system CPU
# time of the program and every process it started, and the largest
# resident set any one of them reached, as runbox-handoff reaped them.
# Measured against programs of known consumption.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 10
e2e_config
e2e_start

run() { e2e_run "$@"; }
# within GOT LO HI WHAT
within() {
	[ -n "$1" ] && [ "$1" != null ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
	ok $? "$4 ($1, expected $2..$3)"
}

r=$(run python 'import time
t = time.process_time()
while time.process_time() - t < 0.5:
    pass')
within "$(e2e_field "$r" .cpuTimeMs)" 500 900 "a 500 ms busy loop in python: cpuTimeMs"

r=$(run python 'import subprocess, sys
subprocess.run([sys.executable, "-c", """
import time
t = time.process_time()
while time.process_time() - t < 0.4:
    pass
"""])')
within "$(e2e_field "$r" .cpuTimeMs)" 400 1000 "a child's 400 ms busy loop counts in its parent's run: cpuTimeMs"

r=$(run python 'x = b"\1" * (100 * 1024 * 1024)
print(len(x))' '{"memoryLimitMb": 256}')
is "$(e2e_field "$r" .status)" ok "a python program holding 100 MiB runs under a 256 MiB limit"
within "$(e2e_field "$r" .memoryPeakKb)" 102400 163840 "its memoryPeakKb is 100 MiB and the interpreter"

r=$(run python 'import subprocess, sys
subprocess.run([sys.executable, "-c", "x = b\"\\1\" * (60 * 1024 * 1024)"])' \
    '{"memoryLimitMb": 256}')
within "$(e2e_field "$r" .memoryPeakKb)" 61440 122880 "a child holding 60 MiB sets the run's memoryPeakKb"

r=$(run python 'print("hi")')
within "$(e2e_field "$r" .memoryPeakKb)" 1000 60000 "hello world in python: memoryPeakKb is the interpreter's few MiB"
within "$(e2e_field "$r" .cpuTimeMs)" 0 400 "hello world in python: cpuTimeMs is its start-up"

r=$(run javascript 'const b = Buffer.alloc(80 * 1024 * 1024, 1); console.log(b.length)' \
    '{"memoryLimitMb": 256}')
within "$(e2e_field "$r" .memoryPeakKb)" 81920 200000 "node holding 80 MiB: memoryPeakKb"

r=$(run ruby 's = "x" * (50 * 1024 * 1024); puts s.size' '{"memoryLimitMb": 256}')
within "$(e2e_field "$r" .memoryPeakKb)" 51200 150000 "ruby holding 50 MiB: memoryPeakKb"

r=$(run python 'import time
t = time.process_time()
while True:
    pass' '{"timeoutMs": 600}')
within "$(e2e_field "$r" .cpuTimeMs)" 100 1000 "a busy loop ended at its 600 ms deadline still reports the CPU time it had"
finish
