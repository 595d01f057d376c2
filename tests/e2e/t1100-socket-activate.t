#!/bin/sh
# contrib/runbox-submit against runbox under systemd-socket-activate
# --accept --inetd (what runbox.socket with Accept=yes does): it behaves
# like the program (stdout, stderr, exit status) and reports refusals.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
SUBMIT=$(cd "$(dirname "$0")/../.." && pwd)/contrib/runbox-submit
[ -x "$SUBMIT" ] || bail "$SUBMIT is missing or not executable"

plan 21
printf 'alice:s3cr\303\251t\n' >"$T/keys"
chmod 600 "$T/keys"
printf 's3cr\303\251t\n' >"$T/key"
e2e_config "keys_file $T/keys"
e2e_start
export RUNBOX_HOST=127.0.0.1 RUNBOX_PORT="$PORT"
unset RUNBOX_KEY
submit() { "$SUBMIT" -w 30 "$@" 2>"$T/err"; }

cat >"$T/prog.py" <<'PY'
import sys
print("h\u00e9llo", sys.argv[1:], repr(sys.stdin.read()))
print("to stderr", file=sys.stderr)
sys.exit(3)
PY
printf 'line one\nd\303\251ux\n' >"$T/in.txt"
out=$(submit -K "$T/key" -i "$T/in.txt" "$T/prog.py" -- -v 'two words' --)
rc=$?
is "$out" "héllo ['-v', 'two words', '--'] 'line one\\ndéux\\n'" \
    "runbox-submit sends a .py file as python with its input file and args"
is "$rc" 3 "runbox-submit exits with the program's exit status"
is "$(cat "$T/err")" "to stderr" "the program's stderr goes to stderr, apart from stdout"
like "$(e2e_wait_log 'language="python"')" \
    'client="127\.0\.0\.1" key="alice" language="python" outcome="runtime_error"' \
    "runbox logs the TCP client and the key's name"

printf 'console.log("js", process.argv.slice(2).join("+"))\n' >"$T/prog.js"
out=$(RUNBOX_KEY=$(cat "$T/key") submit "$T/prog.js" -- a b)
is "$?:$out" "0:js a+b" "a .js file runs as javascript, RUNBOX_KEY gives the key, exit 0"

out=$(printf 'puts "ruby #{$stdin.read.upcase}"\nexit 7\n' |
    submit -K "$T/key" -l ruby -i /dev/null -)
is "$?:$out" "7:ruby " "code on standard input with -l ruby runs as ruby"

# Multibyte code: the netstring length must count bytes, not characters.
out=$(printf 'print("\342\202\254\360\237\230\200" * 3)\n' |
    submit -K "$T/key" -l python)
is "$?:$out" "0:€😀€😀€😀" "multibyte code is framed with its byte length"

# Code with every awkward JSON character survives the escaping.
printf 'import sys\nsys.stdout.write("q\\"b\\\\t\\tn\\n\\x01" + chr(0x2028))\n' \
    >"$T/esc.py"
submit -K "$T/key" "$T/esc.py" >"$T/esc.out"
is "$?" 0 "code with quotes, backslashes and control characters runs"
is "$(od -An -tx1 "$T/esc.out" | tr -d ' \n')" \
    "7122625c74096e0a01e280a8" \
    "its output comes back byte for byte"

out=$(printf 'while True: pass\n' | submit -K "$T/key" -l python -t 300)
is "$?" 124 "a run that times out exits 124, like timeout(1)"
like "$(cat "$T/err")" '^runbox-submit: timeout: killed after 300 ms$' \
    "and says so on stderr"

printf 'import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n' |
    submit -K "$T/key" -l python
is "$?" 143 "a program killed by SIGTERM exits 128+15"

out=$(printf 'print(1)\n' | submit -k wrong -l python)
is "$?" 125 "a refusal (wrong key) exits 125"
is "$(cat "$T/err")" "runbox-submit: unauthorized: missing or wrong key" \
    "a refusal prints its error and message on stderr"
out=$(printf 'print(1)\n' | submit -K "$T/key" -l cobol)
is "$?" 125 "an unsupported language is a refusal too"
like "$(cat "$T/err")" '^runbox-submit: unsupported_language: ' \
    "its error word is printed"
out=$(printf 'print(1)\n' | submit -K "$T/key" -m 4)
is "$?" 125 "an out-of-range memory limit is refused by the server (bad_request)"

# runbox-submit's own failures are 126, not the program's statuses.
"$SUBMIT" -p 1 -l python /dev/null 2>"$T/err"
is "$?" 126 "no server to talk to exits 126"
"$SUBMIT" -x 2>"$T/err"
is "$?" 126 "a bad option exits 126"
like "$(cat "$T/err")" 'usage: runbox-submit' "and prints the usage"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
