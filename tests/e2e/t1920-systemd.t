#!/bin/sh
# The units under a real systemd (README.md): systemd runs as PID 1 in a
# container (image from tests/systemd/mkbase.sh, built once), a fresh
# `make install DESTDIR=...` tree is copied in, and runbox.socket serves
# connections from the host and from inside, with the hardened
# runbox@.service, systemd's per-source connection limit, the reaper
# timer and ExecStopPost= removing the container of a killed instance.
# The sandbox containers are the engine's whose socket is mounted: the
# host's, or under make check-engine the engine under test
# (E2E_DOCKER_SOCKET), while the systemd container itself, the machine
# runbox runs on, is always the host engine's (mdocker).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
e2e_need make tar
for f in docs/runbox.8 docs/runbox.conf.5; do
	[ -f "$top/$f" ] || bail "$f is missing: make install installs it"
done
IMAGE=${RUNBOX_SYSTEMD_IMAGE:-runbox-systemd-test}
case $RUNBOX in
*/asan/*) skip_all "the machine runs what make install installs, build/runbox, as in the plain pass: nothing of the ASan build would run" ;;
esac
mdocker() { env -u DOCKER_HOST docker "$@"; }
C=runbox-t1920-$$
PORT=7000

cleanup() {
	for p in $HOLD; do kill "$p" 2>/dev/null; done
	# Stopping the instances removes their containers (SIGTERM, then
	# ExecStopPost=), should a failed check have left one running.
	timeout 30 env -u DOCKER_HOST docker exec "$C" systemctl stop runbox.socket \
	    'runbox@*.service' >/dev/null 2>&1
	mdocker rm -f "$C" >/dev/null 2>&1
	[ -n "$cname" ] && docker rm -f "$cname" >/dev/null 2>&1
	# The stale container of the reaper's check, should it still be there.
	docker ps -aq --filter label=runbox --filter label=runbox.t1920 |
	    xargs -r docker rm -f >/dev/null 2>&1
	docker rm -f "runbox-t1920-stale-$$" >/dev/null 2>&1
	e2e_cleanup
}
HOLD=
cname=
trap cleanup EXIT

plan 25

# The base image (1-2 minutes the first time, then reused).
DOCKER="env -u DOCKER_HOST docker" sh "$top/tests/systemd/mkbase.sh" "$IMAGE" >"$T/mkbase.log" 2>&1 ||
    bail "could not build the systemd image $IMAGE: $(tail -n 5 "$T/mkbase.log")"
make -C "$top" install DESTDIR="$T/root" PREFIX=/usr/local \
    >"$T/install.log" 2>&1 ||
    bail "make install DESTDIR=$T/root failed: $(tail -n 5 "$T/install.log")"

# --privileged is refused here; this is what systemd needs as PID 1.
mdocker run -d --name "$C" --label runbox-test=t1920 \
    --cap-add SYS_ADMIN --security-opt seccomp=unconfined \
    --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
    --tmpfs /run --tmpfs /run/lock \
    -v "$E2E_DOCKER_SOCKET":/var/run/docker.sock \
    "$IMAGE" /sbin/init >"$T/run.log" 2>&1 ||
    bail "docker run of $IMAGE failed: $(cat "$T/run.log")"
in_c() { mdocker exec -i "$C" "$@"; }
i=0
until st=$(in_c systemctl is-system-running 2>/dev/null) &&
    { [ "$st" = running ] || [ "$st" = degraded ]; }; do
	i=$((i + 1))
	[ $i -lt 100 ] || bail "systemd in $C did not come up (state: $st):" \
	    "$(mdocker logs "$C" 2>&1 | tail -n 5)"
	sleep 0.2
done
[ "$st" = running ] || diag "systemd is $st: $(in_c systemctl --failed --plain --no-legend)"

# The installed tree, the user, a docker group with the socket's gid (the
# service has SupplementaryGroups=docker), a key, a test config.
tar -C "$T/root" -c . | in_c tar -C / --no-overwrite-dir -x ||
    bail "could not copy the installed tree into $C"
gid=$(stat -c %g "$E2E_DOCKER_SOCKET")
in_c sh -es "$gid" >"$T/setup.log" 2>&1 <<'SETUP' ||
gid=$1
old=$(getent group "$gid" | cut -d: -f1)
if [ -n "$old" ]; then
	[ "$old" = docker ] || groupmod -n docker "$old"
else
	groupadd -g "$gid" docker
fi
useradd --system --user-group --no-create-home --home-dir /var/lib/runbox \
    --shell /usr/sbin/nologin runbox
chown runbox:runbox /etc/runbox/keys /var/lib/runbox
echo 'alice:s3cret' >/etc/runbox/keys
# Requests come back to back; a slow frame holds a connection; one run
# sleeps long enough to be killed.
sed -i -e 's/^rate_limit .*/rate_limit 1000 per 1s/' \
    -e 's/^read_timeout_ms .*/read_timeout_ms 15000/' \
    -e 's/^timeout_ms .*/timeout_ms 3000 max 60000/' /etc/runbox/runbox.conf
