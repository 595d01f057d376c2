#!/bin/sh
# Hostile code, network: the container has no network (NetworkMode none,
# NetworkDisabled).  Everything is checked from inside without sending a
# packet off the machine: UDP connect() only picks a route.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 12
e2e_config
e2e_start

code='import errno, json, os, socket, sys
res = {}
res["dev"] = sorted(l.split(":")[0].strip()
    for l in open("/proc/net/dev").read().splitlines()[2:])
res["sys"] = sorted(os.listdir("/sys/class/net"))
res["route"] = open("/proc/net/route").read().splitlines()[1:]
res["route6"] = sorted(set(l.split()[-1]
    for l in open("/proc/net/ipv6_route").read().splitlines()))
def conn(fam, typ, addr):
    s = socket.socket(fam, typ)
    s.settimeout(2)
    try:
        s.connect(addr)
        return "connected"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e))
    finally:
        s.close()
res["udp4"] = conn(socket.AF_INET, socket.SOCK_DGRAM, ("1.1.1.1", 53))
res["udp6"] = conn(socket.AF_INET6, socket.SOCK_DGRAM, ("2606:4700:4700::1111", 53))
res["tcp_bridge"] = conn(socket.AF_INET, socket.SOCK_STREAM, ("172.17.0.1", 2375))
res["tcp_hostlo"] = conn(socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", int(sys.argv[1])))
res["sockets"] = [p for p in ("/var/run/docker.sock", "/run/docker.sock",
    "/run/containerd/containerd.sock") if os.path.exists(p)]
print(json.dumps(res))'
atk_run "$code" "$(jq -nc --arg p "$PORT" '{args: [$p]}')"
j=$(atk_out)
diag "network as the program sees it: $j"
is "$(atk_get .status)" ok "the network probe runs"
is "$(printf '%s' "$j" | jq -c .dev)" '["lo"]' "/proc/net/dev lists only lo"
is "$(printf '%s' "$j" | jq -c .sys)" '["lo"]' "/sys/class/net holds only lo"
is "$(printf '%s' "$j" | jq -c .route)" '[]' "there is no IPv4 route at all (/proc/net/route is empty)"
is "$(printf '%s' "$j" | jq -c .route6)" '["lo"]' "every IPv6 route is on lo"
is "$(printf '%s' "$j" | jq -r .udp4)" ENETUNREACH "a UDP connect to 1.1.1.1:53 fails with ENETUNREACH"
is "$(printf '%s' "$j" | jq -r .udp6)" ENETUNREACH "a UDP connect to an IPv6 resolver fails with ENETUNREACH"
is "$(printf '%s' "$j" | jq -r .tcp_bridge)" ENETUNREACH "the docker0 bridge address (172.17.0.1) is unreachable"
is "$(printf '%s' "$j" | jq -r .tcp_hostlo)" ECONNREFUSED \
    "127.0.0.1 inside is the container's own loopback: runbox's listener on the host's is not there"
is "$(printf '%s' "$j" | jq -c .sockets)" '[]' "no docker or containerd socket exists inside"

atk_mine_gone "the network probe"
atk_finish_clean
finish
