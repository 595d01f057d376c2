#!/bin/sh
# runbox --doctor (runbox(8)): one line per check, OK or FAIL with a hint,
# exit 1 on any FAIL.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 31
printf 'alice:s3cret\n' >"$T/keys"
chmod 600 "$T/keys"
e2e_config "keys_file $T/keys"
out=$("$RUNBOX" --doctor --config "$T/runbox.conf")
is $? 0 "a healthy host passes --doctor"
for what in config keys state engine runtime cgroups limits swap \
    "language python" "language javascript" "language ruby" \
    "language pypy" "language bash" "language perl" "language php" \
    "language lua"; do
	like "$out" "^OK   $what: " "--doctor checks $what"
done
like "$out" '^OK   language lua: image runbox-lua present \(Lua 5\.[0-9.]*, recipe [0-9a-f]{16}\)' \
    "--doctor shows an image's runtime version (its runbox.version label)"
is "$(printf '%s\n' "$out" | grep -vc '^\(OK  \|FAIL\) ')" 0 \
    "every line starts with OK or FAIL"
like "$out" "^OK   engine: Docker [0-9][^ ]*, API 1\.[0-9]+ \(oldest 1\.[0-9]+\); runbox asks for API 1\.41; at $E2E_DOCKER_SOCKET\$" \
    "the engine line: its version, its API version and oldest, the API runbox asks for"
# The layout as this test sees /sys/fs/cgroup.
case $(stat -f -c %T /sys/fs/cgroup)/$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null) in
cgroup2fs/*) layout='unified layout \(cgroup v2 only\)' ;;
tmpfs/cgroup2fs) layout='hybrid layout \(cgroup v1 hierarchies, cgroup v2 on /sys/fs/cgroup/unified\)' ;;
*) layout='legacy layout \(cgroup v1 hierarchies only\)' ;;
esac
like "$out" "^OK   cgroups: $layout; the engine uses cgroup v[12], driver (cgroupfs|systemd)\$" \
    "the cgroups line names this host's layout and the engine's cgroup version and driver"
like "$out" '^OK   limits: the engine can limit memory, processes and CPU$' \
    "the limits line: the engine can enforce every limit a run asks for"

# An engine that cannot limit memory or processes (a kernel without the
# controllers) cannot be had here on demand: a proxy in front of the
# real engine answers /info with MemoryLimit and PidsLimit false and
# passes everything else through.  The only fake in this file.
cat >"$T/proxy.py" <<'EOF'
import http.client, http.server, json, socket, socketserver, sys

class Conn(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(sys.argv[2])

class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_GET(self):
        c = Conn("localhost")
        c.request("GET", self.path)
        r = c.getresponse()
        body = r.read()
        if self.path.endswith("/info") and r.status == 200:
            info = json.loads(body)
            info["MemoryLimit"] = info["PidsLimit"] = False
            body = json.dumps(info).encode()
        self.send_response(r.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

class S(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    def get_request(self):
        s, _ = super().get_request()
        return s, ("local", 0)

S(sys.argv[1], H).serve_forever()
EOF
python3 "$T/proxy.py" "$T/proxy.sock" "$E2E_DOCKER_SOCKET" 2>"$T/proxy.log" &
proxy=$!
i=0
until [ -S "$T/proxy.sock" ] || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
e2e_config "docker_socket $T/proxy.sock"
out=$("$RUNBOX" --doctor --config "$T/runbox.conf")
is $? 1 "an engine that cannot limit memory fails --doctor"
like "$out" '^FAIL limits: the engine cannot limit memory, processes, which every run asks for \(hint: the memory controller: .*cgroup_enable=memory.*; the pids controller' \
    "the limits line names what the engine cannot limit, with a hint for each"
like "$out" '^OK   engine: Docker ' "what the proxy passes through is as before"
kill "$proxy"


e2e_config "docker_socket $T/nothing.sock" \
    "language python runbox-no-such-image main.py python3 main.py" \
    "state_file $T/no/such/dir/state"
out=$("$RUNBOX" --doctor --config "$T/runbox.conf")
is $? 1 "a broken host fails --doctor"
like "$out" "^FAIL engine: .*hint" "an unreachable engine is a FAIL with a hint"
like "$out" "^FAIL state: .*hint" "an unusable state file is a FAIL with a hint"
e2e_config "language python runbox-no-such-image main.py python3 main.py"
out=$("$RUNBOX" --doctor --config "$T/runbox.conf")
like "$out" "^FAIL language python: image runbox-no-such-image .*make images" \
    "a missing image is a FAIL that says how to build it"
e2e_config "runtime runbox-no-such-runtime"
out=$("$RUNBOX" --doctor --config "$T/runbox.conf")
like "$out" '^FAIL runtime: runbox-no-such-runtime is not known to the engine \(it knows .*runc.*\) \(hint: add it under "runtimes" in /etc/docker/daemon.json, then reload dockerd' \
    "a runtime the engine does not know is a FAIL that lists the known ones and says how to register one"
printf 'runtime_is_missing x\n' >"$T/bad.conf"
out=$("$RUNBOX" --doctor --config "$T/bad.conf" 2>/dev/null)
like "$out" "^FAIL config: .*bad.conf:1" "a bad config file is a FAIL naming file and line"
finish
