#!/bin/sh
# The request's "input" is bytes: \u0000 reaches the program's stdin as a
# NUL byte, next to any other text, while an argument still cannot hold one.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 15
e2e_config
e2e_start

py='import sys; print(sys.stdin.buffer.read().hex())'

# hex LANGUAGE CODE INPUT-TOKEN: the reply to a request whose input is
# INPUT-TOKEN as written (JSON escapes and all).
hex() {
	e2e_req "$(printf '{"language":"%s","code":%s,"input":"%s"}' "$1" \
	    "$(jq -nc --arg c "$2" '$c')" "$3")"
}

r=$(hex python "$py" 'a\u0000b')
is "$(e2e_field "$r" '.stdout|@json')" '"610062\n"' \
    "python reads a, NUL, b from an input of a\\u0000b"
is "$(e2e_field "$r" .status)" ok "a request whose input holds \\u0000 runs"

r=$(hex python "$py" '\u0000\u0000\u0000')
is "$(e2e_field "$r" '.stdout|@json')" '"000000\n"' \
    "an input of three \\u0000 is three NUL bytes"

# NULs at both ends and in between, next to U+00E9 escaped and raw, an
# emoji as a surrogate pair, a newline and a three-byte character.
mixed='\u0000\u0000x\u00e9y\ud83d\ude00\u0000é\n\u0000€'
want=000078c3a979f09f988000c3a90a00e282ac
r=$(hex python "$py" "$mixed")
is "$(e2e_field "$r" '.stdout|@json')" "\"$want\\n\"" \
    "python reads mixed input (NULs, é, an emoji pair, €) byte for byte"
is "$(e2e_field "$r" .status)" ok "the run with mixed input is ok"

js='const c = []; process.stdin.on("data", (d) => c.push(d));
process.stdin.on("end", () => console.log(Buffer.concat(c).toString("hex")));'
r=$(hex javascript "$js" "$mixed")
is "$(e2e_field "$r" '.stdout|@json')" "\"$want\\n\"" \
    "node reads the same mixed input byte for byte"

rb='puts STDIN.binmode.read.unpack1("H*")'
r=$(hex ruby "$rb" "$mixed")
is "$(e2e_field "$r" '.stdout|@json')" "\"$want\\n\"" \
    "ruby reads the same mixed input byte for byte"

# 100000 NUL bytes, checked by length and digest.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "\\u0000" }' >"$T/nuls"
printf 'import hashlib, sys
d = sys.stdin.buffer.read()
print(len(d), d.count(0), hashlib.md5(d).hexdigest())
' >"$T/nul-code"
{
	printf '{"language":"python","code":%s,"input":"' \
	    "$(jq -Rsc . <"$T/nul-code")"
	cat "$T/nuls"
	printf '"}'
} | e2e_send >"$T/reply"
ok $? "an input of 100000 \\u0000 escapes (600 KB of JSON) gets one reply"
is "$(e2e_field "$(cat "$T/reply")" .stdout)" \
    "100000 100000 $(head -c 100000 /dev/zero | md5sum | cut -d' ' -f1)" \
    "the program reads 100000 NUL bytes"

# bad JSON MESSAGE DESCRIPTION: JSON (printf %b: \\ is one backslash,
# \0 a raw NUL byte) is a bad_request with exactly MESSAGE.
bad() {
	r=$(printf '%b' "$1" | e2e_send)
	is "$(e2e_field "$r" '[.error,.message]|@json')" \
	    "$(jq -nc --arg m "$2" '["bad_request",$m]')" "$3"
}
bad '{"code":"print(1)","args":["-v","a\\u0000b"]}' \
    'field "args[1]": an argument cannot hold a NUL byte (\u0000)' \
    "an argument holding \\u0000 is a bad_request naming args[1]"
bad '{"code":"print(1)","input":"\\u0000","args":["\\u0000"]}' \
    'field "args[0]": an argument cannot hold a NUL byte (\u0000)' \
    "an argument holding \\u0000 is refused even when input holds one too"
bad '{"code":"print(1)\\u0000","input":"\\u0000"}' \
    'field "code": contains NUL (\u0000)' \
    "code holding \\u0000 is still a bad_request"
bad '{"code":"print(1)","input":"a\0b"}' \
    "invalid JSON near byte 29: a raw NUL byte (JSON has it only as \\u0000)" \
    "a raw NUL byte in input is still invalid JSON, a bad_request"
bad '{"code":"print(1)","input":"\\u0000\0377"}' \
    "invalid JSON near byte 34: unable to decode byte 0xff near '\"\\u0000'" \
    "input holding \\u0000 must still be valid UTF-8"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
