#!/bin/sh
# Hostile code planting traps for whoever touches the container after it:
# symlinks in the working directory, /tmp and /dev/shm named like the
# program's files and runbox's own, pointing at host paths (runbox's
# config, keys and state under $T, /etc/passwd, the docker socket) and at
# /proc/1/root.  runbox never opens a path of the container (code and
# input go in through the attach stream, the container is removed through
# the API), so the reply is normal and nothing on the host changes.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 10
printf 'alice:k-%s\n' "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" >"$T/keys"
chmod 600 "$T/keys"
e2e_config "keys_file $T/keys"
e2e_start
ATK_EXTRA=$(jq -nc --arg k "$(cut -d: -f2 "$T/keys")" '{key: $k}')

snapshot() {
	(cd "$T" && ls -la keys runbox.conf && sha256sum keys runbox.conf) 2>&1
	sha256sum /etc/passwd
	ls -la /var/run/docker.sock
}
# One plain run first, so that runbox's state file and the test's own
# request and reply files exist before the snapshot.
atk_run 'print(1)'
before=$(snapshot)
ls "$T" >"$T/.files-before"

# plant: the links, then (with "wait") stay until the deadline kill.
code='import os, sys
T = sys.argv[1]
links = {
    "main.py": "/etc/passwd", ".runbox": "/proc/1/root", "stdin": "/etc/shadow",
    "input": T + "/keys", "state": T + "/state", "runbox.conf": T + "/runbox.conf",
    "keys": T + "/keys", "runbox.log": T + "/runbox.log",
    "docker.sock": "/var/run/docker.sock", "root": "/proc/1/root/",
    "hostname": "/etc/hostname", "reply": T + "/reply",
}
made = 0
for d in ("/tmp", "/dev/shm"):
    for name, target in links.items():
        p = os.path.join(d, name)
        try:
            os.unlink(p)
        except OSError:
            pass
        os.symlink(target, p)
        made += 1
os.mkfifo("/tmp/fifo")
os.symlink("/tmp", "/tmp/loop")
print("planted", made, flush=True)
if sys.argv[2] == "wait":
    import time
    time.sleep(3600)'
atk_run "$code" "$(jq -nc --arg t "$T" '{args: [$t, "exit"]}')"
is "$(atk_get '[.status,.stdout]|@json')" '["ok","planted 24\n"]' \
    "a program that plants symlinks to host paths and exits gets a normal ok reply"
atk_run "$code" "$(jq -nc --arg t "$T" '{args: [$t, "wait"], timeoutMs: 1500}')"
is "$(atk_get '[.status,.stdout]|@json')" '["timeout","planted 24\n"]' \
    "a program that plants them and waits is killed at its deadline as usual"
[ "$ATK_MS" -lt 4000 ]
ok $? "the planted links do not delay the reply (took $ATK_MS ms)"

atk_mine_gone "the symlink planting"
is "$(snapshot)" "$before" \
    "runbox's config and keys, /etc/passwd and the docker socket on the host are unchanged"
ls "$T" >"$T/.files-after"
is "$(comm -13 "$T/.files-before" "$T/.files-after" | grep -v '^\.files-' | tr '\n' ' ')" "" \
    "no new file appeared in runbox's directory on the host"
[ ! -L "$T/state" ] && [ ! -L "$T/keys" ] && [ ! -L "$T/runbox.conf" ]
ok $? "runbox's own files on the host are still plain files, not links"
atk_next_ok "the symlink planting"
# The state file still works: admission runs through it on every request.
atk_next_ok "the symlink planting, again"

atk_finish_clean
finish
