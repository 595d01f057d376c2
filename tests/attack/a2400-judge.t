#!/bin/sh
# Hostile code against a batch of tests (docs/protocol.md, "Tests";
# docs/security.md, "Between the tests of a batch"): one test tries to
# leave something for the next (a process, files it locked away, the
# kept copy of the working directory itself, a tree too deep to walk),
# or to make runbox return a host file.  Each test must start from the
# same working directory with nothing running, and the worst a test can
# do is end its own batch with a clear report.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 10
e2e_config
e2e_start

# Test 1 attacks, test 2 looks.  The snapshot is the handoff's memory
# files: /proc/1/fd is closed to the program.
atk_run 'import os, subprocess, sys
me = sys.stdin.read()
if me == "attack":
    fds = []
    for n in range(64):
        try:
            fds.append(os.open("/proc/1/fd/%d" % n, os.O_RDWR))
        except OSError:
            pass
    print("opened", len(fds))
    subprocess.Popen(["sh", "-c", "sleep 0.3; echo late > /tmp/late; sleep 30"],
        start_new_session=True, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.makedirs("locked/in")
    open("locked/in/f", "w").write("x")
    os.chmod("locked/in", 0)
    os.chmod("locked", 0)
    open("main.py", "a").write("\nprint(\"planted\")\n")
    os.mkfifo("/dev/shm/fifo")
else:
    import time
    time.sleep(0.5)
    procs = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    print(len(procs), sorted(os.listdir(".")), sorted(os.listdir("/dev/shm")),
        os.path.exists("/tmp/late"))' \
    '{"tests": [{"input": "attack"}, {"input": "look"}, {"input": "look"}]}'
is "$(atk_get '[.status, [.tests[].status]]|@json')" '["ok",["ok","ok","ok"]]' \
    "a batch whose first test attacks the next ones runs all three"
is "$(atk_get '.tests[0].stdout')" "opened 0" \
    "no fd of the handoff (the kept copy among them) can be opened through /proc/1/fd"
is "$(atk_get '[.tests[1].stdout, .tests[2].stdout] | unique | @json')" \
    "[\"2 ['main.py'] [] False\\n\"]" \
    "the next tests see only the code, unchanged, an empty /dev/shm, nothing running (pid 1 and themselves)"

# A tree deeper than the handoff can walk with its open files (256):
# what the test did is reported, the batch ends there, clearly.
atk_run 'import os
if input() == "deep":
    for i in range(400):
        os.mkdir("d")
        os.chdir("d")
    print("deep")
else:
    print("fine")' '{"tests": [{"input": "deep"}, {"input": "x"}, {"input": "y"}]}'
is "$(atk_get '[.tests[0].status, .tests[0].stdout]|@json')" '["ok","deep\n"]' \
    "a test that leaves 400 nested directories has its own result"
like "$(atk_get '[.tests[1].status, .tests[1].stderr]|@json')" \
    'runtime_error.*runbox-handoff.*(Too many open files|working directory)' \
    "the next test is a runtime_error saying the working directory could not be put back"
is "$(atk_get '[.status, .tests[2].status]|@json')" '["runtime_error","skipped"]' \
    "the batch ends there: the status says so, the last test is skipped"
atk_alive "a working directory too deep to put back"

# The files of returnFiles go through no link, not even one the kept
# copy would put back.
atk_run 'import os
os.symlink("/etc/shadow", "s")
print(input())' '{"tests": [{"input": "a"}, {"input": "b"}], "returnFiles": ["s"]}'
is "$(atk_get '[.status, .files[0].type, .files[0].contentBase64]|@json')" \
    '["ok","symlink",null]' "a link made by every test is still not followed"
atk_next_ok "the batch attacks"
atk_finish_clean
finish