# The documented way to change the socket's limits: a drop-in.
mkdir -p /etc/systemd/system/runbox.socket.d
printf '[Socket]\nMaxConnectionsPerSource=2\n' \
    >/etc/systemd/system/runbox.socket.d/test.conf
systemctl daemon-reload
systemctl enable --now runbox.socket runbox-reap.timer
SETUP
    bail "setting up runbox in $C failed: $(tail -n 5 "$T/setup.log")"

IP=$(mdocker inspect -f '{{.NetworkSettings.IPAddress}}' "$C")
GW=$(mdocker inspect -f '{{.NetworkSettings.Gateway}}' "$C")
[ -n "$IP" ] && [ -n "$GW" ] || bail "no address for $C"
journal() { in_c journalctl --no-pager -o cat "$@" 2>/dev/null; }
# wait_journal EREGEX [JOURNALCTL-ARGS]: the first matching line
wait_journal() {
	re=$1
	shift
	i=0
	while :; do
		m=$(journal "$@" | grep -E -- "$re" | head -n 1)
		[ -n "$m" ] && { printf '%s\n' "$m"; return 0; }
		i=$((i + 1))
		[ $i -lt 50 ] || return 1
		sleep 0.1
	done
}
# Instances still count for MaxConnectionsPerSource= until they are gone
# (ExecStopPost= included): wait for the host's to be gone.
wait_host_idle() {
	i=0
	while [ "$(in_c systemctl list-units --plain --no-legend --all \
	    "runbox@*$GW*" | wc -l)" -gt 0 ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || return 1
		sleep 0.1
	done
}
host_req() {
	printf '%s' "$1" | "$TOOLS/rbclient" -w "${2:-30000}" "$IP" "$PORT"
}

is "$(in_c systemctl is-active runbox.socket)" active \
    "runbox.socket is listening under systemd"
is "$(in_c systemctl show -p MaxConnectionsPerSource --value runbox.socket)" 2 \
    "a drop-in overrides MaxConnectionsPerSource="

r=$(host_req '{"key":"s3cret","code":"print(6*7)"}')
is "$(e2e_field "$r" '[.status,.stdout]|@json')" '["ok","42\n"]' \
    "a request from the host to the container's port 7000 runs"
line=$(wait_journal "client=\"$GW\".*outcome=\"ok\"" -t runbox)
ok $? "the journal has runbox's line naming the host's address $GW and the outcome" ||
    diag "$(journal -t runbox | tail -n 5)"
like "$line" 'key="alice"' "the journal line names the key"

j='{"key":"s3cret","code":"print(input()[::-1])","input":"olleh\n"}'
r=$(printf '%d:%s,' "${#j}" "$j" | in_c nc -N 127.0.0.1 "$PORT")
like "$r" '^[0-9]+:\{.*\},$' "a request from inside (nc) gets one netstring back"
r=${r#*:}
r=${r%,}
is "$(e2e_field "$r" '[.status,.stdout]|@json')" '["ok","hello\n"]' \
    "the request from inside runs with its input"
wait_journal 'client="127\.0\.0\.1".*outcome="ok"' -t runbox >/dev/null
ok $? "the journal names the local client 127.0.0.1 (IPv4-mapped peer)"
r=$(host_req '{"key":"wrong","code":"print(1)"}')
is "$(e2e_field "$r" .error)" unauthorized "a wrong key is refused"
wait_journal "client=\"$GW\".*outcome=\"unauthorized\"" -t runbox >/dev/null
ok $? "the journal has the refusal's outcome"

# The instances that replied ended cleanly, ExecStopPost= included (an
# instance whose client leaves mid-frame exits 1: those come later).
wait_host_idle || diag "instances from the host are still there"
failed=$(journal | grep -E 'runbox@.*(Failed with result|status=[0-9]+/)')
is "$failed" "" "no instance that replied has failed (ExecStopPost= included)"
journal | grep -Eq 'runbox@.*Deactivated successfully'
ok $? "instances end with 'Deactivated successfully'"

# MaxConnectionsPerSource=2: two connections held open from the host with
# an unfinished frame, the third from the host is closed by systemd
# without a reply, one from another source is still served.
printf '30:' >"$T/partial"
for n in 1 2; do
	"$TOOLS/rbclient" -r -k -w 20000 "$IP" "$PORT" "$T/partial" \
	    >/dev/null 2>&1 &
	HOLD="$HOLD $!"
done
i=0
until [ "$(in_c systemctl list-units --plain --no-legend --state=running \
    "runbox@*$GW*" | wc -l)" -ge 2 ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || bail "the two held connections did not start instances"
	sleep 0.1
done
r=$(host_req '{"key":"s3cret","code":"print(1)"}' 5000 2>&1)
like "$r" 'closed without a reply' \
    "a third connection from the same source is closed by systemd, no reply"
wait_journal "Too many incoming connections \([0-9]+\) from source .*$GW" \
    -u runbox.socket >/dev/null
ok $? "systemd logs the connection it dropped for MaxConnectionsPerSource="
j='{"key":"s3cret","code":"print(2)"}'
r=$(printf '%d:%s,' "${#j}" "$j" | in_c nc -N 127.0.0.1 "$PORT")
r=${r#*:}
is "$(e2e_field "${r%,}" .stdout)" "2" \
    "another source is served while the host is at its limit"
for p in $HOLD; do kill "$p" 2>/dev/null; done
HOLD=
wait_host_idle || diag "instances from the host are still there"

# A long run: its instance is the hardened service, its container is
# named after the instance's invocation id, and killing the instance
# with SIGKILL still removes the container (ExecStopPost=).
j='{"key":"s3cret","code":"import time\ntime.sleep(60)","timeoutMs":60000}'
printf '%s' "$j" | "$TOOLS/rbclient" -w 90000 "$IP" "$PORT" \
    >"$T/long.out" 2>&1 &
long=$!
HOLD=$long
i=0
until cname=$(docker ps --filter label=runbox --filter status=running \
    --format '{{.Names}}' | grep '^runbox-') && [ -n "$cname" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || break
	sleep 0.1
done
[ -n "$cname" ] || bail "no runbox container for the long run:" \
    "$(cat "$T/long.out")" "$(journal | tail -n 8)"
inv=${cname#runbox-}
unit=
for u in $(in_c systemctl list-units --plain --no-legend --state=running \
    'runbox@*.service' | awk '{print $1}'); do
	[ "$(in_c systemctl show -p InvocationID --value "$u")" = "$inv" ] &&
	    unit=$u
done
[ -n "$unit" ]
ok $? "the container is named runbox-INVOCATION_ID of its running instance" ||
    diag "container $cname; instances: $(in_c systemctl list-units --plain --no-legend 'runbox@*')"
[ -n "$unit" ] || bail "no runbox@ instance has invocation id $inv"
props=$(in_c systemctl show -p ProtectSystem -p PrivateNetwork -p NoNewPrivileges \
    -p ProtectProc -p User -p RestrictAddressFamilies -p CapabilityBoundingSet \
    "$unit" | sort | tr '\n' ' ')
is "$props" "CapabilityBoundingSet= NoNewPrivileges=yes PrivateNetwork=yes ProtectProc=invisible ProtectSystem=strict RestrictAddressFamilies=AF_UNIX User=runbox " \
    "the serving instance has the hardening in force (systemctl show)"
pid=$(in_c systemctl show -p MainPID --value "$unit")
status=$(in_c cat "/proc/$pid/status" 2>/dev/null)
caps=$(printf '%s\n' "$status" | awk '/^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):/ {printf "%s%s ", $1, $2}')
is "$caps" "CapPrm:0000000000000000 CapEff:0000000000000000 CapBnd:0000000000000000 NoNewPrivs:1 Seccomp:2 " \
    "the runbox process has no capabilities, no-new-privileges and a seccomp filter"
# PrivateNetwork=yes: only lo in its network namespace (the container's
# own has eth0 too).
ifs=$(in_c cat "/proc/$pid/net/dev" | awk 'NR > 2 { printf "%s ", $1 }')
is "$ifs" "lo: " "the runbox process has a private network namespace (only lo)"
in_c systemctl kill -s KILL "$unit"
i=0
while docker ps -aq --filter "name=^$cname\$" | grep -q .; do
	i=$((i + 1))
	[ $i -lt 100 ] || break
	sleep 0.1
done
docker ps -aq --filter "name=^$cname\$" | grep -q .
ok $((!$?)) "after systemctl kill -s KILL, ExecStopPost removed $cname" ||
    diag "$(journal -u "$unit" | tail -n 5)"
wait "$long" 2>/dev/null
like "$(cat "$T/long.out")" 'closed without a reply' \
    "the killed instance's client gets no reply (connection closed)"
HOLD=

# The reaper: its timer is scheduled, and the service (started by hand)
# removes a runbox container past its deadline.
like "$(in_c systemctl list-timers --all --no-legend runbox-reap.timer)" \
    'runbox-reap\.timer +runbox-reap\.service' "runbox-reap.timer is scheduled"
docker create --name "runbox-t1920-stale-$$" --label runbox=1 \
    --label runbox.t1920=1 runbox-python true >/dev/null ||
    bail "could not create a stale container"
in_c systemctl start runbox-reap.service
ok $? "systemctl start runbox-reap.service succeeds" ||
    diag "$(journal -u runbox-reap.service | tail -n 5)"
docker ps -aq --filter "name=^runbox-t1920-stale-$$\$" | grep -q .
ok $((!$?)) "the hardened reaper removed a container past its deadline"

e2e_wait_clean 15
is "$(e2e_leftovers)" 0 "no runbox container is left on the host"
finish
