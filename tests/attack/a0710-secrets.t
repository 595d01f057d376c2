#!/bin/sh
# Hostile code looking for secrets: runbox's environment, its keys, its
# config and state paths, the docker socket.  runbox here has a keys file
# and config under $T and a marker in its own environment; nothing of it
# may be readable in the container (Env is set whole, nothing is mounted
# from the host but what the engine itself needs).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 17
MARKER=runbox-marker-$$-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
SECRET=k-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf 'alice:%s\n' "$SECRET" >"$T/keys"
chmod 600 "$T/keys"
e2e_config "keys_file $T/keys"
# systemd-socket-activate passes on only a few variables of its own
# environment (PATH, HOME, TERM, LISTEN_*), so a wrapper puts the marker
# into runbox's environment and execs it.
cat >"$T/runbox-env" <<WRAPPER
#!/bin/sh
SECRET_MARKER=$MARKER exec "$RUNBOX" "\$@"
WRAPPER
chmod 755 "$T/runbox-env"
RUNBOX_REAL=$RUNBOX
RUNBOX=$T/runbox-env
e2e_start
RUNBOX=$RUNBOX_REAL
ATK_EXTRA=$(jq -nc --arg k "$SECRET" '{key: $k}')

# Dump whatever might hold a secret, then stay a moment so that the host
# side can look at the runbox process serving it.
code='import json, os, socket, time
def rd(p):
    try:
        with open(p, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except OSError as e:
        return "unreadable: " + e.strerror
res = {"env": dict(os.environ), "hostname": socket.gethostname()}
for p in ("/proc/self/environ", "/proc/self/cmdline", "/proc/self/mountinfo",
        "/proc/mounts", "/proc/self/cgroup", "/proc/1/environ", "/proc/1/cmdline",
        "/etc/hostname", "/etc/hosts", "/etc/resolv.conf"):
    res[p] = rd(p)
res["procs"] = {d: [rd("/proc/%s/cmdline" % d), rd("/proc/%s/environ" % d)]
    for d in os.listdir("/proc") if d.isdigit()}
res["pid1_env_names"] = sorted(v.split("=", 1)[0]
    for v in res["/proc/1/environ"].split("\0") if "=" in v)
res["sockets"] = [p for p in ("/var/run/docker.sock", "/run/docker.sock")
    if os.path.exists(p)]
res["tmp"] = sorted(os.listdir("/tmp"))
print(json.dumps(res), flush=True)
time.sleep(1.5)'
atk_py "$code" >"$T/request"
echo request >>"$T/requests"
e2e_send <"$T/request" >"$T/reply" &
client=$!
# The positive control: the marker is in the environment of the runbox
# process serving this very request.
found=no
i=0
while [ $i -lt 40 ] && [ $found = no ]; do
	for pid in $(pgrep -P "$E2E_PID"); do
		tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null |
		    grep -qx "SECRET_MARKER=$MARKER" && found=yes
	done
	i=$((i + 1))
	sleep 0.05
done
wait "$client"
is "$found" yes "runbox itself runs with SECRET_MARKER in its environment (the control)"
is "$(atk_get .status)" ok "the secret-hunting probe runs (with the key)"
j=$(atk_out)
diag "environment inside: $(printf '%s' "$j" | jq -c .env)"
diag "/proc/1/cmdline: $(printf '%s' "$j" | jq -c '.["/proc/1/cmdline"]')"
diag "mounts from the host: $(printf '%s' "$j" | jq -r '.["/proc/self/mountinfo"]' | awk '$4 != "/" && $4 !~ /^\/docker\// {print $4 " on " $5}' | tr '\n' ' ')"

is "$(printf '%s' "$j" | jq -Sc .env)" \
    '{"HOME":"/tmp","HOSTNAME":"runbox","LANG":"C.UTF-8","PATH":"/usr/local/bin:/usr/bin:/bin"}' \
    "the program's environment is exactly PATH, HOME, LANG and the engine's HOSTNAME"
# The init (runbox-handoff) is non-dumpable: its environ is root's to read.
is "$(printf '%s' "$j" | jq -r '.["/proc/1/environ"]')" \
    "unreadable: Permission denied" \
    "the container's init (pid 1) does not even show its environment"
is "$(printf '%s' "$j" | jq -r .hostname)" runbox "the host name inside is runbox"
grep -qF "$MARKER" "$T/reply"
ok $((!$?)) "runbox's environment (SECRET_MARKER) is nowhere the program can read"
grep -qF "$SECRET" "$T/reply"
ok $((!$?)) "the client's key is nowhere the program can read"
grep -qF "$T" "$T/reply"
ok $((!$?)) "runbox's config, keys and state directory ($T) appear in no mount or process"
printf '%s' "$j" | jq -r '.["/proc/self/mountinfo"], .["/proc/mounts"]' |
    grep -qE '/etc/runbox|/var/lib/runbox|docker\.sock|containerd'
ok $((!$?)) "no mount inside comes from /etc/runbox, /var/lib/runbox or the engine's sockets"
is "$(printf '%s' "$j" | jq -c .sockets)" '[]' \
    "neither /var/run/docker.sock nor /run/docker.sock exists inside"
is "$(printf '%s' "$j" | jq -c '.procs | keys | length')" 2 \
    "the program sees only its own process and the container's init"
is "$(printf '%s' "$j" | jq -c .tmp)" '["main.py"]' \
    "the working directory holds the program's file and nothing from the host"
printf '%s' "$j" | jq -r '.["/proc/1/cmdline"]' | grep -q 'print\|sleep'
ok $((!$?)) "the code itself is not on the container's command line"

# The same probe without the key is refused before any container.
ATK_EXTRA='{}'
atk_run 'print(1)'
is "$(atk_get .error)" unauthorized "a request without the key is refused"
ATK_EXTRA=$(jq -nc --arg k "$SECRET" '{key: $k}')
atk_next_ok "the secret hunt"

atk_mine_gone "the secret hunt"
atk_finish_clean
finish
