#!/bin/sh
# HTTP on the same socket (docs/http.md): one HTTP/1.1 request per
# connection, told from a netstring by its first bytes; POST /run, GET
# /health, GET /languages; keys in the body or the headers; refusals as
# status codes with runbox's JSON; through curl and Python's
# urllib.request and http.client.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 38
e2e_need curl python3
echo "alice:$(printf 's3cret-%.0s' 1 2 3)" >"$T/keys"
chmod 600 "$T/keys"
KEY=$(cut -d: -f2 "$T/keys")
e2e_config "keys_file $T/keys" "max_request_bytes 65536" "max_code_bytes 60000" \
    "max_header_bytes 2048"
e2e_start
URL="http://127.0.0.1:$PORT"

# hcurl [CURL-ARGS]: the body to $T/body, "CODE" on stdout.
hcurl() {
	curl -sS -o "$T/body" -w '%{http_code}' --max-time 20 "$@"
}
body() { jq -c "${1:-.}" "$T/body"; }
sbody() { jq -cS . "$T/body"; }

code=$(hcurl -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
    -d '{"language":"python","code":"print(6*7)"}' "$URL/run")
is "$code $(body '[.status, .stdout]')" '200 ["ok","42\n"]' \
    "curl: POST /run with X-API-Key runs the request: 200 and the result"
code=$(hcurl -H "Authorization: Bearer $KEY" \
    -d '{"language":"python","code":"print(input())","input":"hé\u0000!"}' "$URL/run")
is "$code $(body '.stdout')" '200 "hé\u0000!\n"' \
    "curl: Authorization: Bearer KEY; input byte for byte"
code=$(hcurl -d "{\"key\":\"$KEY\",\"language\":\"python\",\"code\":\"print(1)\"}" "$URL/run")
is "$code $(body '.stdout')" '200 "1\n"' "the key may travel in the body, as over a netstring"

code=$(hcurl -d '{"language":"python","code":"print(1)"}' "$URL/run")
is "$code $(body .error)" '401 "unauthorized"' "no key: 401 unauthorized"
code=$(hcurl -H 'X-API-Key: wrong' -d '{"language":"python","code":"print(1)"}' "$URL/run")
is "$code $(body .error)" '401 "unauthorized"' "a wrong key: 401"
code=$(hcurl -H "X-API-Key: $KEY" -d '{"language":"cobol","code":"x"}' "$URL/run")
is "$code $(body .error)" '400 "unsupported_language"' "an unknown language: 400 unsupported_language"
code=$(hcurl -H "X-API-Key: $KEY" -d '{"code":' "$URL/run")
is "$code $(body .error)" '400 "bad_request"' "a body that is not JSON: 400 bad_request"
code=$(hcurl -H "X-API-Key: $KEY" -d '{"language":"python","code":"print(1)","timeoutMs":0}' "$URL/run")
is "$code $(body .error)" '400 "bad_request"' "a field out of range: 400 bad_request"

# A big body: curl sends Expect: 100-continue past 1 KiB and waits for it.
big=$(python3 -c 'print("x = 1\n" * 3000 + "print(len(open(\"main.py\").read()))")')
s=$(e2e_now_ms)
code=$(jq -nc --arg c "$big" '{language: "python", code: $c}' |
    hcurl -H "X-API-Key: $KEY" --data-binary @- "$URL/run")
e=$(e2e_now_ms)
is "$code $(body .stdout)" "200 \"$(printf %s "$big" | wc -c)\\n\"" \
    "a body of 18 KB (Expect: 100-continue) arrives whole"
ok $(( e - s < 900 ? 0 : 1 )) "curl did not wait a second for 100 Continue ($((e - s)) ms)"
code=$(head -c 70000 /dev/zero | tr '\0' 'x' |
    hcurl -H "X-API-Key: $KEY" --data-binary @- "$URL/run")
is "$code $(body .error)" '413 "too_large"' "a body over max_request_bytes: 413 too_large"

