#!/bin/sh
# Piston's v2 API and Node.js clients (docs/http.md, "Piston's v2 API"):
# the npm package piston-client (pinned in tests/npm, installed by
# tests/setup.sh) against GET /api/v2/runtimes and POST
# /api/v2/execute, the request and reply of Piston's README through
# curl, and Node.js's own fetch against POST /run.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 12
e2e_need curl node
NPM=$(cd "$(dirname "$0")/../.." && pwd)/build/npm/node_modules
[ -d "$NPM/piston-client" ] ||
    bail "piston-client is not installed in build/npm (make check's setup installs it)"
e2e_config
e2e_start
URL="http://127.0.0.1:$PORT"

# piston-client, as its README uses it (no key: it sends no header).
cat >"$T/client.mjs" <<EOF
import piston from "$NPM/piston-client/index.js";
const client = piston({ server: process.argv[2] });
const runtimes = await client.runtimes();
const py = runtimes.find(r => r.language === "python");
console.log(JSON.stringify([runtimes.length, typeof py.version,
    py.aliases.includes("py")]));
let r = await client.execute("python", "import sys\nprint(input(), sys.argv[1:])",
    { stdin: "hi" });
console.log(JSON.stringify([r.language, r.version === py.version, r.run.stdout,
    r.run.code, r.run.signal, r.run.output]));
r = await client.execute("c", "#include <stdio.h>\nint main(void) { puts(\"c\"); return 3; }");
console.log(JSON.stringify([r.compile.code, r.run.stdout, r.run.code]));
r = await client.execute({ language: "python", version: "*",
    files: [{ content: "import time\ntime.sleep(5)" }], runTimeout: 300 });
console.log(JSON.stringify([r.run.status, r.run.code, r.run.signal !== null]));
r = await client.execute("python", "print(1)", { version: "9.9.9" });
console.log(JSON.stringify(r.message));
EOF
node "$T/client.mjs" "$URL" >"$T/out" 2>"$T/err"
ok $? "piston-client runs against runbox ($(head -c 300 "$T/err"))"
is "$(sed -n 1p "$T/out")" '[14,"string",true]' \
    "runtimes(): the fourteen languages, a version each, the aliases"
is "$(sed -n 2p "$T/out")" "[\"python\",true,\"hi ['1', '2', '3']\\n\",0,null,\"hi ['1', '2', '3']\\n\"]" \
    "execute(): stdin, its default args 1 2 3, stdout, code, signal, output"
is "$(sed -n 3p "$T/out")" '[0,"c\n",3]' \
    "execute() of C: the compile's code, then the run's stdout and exit code"
is "$(sed -n 4p "$T/out")" '["TO",null,true]' \
    "past run_timeout: status TO, no code, a signal"
like "$(sed -n 5p "$T/out")" 'python-9.9.9 runtime is unknown' \
    "an unknown version: Piston's message"

# Piston's README request, through curl.
code=$(curl -sS -o "$T/body" -w '%{http_code}' "$URL/api/v2/execute" -d '{"language": "python", "version": "*",
 "files": [{"name": "main.py", "content": "print(input())"}],
 "stdin": "hi", "args": [], "compile_timeout": 10000, "run_timeout": 3000,
 "compile_memory_limit": -1, "run_memory_limit": -1}')
is "$code $(jq -c '[.language, .run.stdout, .run.output, .run.code, .run.status,
    (.run.cpu_time | type), (.run.wall_time | type), (.run.memory > 1000000), has("compile")]' "$T/body")" \
    '200 ["python","hi\n","hi\n",0,null,"number","number",true,false]' \
    "POST /api/v2/execute as Piston's README shows it: run's fields, memory in bytes, no compile for python"
code=$(curl -sS -o "$T/body" -w '%{http_code}' "$URL/api/v2/execute" \
    -d '{"language": "python", "files": [{"content": "print(open(\"d.txt\").read())"},
    {"name": "d.txt", "content": "YjY0", "encoding": "base64"}]}')
is "$code $(jq -c .run.stdout "$T/body")" '200 "b64\n"' "a data file in base64 beside the code"
code=$(curl -sS -o "$T/body" -w '%{http_code}' "$URL/api/v2/execute" -d '{"language": "cobol", "files": [{"content": "x"}]}')
is "$code $(jq -c .error "$T/body")" '400 "unsupported_language"' "an unknown language: 400"
code=$(curl -sS -o "$T/body" -w '%{http_code}' "$URL/api/v2/runtimes")
is "$code $(jq -c '[.[] | select(.language == "rust") | .aliases]' "$T/body")" '200 [["rs"]]' \
    "GET /api/v2/runtimes through curl"

# Node.js's own fetch, as a backend would call runbox's own route.
cat >"$T/fetch.mjs" <<'EOF'
const r = await fetch(process.argv[2] + "/run", { method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ language: "javascript", code: "console.log(6 * 7)" }) });
console.log(r.status, (await r.json()).stdout.trim());
EOF
is "$(node "$T/fetch.mjs" "$URL" 2>&1)" "200 42" "Node.js fetch: POST /run"
e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
