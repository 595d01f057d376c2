#!/bin/sh
# stdout, stderr, combined, and output that is not valid UTF-8
# (docs/protocol.md, Result).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 15
e2e_config
e2e_start

code='import sys, time
for i in range(3):
    sys.stdout.write("out%d\n" % i); sys.stdout.flush(); time.sleep(0.02)
    sys.stderr.write("err%d\n" % i); sys.stderr.flush(); time.sleep(0.02)'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r" '.stdout|@json')" '"out0\nout1\nout2\n"' \
    "stdout holds only what went to stdout"
is "$(e2e_field "$r" '.stderr|@json')" '"err0\nerr1\nerr2\n"' \
    "stderr holds only what went to stderr"
is "$(e2e_field "$r" '.combined|@json')" '"out0\nerr0\nout1\nerr1\nout2\nerr2\n"' \
    "combined interleaves stdout and stderr in the order they were written"
is "$(e2e_field "$r" .status)" ok "writing to stderr alone is not an error"

# Docker carries stdout and stderr through separate pipes, so writes that
# follow each other within microseconds may swap; a short pause keeps the
# order observable.
r=$(e2e_req "$(jq -nc '{language:"ruby",code:"$stdout.sync = true; $stderr.sync = true; print \"a\"; sleep 0.02; $stderr.print \"b\"; sleep 0.02; print \"c\""}')")
is "$(e2e_field "$r" '[.stdout,.stderr,.combined]|@json')" '["ac","b","abc"]' \
    "ruby output interleaves in combined too"

# Bytes that are not UTF-8.
code='import sys
sys.stdout.buffer.write(b"\xff\xfeA\x00B")
sys.stdout.flush()
sys.stderr.buffer.write(b"\xc3(\xe2\x82\xac\xf0\x9f\x98")'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
ok $? "a program writing invalid UTF-8 gets one well-formed reply frame"
printf '%s' "$r" | jq -e . >/dev/null 2>&1
ok $? "the reply to a program writing invalid UTF-8 is valid JSON"
is "$(e2e_field "$r" '.stdout|explode|@json')" '[65533,65533,65,0,66]' \
    "each invalid byte becomes U+FFFD and the NUL comes back as U+0000"
is "$(printf '%s' "$r" | jq -j .stdout | od -An -c | tr -s ' ' | sed 's/^ //;s/ $//')" \
    "$(printf '\357\277\275\357\277\275A\0B' | od -An -c | tr -s ' ' | sed 's/^ //;s/ $//')" \
    "stdout decodes to U+FFFD U+FFFD A NUL B"
is "$(e2e_field "$r" '.stderr|explode|@json')" '[65533,40,8364,65533]' \
    "a bad continuation and a cut-off sequence on stderr become U+FFFD, valid ones stay"
is "$(printf '%s' "$r" | grep -c 'u0000')" 1 "the NUL byte is written as \\u0000 in the reply"
is "$(e2e_field "$r" '.status')" ok "invalid UTF-8 output does not make the run fail"

code='import sys, time
sys.stdout.buffer.write(b"\xc3"); sys.stdout.flush(); time.sleep(0.05)
sys.stdout.buffer.write(b"\xa9!")'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r" .stdout)" "é!" \
    "a UTF-8 character written in two pieces comes back whole"

code='print("ünïcödé ✓ 日本 🎉")'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r" .stdout)" "ünïcödé ✓ 日本 🎉" "valid UTF-8 output comes back unchanged"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