code=$(hcurl "$URL/health")
is "$code $(body '[.status, (.engine | type), (.apiVersion | type)]')" '200 ["ok","string","string"]' \
    "GET /health: 200 with the engine's version, no key needed"
code=$(hcurl -H "X-API-Key: $KEY" "$URL/languages")
is "$code $(body '[.languages[0].name, (.languages | length)]')" '200 ["python",14]' \
    "GET /languages: the listing"
code=$(hcurl "$URL/languages")
is "$code" 401 "GET /languages needs the key, as a listing does"
code=$(hcurl -H "X-API-Key: $KEY" -d x "$URL/nope")
is "$code $(body .error)" '404 "bad_request"' "an unknown route: 404 with a JSON error"
code=$(hcurl -H "X-API-Key: $KEY" -D "$T/head" "$URL/run")
is "$code $(tr -d '\r' <"$T/head" | sed -n 's/^[Aa]llow: //p')" '405 POST' \
    "GET /run: 405 with Allow: POST"
code=$(hcurl -X PUT -d x "$URL/health")
is "$code" 405 "PUT /health: 405"
code=$(hcurl -D "$T/head" -H "X-API-Key: $KEY" -d '{"language":"python","code":"print(1)"}' "$URL/run")
tr -d '\r' <"$T/head" >"$T/h"
ok "$(grep -qix 'connection: close' "$T/h" && grep -qix 'content-type: application/json' "$T/h" &&
    grep -qi '^content-length: ' "$T/h" && echo 0 || echo 1)" \
    "the response has Connection: close, Content-Type: application/json, Content-Length"

# The seed services' routes, with the requests their READMEs show (and
# this server's key).
code=$(hcurl -X POST -H "Content-Type: application/json" -H "X-API-Key: $KEY" \
    -d '{"code": "print(\"Hello, world!\")"}' "$URL/compile")
is "$code $(sbody)" '200 {"combined":"Hello, world!\n","isError":false,"killedByContainer":false,"stderr":"","stdout":"Hello, world!\n","timedOut":false}' \
    "POST /compile as its README shows: the seed's reply, field for field"
code=$(hcurl -H "X-API-Key: $KEY" -d '{"code": "import sys; sys.exit(2)", "v3": true}' "$URL/compile")
is "$code $(body '[.isError, .killedByContainer]')" '200 [true,false]' \
    "/compile: v3 accepted and ignored; a failed program isError"
code=$(hcurl -H "X-API-Key: $KEY" -d '{"v3": true}' "$URL/compile")
is "$code $(body '[.error, .message, .status]')" '400 ["bad_request","No code provided",400]' \
    "/compile without code: 400 in the seed's words, with status"
code=$(hcurl -X POST -H "Content-Type: application/json" -H "X-API-Key: $KEY" \
    -d '{"code": "print(input())", "input": "With input!"}' "$URL/run/python")
is "$code $(sbody)" '200 {"message":"With input!\n"}' \
    "POST /run/python as its README shows: {message}"
code=$(hcurl -H "X-API-Key: $KEY" \
    -d '{"code": "process.stdout.write(\"a\"); console.error(\"b\")"}' "$URL/run/javascript")
is "$code $(body .message)" '200 "ab\n"' "/run/javascript: stdout and stderr merged, in order"
code=$(hcurl -H "X-API-Key: $KEY" -d '{"code": "puts 1"}' "$URL/run/rb")
is "$code $(body .message)" '200 "1\n"' "/run/{language} takes an alias too"
code=$(hcurl -H "X-API-Key: $KEY" -d '{"input": "x"}' "$URL/run/python")
is "$code $(body .message)" '400 "Code is required"' "/run/python without code: 400 Code is required"
code=$(hcurl -H "X-API-Key: $KEY" -d '{"code": "x"}' "$URL/run/cobol")
is "$code $(body '[.error, (.message | test("python"))]')" '400 ["unsupported_language",true]' \
    "/run/cobol: 400, the message lists the languages"
