#!/bin/sh
# The playground page (docs/http.md, "The playground"): GET / in a
# browser with http_playground yes.  curl checks what is served to whom;
# Debian's chromium, driven headless by the npm package playwright-core
# (pinned in tests/npm), loads the page, picks a language, types a
# program, its input and the key, presses Run and reads the output off
# the page; a screenshot goes to build/playground.png.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 26
e2e_need curl node
TOP=$(cd "$(dirname "$0")/../.." && pwd)
NPM=$TOP/build/npm/node_modules
[ -d "$NPM/playwright-core" ] ||
    bail "playwright-core is not installed in build/npm (make check's setup installs it)"
CHROMIUM=$(command -v chromium) ||
    bail "chromium is not installed (make check's setup installs Debian's)"
echo "alice:$(printf 'pl4y-%.0s' 1 2 3 4)" >"$T/keys"
chmod 600 "$T/keys"
KEY=$(cut -d: -f2 "$T/keys")

# hcurl [CURL-ARGS]: headers to $T/head, body to $T/body, "CODE" out.
hcurl() {
	curl -sS -D "$T/head" -o "$T/body" -w '%{http_code}' --max-time 20 "$@"
}
header() { sed -n "s/^$1: \(.*\)\r$/\1/Ip" "$T/head"; }

# Without http_playground (the default): no page, GET / is 405.
e2e_config "keys_file $T/keys"
e2e_start
URL="http://127.0.0.1:$PORT"
is "$(hcurl -H 'Accept: text/html' "$URL/") $(header Allow) $(jq -r .error "$T/body")" \
    "405 POST bad_request" "http_playground no: a browser's GET / is 405, Allow: POST"
is "$(hcurl "$URL/playground.js")" 404 "http_playground no: no script either (404)"

e2e_config "keys_file $T/keys" "http_playground yes"
e2e_start
URL="http://127.0.0.1:$PORT"
is "$(hcurl -H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8' "$URL/") $(header Content-Type)" \
    "200 text/html; charset=utf-8" "GET / with Accept: text/html: the page, 200, no key needed"
like "$(header Content-Security-Policy)" "^default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; .*frame-ancestors 'none'" \
    "the page's Content-Security-Policy: nothing but its own files, no inline code, no framing"
grep -Eq '<(script|link)[^>]*(src|href)="(https?:)?//' "$T/body"
ok $((! $?)) "the page names no external asset"
grep -Eq '<script>|<style>| on[a-z]+=' "$T/body"
ok $((! $?)) "the page holds no inline script, style or event handler"
is "$(hcurl -H 'Accept: */*' "$URL/") $(jq -r .error "$T/body")" "406 bad_request" \
    "GET / for curl's Accept: */*: 406 in JSON, naming POST /run"
is "$(hcurl -H 'Accept: text/html;q=0' "$URL/")" 406 "text/html with weight 0 is not asked for: 406"
is "$(hcurl "$URL/playground.js") $(header Content-Type)" \
    "200 text/javascript; charset=utf-8" "GET /playground.js: the script"
cmp -s "$T/body" "$TOP/src/playground/playground.js"
ok $? "the script is served byte for byte as in src/playground/"
is "$(hcurl "$URL/playground.css") $(header Content-Type)" \
    "200 text/css; charset=utf-8" "GET /playground.css: the style sheet"
is "$(hcurl -H 'Content-Type: application/json' -d '{"code":"print(1)"}' -H "X-API-Key: $KEY" "$URL/") $(jq -r .message "$T/body")" \
    "200 1" "POST / keeps its seed meaning beside the page"
is "$(hcurl -X DELETE "$URL/") $(header Allow)" "405 GET, POST" \
    "another method on / is 405 with Allow: GET, POST"
is "$(grep -c 'outcome="page"' "$T/runbox.log")" 3 \
    "each file served is one log line, outcome page"

# The browser.  The script writes one JSON line per step to $T/out.
cat >"$T/drive.mjs" <<EOF
import { chromium } from "$NPM/playwright-core/index.mjs";
const [url, key, shot, exe] = process.argv.slice(2);
const out = (o) => console.log(JSON.stringify(o));
const settled = (...busy) => page.waitForFunction((b) =>
    !b.includes(document.getElementById("status").textContent), busy);
const browser = await chromium.launch({ executablePath: exe,
    args: ["--no-sandbox"] });
