#!/bin/sh
# Hostile HTTP (docs/http.md, "The request on the wire"): request
# smuggling shapes, floods, malformed and slow requests.  Each gets a
# clear error response or the documented behaviour, never a crash, a
# hang past read_timeout_ms, or a container.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 23
e2e_need python3
e2e_config "read_timeout_ms 1500" "max_header_bytes 2048" "max_request_bytes 65536" \
    "max_code_bytes 60000"
e2e_start

# raw BYTES [DELAY_S [KEEP]]: send BYTES (Python escapes) over one
# connection, a byte every DELAY_S seconds when not 0, then half-close
# (not with KEEP: the sending side stays open); print the status code of
# the response (or "none"), the time it took in ms and its body.
raw() {
	python3 - "$PORT" "$1" "${2:-0}" "${3:-}" <<'EOF'
import socket, sys, time
port, data, delay = int(sys.argv[1]), sys.argv[2].encode().decode("unicode_escape").encode("latin-1"), float(sys.argv[3])
keep = sys.argv[4] == "keep"
s = socket.create_connection(("127.0.0.1", port))
t = time.monotonic()
try:
    if delay:
        for b in data:
            s.sendall(bytes([b]))
            time.sleep(delay)
    else:
        s.sendall(data)
    if not keep:
        s.shutdown(socket.SHUT_WR)
except OSError:
    pass
out = b""
s.settimeout(10)
try:
    while True:
        c = s.recv(65536)
        if not c:
            break
        out += c
except OSError:
    pass
ms = int((time.monotonic() - t) * 1000)
line = out.split(b"\r\n", 1)[0].decode("latin-1")
code = line.split(" ")[1] if line.startswith("HTTP/1.1 ") else "none"
body = out.split(b"\r\n\r\n", 1)[1].decode("latin-1") if b"\r\n\r\n" in out else ""
print(code, ms, body.replace("\n", " ")[:200])
EOF
}
RUN='{"language":"python","code":"print(1)"}'
: >"$T/reply"
LEN=$(printf %s "$RUN" | wc -c)

r=$(raw "POST /run HTTP/1.1\r\nHost: x\r\nContent-Length: $LEN\r\nContent-Length: $LEN\r\n\r\n$RUN")
like "$r" '^400 ' "two Content-Length fields: 400"
r=$(raw "POST /run HTTP/1.1\r\nHost: x\r\nContent-Length: $LEN\r\nTransfer-Encoding: chunked\r\n\r\n$RUN")
like "$r" '^(400|411) ' "Transfer-Encoding with Content-Length: refused ($r)"
r=$(raw "POST /run HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${LEN}\r\n$RUN\r\n0\r\n\r\n")
like "$r" '^411 ' "chunked alone: 411 Length Required"
r=$(raw "POST /run HTTP/1.1\r\nHost: x\r\nContent-Length: $LEN\r\n\r\n${RUN}GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
like "$r" '^400 ' "bytes after the body (a second, smuggled request): 400, not two answers"
r=$(raw "POST /run HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n$RUN")
like "$r" '^400 ' "a body longer than declared: 400"
r=$(raw "POST /run HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n$RUN" 0 keep)
like "$r" '^408 .*read_timeout' "a body shorter than declared, the connection kept open: 408 at read_timeout_ms"
r=$(raw "POST /run HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n$RUN")
like "$r" '^400 .*closed' "a body shorter than declared, then the client's end: 400 at once"

i=0 flood=""
while [ $i -lt 300 ]; do flood="${flood}X-A$i: b\r\n"; i=$((i + 1)); done
r=$(raw "GET /health HTTP/1.1\r\nHost: x\r\n$flood\r\n")
like "$r" '^431 ' "a flood of 300 small headers past max_header_bytes: 431"
long=$(head -c 4000 /dev/zero | tr '\0' a)
r=$(raw "GET /$long HTTP/1.1\r\nHost: x\r\n\r\n")
like "$r" '^431 ' "an overlong request line: 431"
r=$(raw "GET /health HTTP/1.1\nHost: x\n\n")
like "$r" '^(200|400) ' "bare LF line ends: the documented answer ($r)"
r=$(raw "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n")
like "$r" '^400 ' "a NUL in a header: 400"
r=$(raw "DELETE /run HTTP/1.1\r\nHost: x\r\n\r\n")
like "$r" '^405 ' "DELETE: 405"
r=$(raw "BREW /run HTTP/1.1\r\nHost: x\r\n\r\n")
like "$r" '^400 ' "a method http-parser does not know: 400"
r=$(raw "GET /health HTTP/2.0\r\nHost: x\r\n\r\n")
like "$r" '^(400|505) ' "HTTP/2.0 in the request line: refused ($r)"
r=$(raw "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
like "$r" '^(400|505) ' "the HTTP/2 preface: refused ($r)"
r=$(raw "POST /run HTTP/1.1\r\nHost: x\r\nContent-Length: $LEN\r\nExpect: 100-continue\r\n\r\n$RUN")
like "$r" '^100 ' "Expect: 100-continue is answered 100 first"
r=$(raw "POST /run HTTP/1.1\r\nHost: x\r\nContent-Length: $LEN\r\nExpect: teapot\r\n\r\n$RUN")
like "$r" '^417 ' "another Expect: 417"

# Slow headers: cut off at read_timeout_ms (1.5 s), not later.
r=$(raw "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n" 0.1)
code=${r%% *} ms=$(echo "$r" | cut -d' ' -f2)
ok $([ "$code" = 408 ] && [ "$ms" -lt 3000 ] && echo 0 || echo 1) \
    "slow headers: 408 at read_timeout_ms ($code after $ms ms)"
r=$(raw "GET /health HTTP/1.1\r\nHost: x\r\n")
like "$r" '^(400|408) ' "a request cut off before its blank line: refused ($r)"

is "$(e2e_leftovers)" 0 "no container was started by any of them"
atk_alive "hostile HTTP"
atk_next_ok "hostile HTTP"
atk_finish_clean
finish
