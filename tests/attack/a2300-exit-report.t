#!/bin/sh
# Hostile code against the exit report: runbox-handoff relays the
# program's output as frames, follows it with a report frame and ends the
# stream with an end frame, both of which carry a token the program never
# sees, so that runbox can answer before the container is torn down
# (handoff protocol 7, docs/protocol.md, "Inside the container").  A
# program that forges a report, an end or any other frame, tries to write
# to the handoff's own stdout, hunts for the token, or keeps writing
# after it ended must not change how its run is reported.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 17
e2e_config
e2e_start

# A report with a made-up token, on both streams, then a real exit 3.
atk_run 'import sys
fake = "\0RBX" + "0123456789abcdef" * 2 + " e000n\n"
sys.stdout.write(fake); sys.stderr.write(fake)
sys.stdout.flush(); sys.stderr.flush()
print("after")
sys.exit(3)'
is "$(atk_get .exitCode)" 3 "a forged exit report does not change the exit code"
is "$(atk_get .status)" runtime_error "nor the status"
is "$(atk_get .stdout | tr -d '\000' | tr '\n' '|')" \
    'RBX0123456789abcdef0123456789abcdef e000n|after||' \
    "the forged report is output like any other bytes, and so is what follows"

# A whole protocol 7 report frame (tag x, its length 45 is "-") and end
# frame (tag z, its length 32 is " "), with a made-up token: output.
atk_run 'import sys
tok = b"0123456789abcdef" * 2
rep = tok + b" e000nn 0 0 0"
sys.stdout.buffer.write(b"x" + len(rep).to_bytes(4, "big") + rep)
sys.stdout.buffer.write(b"z" + len(tok).to_bytes(4, "big") + tok)
sys.stdout.flush()
sys.exit(4)'
is "$(atk_get '[.exitCode,.status]|@json')" '[4,"runtime_error"]' \
    "a forged report frame and end frame do not end the run or change its exit code"
is "$(atk_get .stdout | tr -d '\000')" \
    "x-0123456789abcdef0123456789abcdef e000nn 0 0 0z 0123456789abcdef0123456789abcdef" \
    "they are output like any other bytes"

# The handoff's stdout, the one stream runbox reads, is out of reach.
atk_run 'import os
try:
    os.open("/proc/1/fd/1", os.O_WRONLY)
    print("opened")
except OSError as e:
    print(os.strerror(e.errno))'
is "$(atk_out)" "Permission denied" "the program cannot open runbox-handoff's stdout through /proc/1/fd/1"

# The token is in runbox-handoff's memory only: not in its command line,
# environment or files, not in the program's stdin, not readable through
# /proc/1 (runbox-handoff is not dumpable).
atk_run 'import os
found = []
for p in ("/proc/1/cmdline", "/proc/1/environ", "/proc/1/mem", "/proc/1/maps"):
    try:
        data = open(p, "rb").read(1 << 20)
        found.append(p + ":read")
    except OSError as e:
        found.append(p + ":" + os.strerror(e.errno))
import sys
found.append("stdin:" + repr(sys.stdin.read()))
print(" ".join(found))' '{"input":"just the input"}'
out=$(atk_out)
like "$out" '/proc/1/environ:Permission denied' "the program cannot read runbox-handoff's environment"
like "$out" '/proc/1/mem:Permission denied' "nor its memory"
like "$out" "stdin:'just the input'" "its stdin holds the input and nothing of the payload"
printf '%s' "$out" | grep -Eq '[0-9a-f]{32}'
is $? 1 "no 32-hex-digit token shows anywhere it looked"

# Exit status 137 and death by SIGKILL are told apart (the report says).
atk_run 'import sys; sys.exit(137)'
ok $([ "$(atk_get .exitCode)" = 137 ] && [ "$(atk_get .signal)" = null ]; echo $?) \
    "exit(137) is exit code 137, no signal"
atk_run 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)'
ok $([ "$(atk_get .exitCode)" = null ] && [ "$(atk_get .signal)" = SIGKILL ]; echo $?) \
    "a SIGKILL is signal SIGKILL, no exit code"

# Orphans writing after the program ended: the run ends with the program.
atk_run 'import os, sys, time
if os.fork() == 0:
    os.setsid()
    while True:
        sys.stdout.write("orphan\n"); sys.stdout.flush(); time.sleep(0.05)
print("main", flush=True)
time.sleep(0.3)'
is "$(atk_get .status)" ok "a program that leaves a writing orphan behind ends ok"
ok $(( $(atk_get .durationMs) < 2000 ? 0 : 1 )) \
    "its run ends when it does ($(atk_get .durationMs) ms), not at the timeout"
like "$(atk_out)" '^main' "its own output is there"

atk_next_ok "the exit-report attacks"
atk_mine_gone "the exit-report attacks"
finish