const page = await browser.newPage();
const foreign = [], violations = [];
page.on("request", (r) => { if (!r.url().startsWith(url)) foreign.push(r.url()); });
page.on("console", (m) => { if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text()); });
page.on("pageerror", (e) => violations.push("pageerror: " + e.message));
await page.goto(url + "/");
// No key yet: the language list is refused, and the page says so.
await page.waitForFunction(() => document.getElementById("status").textContent.includes("unauthorized"));
out({ nokey: await page.textContent("#status") });
await page.fill("#key", key);
await page.press("#key", "Tab");
await page.waitForSelector("#language option[value=python]", { state: "attached" });
const langs = await page.\$\$eval("#language option", (os) => os.map((o) => o.value));
out({ languages: langs.length, hasC: langs.includes("c") });
await page.selectOption("#language", "python");
await page.fill("#code", "");
await page.locator("#code").pressSequentially("import sys\nprint(input()[::-1])\nprint('to stderr', file=sys.stderr)\nprint('done')\n");
await page.fill("#input", "olleh");
await page.click("#run");
await settled("running", "not run yet");
out({ status: await page.textContent("#status"), output: await page.textContent("#output"),
    figures: await page.textContent("#figures") });
await page.screenshot({ path: shot, fullPage: true });
// A compile error in C: the compiler's message in the compile box.
await page.selectOption("#language", "c");
await page.fill("#code", "int main(void) { return x; }\n");
await page.click("#run");
await settled("running");
out({ status: await page.textContent("#status"), compileShown: await page.isVisible("#compile"),
    compile: await page.textContent("#compile") });
out({ foreign, violations });
// The policy holds: a script slipped into the page (as an injection
// would) does not run, and the page reports the violation.
out({ injected: await page.evaluate(async () => {
  const seen = [];
  document.addEventListener("securitypolicyviolation",
      (e) => seen.push(e.violatedDirective));
  const s = document.createElement("script"), r = [];
  try { s.textContent = "window.injected = 1"; r.push("assigned"); } catch (e) { r.push(e.name); }
  // Past Trusted Types, through a policy: script-src still refuses it.
  const p = trustedTypes.createPolicy("t", { createScript: (x) => x });
  s.textContent = p.createScript("window.injected = 1");
  document.body.append(s);
  for (let i = 0; i < 50 && seen.length < 2; i++)
    await new Promise((ok) => setTimeout(ok, 20));
  r.push(seen, window.injected === undefined ? "did not run" : "ran");
  return r;
}) });
await browser.close();
EOF
node "$T/drive.mjs" "$URL" "$KEY" "$TOP/build/playground.png" "$CHROMIUM" \
    >"$T/out" 2>"$T/err"
ok $? "chromium drives the page ($(head -c 300 "$T/err"))"
line() { sed -n "${1}p" "$T/out"; }
like "$(line 1)" '"nokey":"cannot list the languages: unauthorized: missing or wrong key"' "without a key the page shows runbox's refusal of the listing"
like "$(line 2)" '^\{"languages":1[0-9],"hasC":true\}$' "with the key typed, the menu lists the languages"
is "$(line 3 | jq -r .status)" ok "the python program ran: status ok on the page"
is "$(line 3 | jq -r .output)" "hello
to stderr
done" "its output on the page: stdout and stderr in the order written, input byte for byte"
like "$(line 3 | jq -r .figures)" '^exit code 0, [0-9]+ ms, [0-9]+ ms CPU, [0-9]+ KiB peak$' \
    "the figures: exit code, duration, CPU time, memory peak"
is "$(line 4 | jq -c '[.status, .compileShown]')" '["compile_error",true]' \
    "a C compile error: status compile_error, the compile box shown"
like "$(line 4 | jq -r .compile)" "x. undeclared" "the compiler's message on the page"
is "$(line 5)" '{"foreign":[],"violations":[]}' \
    "no request left the origin, no policy violation or script error"
is "$(line 6)" '{"injected":["TypeError",["require-trusted-types-for","script-src-elem"],"did not run"]}' \
    "an injected inline script is refused (Trusted Types, then script-src)"
[ -s "$TOP/build/playground.png" ] &&
    [ "$(head -c 4 "$TOP/build/playground.png" | od -An -c | tr -d ' ')" = '211PNG' ]
ok $? "the screenshot is in build/playground.png"
e2e_stop
e2e_wait_clean
ok $? "no container left behind"
