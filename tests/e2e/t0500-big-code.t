#!/bin/sh
# Large code (past the Engine's 128 KiB argument limit) and max_code_bytes.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 10
e2e_config
e2e_start

# 204800 bytes of python: a long literal, a short program, a long comment.
{
	printf 'BIG = "%s"\n' "$(head -c 100000 /dev/zero | tr '\0' 'x')"
	printf 'import os\nprint(os.path.getsize(__file__), len(BIG))\n'
	printf '# '
} >"$T/code"
pad=$((204800 - $(wc -c <"$T/code") - 1))
{ head -c "$pad" /dev/zero | tr '\0' 'c'; echo; } >>"$T/code"
is "$(wc -c <"$T/code")" 204800 "the test program is 200 KiB"
jq -nc --rawfile code "$T/code" '{language:"python",code:$code}' >"$T/req"
r=$(e2e_send <"$T/req")
ok $? "a 200 KiB program gets one well-formed reply frame"
is "$(e2e_field "$r" .status)" ok "a 200 KiB program runs with status ok"
is "$(e2e_field "$r" .stdout)" "204800 100000" \
    "a 200 KiB program sees its whole file (204800 bytes) and its 100000-character literal"

# The same program against a max_code_bytes on either side of its size.
e2e_config "max_code_bytes 204800"
e2e_start
since=$(date +%s.%N)
r=$(e2e_send <"$T/req")
is "$(e2e_field "$r" .status)" ok "code of exactly max_code_bytes is accepted"
is "$(e2e_creates_since "$since")" 1 "an accepted request creates exactly one container"

e2e_config "max_code_bytes 204799"
e2e_start
since=$(date +%s.%N)
r=$(e2e_send <"$T/req")
is "$(e2e_field "$r" .error)" bad_request "code one byte over max_code_bytes is a bad_request"
like "$(e2e_field "$r" .message)" 'code' "the message about oversized code names the field code"
is "$(e2e_creates_since "$since")" 0 "refusing oversized code starts no container"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
