#!/bin/sh
# What the program finds inside its container (docs/security.md).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 12
e2e_config
e2e_start

code='import json, os, socket
res = {}
res["uid"] = os.getuid()
st = dict(l.split(":\t", 1) for l in open("/proc/self/status").read().splitlines() if ":\t" in l)
res["capeff"] = st["CapEff"].strip()
res["nnp"] = st["NoNewPrivs"].strip()
def can_write(path):
    try:
        with open(path, "w") as f:
            f.write("x")
        return True
    except OSError:
        return False
res["root_rw"] = can_write("/runbox-probe")
res["etc_rw"] = can_write("/etc/runbox-probe")
res["tmp_rw"] = can_write("/tmp/runbox-probe")
res["cwd_rw"] = can_write("probe")
try:
    socket.create_connection(("1.1.1.1", 53), timeout=1)
    res["net"] = True
except OSError:
    res["net"] = False
res["ifaces"] = sorted(n for _, n in socket.if_nameindex())
res["hostname"] = socket.gethostname()
res["env"] = sorted(os.environ)
print(json.dumps(res))'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r" .status)" ok "the sandbox probe runs"
j=$(e2e_field "$r" .stdout)
[ "$(printf '%s' "$j" | jq .uid)" -ne 0 ] 2>/dev/null
ok $? "the program does not run as root"
is "$(printf '%s' "$j" | jq -r .capeff)" 0000000000000000 "the program has no capabilities"
is "$(printf '%s' "$j" | jq -r .nnp)" 1 "the program runs with no-new-privileges"
is "$(printf '%s' "$j" | jq -c '[.root_rw,.etc_rw]')" '[false,false]' \
    "the root file system is read-only"
is "$(printf '%s' "$j" | jq -c '[.tmp_rw,.cwd_rw]')" '[true,true]' \
    "/tmp and the working directory are writable"
is "$(printf '%s' "$j" | jq .net)" false "the program cannot open a network connection"
is "$(printf '%s' "$j" | jq -c .ifaces)" '["lo"]' "the container has only a loopback interface"
is "$(printf '%s' "$j" | jq -c .env)" '["HOME","HOSTNAME","LANG","PATH"]' \
    "the program's environment holds nothing from the host" || diag "$j"

# Each request gets a fresh container: nothing written survives.
code='import os
print(os.path.exists("/tmp/mark"))
open("/tmp/mark", "w").write("x")'
r1=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
r2=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r1" .stdout)$(e2e_field "$r2" .stdout)" FalseFalse \
    "a file written by one run is not there for the next (fresh container)"

# The tmpfs is size-limited (tmpfs_mb 16 by default).
code='try:
    open("big", "wb").write(b"x" * (40 * 1024 * 1024))
    print("wrote")
except OSError as e:
    print("refused")'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code,memoryLimitMb:128}')")
is "$(e2e_field "$r" .stdout)" refused "writing 40 MB to a 16 MB tmpfs is refused"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
