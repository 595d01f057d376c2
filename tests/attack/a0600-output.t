#!/bin/sh
# Hostile code, output: floods on stdout and stderr, one 100 MB line, the
# worst bytes to escape, and bytes that are not text.  The run is cut at
# max_output_bytes, the reply is valid JSON, and runbox's own memory
# stays bounded (runbox runs directly here, under /usr/bin/time).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 34
[ -x /usr/bin/time ] || bail "/usr/bin/time is missing (apt-get install time)"
e2e_config
e2e_start

# runbox's own peak: 32 MB (the worst case, a NUL flood escaped to six
# bytes a byte, measures about 25 MB).  An ASan build roughly doubles
# every allocation (shadow memory, quarantine): 96 MB still shows the
# bound holds, where an unbounded reader of a 100 MB line would pass it.
RSS_MAX_KB=32768
if grep -qa __asan_init "$RUNBOX"; then
	RSS_MAX_KB=98304
	diag "sanitized runbox: the RSS bound is ${RSS_MAX_KB} kB"
fi
CAP=1048576

# flood CODE JSON WHAT: run directly; the cap, the frame, runbox's RSS.
flood() {
	atk_direct "$1" "$2"
	ok $? "$3: runbox writes one well-formed reply frame"
	out=$(jq -j .stdout "$T/reply" | wc -c)
	err=$(jq -j .stderr "$T/reply" | wc -c)
	diag "$3: $(atk_get '[.status,.truncated,.durationMs]|@json'), stdout $out + stderr $err bytes, runbox peak RSS $ATK_RSS kB, $ATK_MS ms"
	is "$(atk_get '[.status,.truncated,.isError]|@json') $((out + err))" \
	    "[\"output_limit\",true,true] $CAP" \
	    "$3 is cut off with output_limit at exactly max_output_bytes ($CAP)"
	[ "${ATK_RSS:-999999}" -lt "$RSS_MAX_KB" ]
	ok $? "$3 keeps runbox's peak RSS under $((RSS_MAX_KB / 1024)) MB (${ATK_RSS} kB)"
	[ "$ATK_MS" -lt 4000 ]
	ok $? "$3 gets its reply at once, not at the deadline (took $ATK_MS ms)"
}

flood 'import sys
while True:
    sys.stdout.write("y\n" * 4096)' '{"timeoutMs":10000}' "a yes-like flood on stdout"
flood 'import sys
while True:
    sys.stderr.write("e" * 4096)' '{"timeoutMs":10000}' "a flood on stderr"
flood 'import sys
sys.stdout.write("x" * 100_000_000)' '{"timeoutMs":10000,"memoryLimitMb":512}' \
    "one 100 MB line with no newline"
flood 'import sys
while True:
    sys.stdout.buffer.write(b"\0" * 65536)' '{"timeoutMs":10000}' \
    "a flood of NUL bytes (six bytes each once escaped)"
flood 'import os
while True:
    os.write(1, b"o" * 4096)
    os.write(2, b"e" * 4096)' '{"timeoutMs":10000}' "a flood on both streams at once"
like "$(jq -r .stderr "$T/reply" | head -c 64)" '^e+$' "stderr of the two-stream flood is kept, not dropped"
atk_next_ok "the output floods"

# Bytes that are not text.  Expected: NUL as \u0000, each maximal
# ill-formed sequence (a lone surrogate's three bytes are three) as
# U+FFFD, control characters escaped, valid UTF-8 kept.
code='import sys
w = sys.stdout.buffer.write
w(b"A\x00B|")
w(b"C\xffD|")
w(b"E\xed\xa0\x80F|")
w(b"G\x1b[31mred\x1b[0m\x1b]0;title\x07H|")
w(b"I\xe2\x80\xa8J|")
w(b"K\xc3L|")
w(b"\xf0\x9f\x98\x80\r\n")
sys.stdout.flush()
sys.stderr.buffer.write(b"\xc0\xaf\x00\x7f\x1b[2J")'
atk_run "$code"
ok $? "output full of NUL, invalid UTF-8, a lone surrogate and ANSI escapes gets one reply frame"
jq -e . "$T/reply" >/dev/null 2>&1
ok $? "that reply is valid JSON (jq parses it)"
iconv -f UTF-8 -t UTF-8 "$T/reply" >/dev/null 2>&1
ok $? "that reply is valid UTF-8 throughout"
# (rbclient ends what it prints with one newline of its own.)
is "$(head -c -1 "$T/reply" | LC_ALL=C tr -d '\040-\377' | wc -c)" 0 \
    "the reply carries no raw control byte (ESC, BEL, NUL, CR, LF are all escaped)"
is "$(LC_ALL=C grep -c "$(printf '\342\200\250')" "$T/reply")" 0 \
    "U+2028 does not appear raw in the reply"
is "$(atk_get '.stdout|@json')" \
    "$(jq -nc '"A\u0000B|C\ufffdD|E\ufffd\ufffd\ufffdF|G\u001b[31mred\u001b[0m\u001b]0;title\u0007H|I\u2028J|K\ufffdL|\ud83d\ude00\r\n"')" \
    "stdout is repaired as documented: NUL kept as U+0000, bad bytes as U+FFFD, escapes and emoji intact"
is "$(atk_get '.stderr|@json')" "$(jq -nc '"\ufffd\ufffd\u0000\u007f\u001b[2J"')" \
    "stderr is repaired the same way (overlong C0 AF is two U+FFFD)"
is "$(atk_get '(.combined|length) == ((.stdout|length) + (.stderr|length))')" true \
    "combined holds both streams, repaired the same way"
is "$(atk_get .status)" ok "a program writing such bytes still has status ok"
atk_next_ok "hostile output bytes"

atk_mine_gone "the output attacks"
atk_finish_clean
finish