code=$(hcurl -H "X-API-Key: $KEY" -d '{"code": "while True: pass"}' "$URL/run/python")
is "$code $(body .message)" '408 "Timeout of 3000 exceeded"' "/run/python past its deadline: 408 as the seed said it"
code=$(hcurl -H "X-API-Key: $KEY" -d '{"code": "print(input()[::-1])", "input": "abc"}' "$URL/")
is "$code $(body .message)" '200 "cba\n"' "POST / runs the default language (python) with {code, input}"

# Python's standard library, as a backend would call it.
PY="$T/client.py"
cat >"$PY" <<'EOF'
import http.client, json, sys, urllib.request, urllib.error
url, key = sys.argv[1], sys.argv[2]
req = urllib.request.Request(url + "/run", method="POST",
    data=json.dumps({"language": "python", "code": "print(2 + 2)"}).encode(),
    headers={"Content-Type": "application/json", "X-API-Key": key})
with urllib.request.urlopen(req, timeout=20) as r:
    print(r.status, json.load(r)["stdout"].strip())
try:
    urllib.request.urlopen(urllib.request.Request(url + "/run", method="POST",
        data=b"{}", headers={"X-API-Key": key}), timeout=20)
except urllib.error.HTTPError as e:
    print(e.code, json.load(e)["error"])
host, port = url[len("http://"):].split(":")
c = http.client.HTTPConnection(host, int(port), timeout=20)
c.request("POST", "/run", body=json.dumps({"language": "c",
    "code": "#include <stdio.h>\nint main(void){puts(\"c\");return 0;}",
    "key": key}), headers={"Content-Type": "application/json"})
r = c.getresponse()
print(r.status, r.getheader("Connection"), json.load(r)["stdout"].strip())
EOF
out=$(python3 "$PY" "$URL" "$KEY" 2>&1)
is "$out" "200 4
400 bad_request
200 close c" "Python's urllib.request and http.client: a run, a refusal as HTTPError, a compiled run"

# Rate limits answer 429 with Retry-After.
e2e_stop
e2e_config "rate_limit 2 per 60s" "state_file $T/state-rate"
e2e_start
URL="http://127.0.0.1:$PORT"
for i in 1 2; do hcurl -d '{"language":"python","code":"print(1)"}' "$URL/run" >/dev/null; done
code=$(hcurl -D "$T/head" -d '{"language":"python","code":"print(1)"}' "$URL/run")
retry=$(tr -d '\r' <"$T/head" | sed -n 's/^[Rr]etry-[Aa]fter: //p')
is "$code $(body .error)" '429 "rate_limited"' "past the rate: 429 rate_limited"
ok $(( retry >= 1 && retry <= 60 ? 0 : 1 )) "with Retry-After in seconds ($retry)"
code=$(hcurl "$URL/health")
is "$code" 200 "GET /health is not counted against the rate"

# http no: the first bytes of HTTP are a bad frame.
e2e_stop
e2e_config "http no"
e2e_start
URL="http://127.0.0.1:$PORT"
out=$(e2e_raw 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n' 2>/dev/null || true)
like "$out" 'bad_frame' "with http no, an HTTP request gets a netstring bad_frame"
r=$(e2e_run python "print(3)")
is "$(e2e_field "$r" .stdout)" 3 "and netstrings work as ever"

# Netstrings beside HTTP on the same listener.
e2e_stop
e2e_config
e2e_start
URL="http://127.0.0.1:$PORT"
r=$(e2e_run python 'print(5)')
is "$(e2e_field "$r" .stdout)" 5 "with http yes, a netstring request is served as before"
code=$(hcurl -d '{"language":"python","code":"print(5)"}' "$URL/run")
is "$code $(body .stdout)" '200 "5\n"' "and an HTTP one on the same socket"
out=$(e2e_raw 'PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n' 2>/dev/null || true)
like "$out" 'bad_frame.*trusted_proxy' "a PROXY header from an untrusted peer is still a netstring bad_frame"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
