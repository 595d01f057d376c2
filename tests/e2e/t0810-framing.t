#!/bin/sh
# Netstring framing of the request (docs/protocol.md, Framing and Refusals:
# bad_frame, too_large, read_timeout).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 32
e2e_config
e2e_start
since=$(date +%s.%N)

# frame_error RAW WANT-ERROR DESCRIPTION: RAW (printf %b) gets WANT-ERROR.
frame_error() {
	r=$(e2e_raw "$1")
	is "$(e2e_field "$r" .error 2>/dev/null)" "$2" "$3"
}

frame_error 'abc' bad_frame "a frame that does not start with digits is bad_frame"
frame_error '-1:' bad_frame "a negative length is bad_frame"
frame_error '+1:x,' bad_frame "a length with a plus sign is bad_frame"
frame_error ' 1:x,' bad_frame "a length after a space is bad_frame"
frame_error '1 :x,' bad_frame "a space between the length and ':' is bad_frame"
frame_error ':x,' bad_frame "a missing length is bad_frame"
frame_error '01:x,' bad_frame "a length with a leading zero is bad_frame"
frame_error '0:,' bad_frame "an empty request (length 0) is bad_frame"
frame_error '5:hello' bad_frame "a payload followed by end of file instead of ',' is bad_frame"
frame_error '5:hello;' bad_frame "a payload followed by ';' instead of ',' is bad_frame"
frame_error '10:hello' bad_frame "a payload shorter than its length, then end of file, is bad_frame"
frame_error '12' bad_frame "end of file inside the length is bad_frame"
frame_error '' bad_frame "a connection closed without sending anything gets a bad_frame reply"
like "$(e2e_raw '5:hello;' | jq -r .message)" . "a bad_frame reply carries a message"

req='{"language":"python","code":"print(1)"}'
frame_error "${#req}:$req,x" bad_frame "bytes after the frame's comma are bad_frame"
frame_error "${#req}:$req,${#req}:$req," bad_frame "a second request on the connection is bad_frame"
frame_error "$((${#req} - 1)):$req," bad_frame "a length one short of the payload is bad_frame"

# Too large: refused from the length alone, before any payload.
t0=$(e2e_now_ms)
r=$(printf '1048577:' | e2e_send -r -k -w 4000)
t1=$(e2e_now_ms)
is "$(e2e_field "$r" .error)" too_large \
    "a declared length over max_request_bytes is too_large"
[ $((t1 - t0)) -lt 1000 ]
ok $? "too_large comes at once although the payload never comes (took $((t1 - t0)) ms)"
like "$(e2e_field "$r" .message)" 1048576 "the too_large message names the limit"
r=$(printf '99999999999999999999999999:' | e2e_send -r -k -w 4000)
is "$(e2e_field "$r" .error)" too_large "a length with too many digits is too_large"
is "$(e2e_creates_since "$since")" 0 "no framing error starts a container"

# Good frames sent in awkward ways.
r=$(printf '%s' "$req" | e2e_send -d 5)
is "$(e2e_field "$r" '[.status,.stdout]|@json')" '["ok","1\n"]' \
    "a frame sent byte by byte with 5 ms gaps is served"
r=$(printf '%s' "$req" | e2e_send -k)
is "$(e2e_field "$r" .status)" ok "a client that does not half-close is served"
r=$(printf '%s' "$req" | e2e_send)
is "$(e2e_field "$r" .status)" ok "a client that half-closes after the frame is served"

# read_timeout: the whole frame must arrive within read_timeout_ms.
e2e_config "read_timeout_ms 500"
e2e_start
t0=$(e2e_now_ms)
r=$(printf '' | e2e_send -r -k -w 5000)
t1=$(e2e_now_ms)
is "$(e2e_field "$r" .error)" read_timeout "a client that sends nothing gets read_timeout"
elapsed=$((t1 - t0))
[ "$elapsed" -ge 450 ] && [ "$elapsed" -lt 2000 ]
ok $? "read_timeout comes after read_timeout_ms (500), not much later (took $elapsed ms)"
r=$(printf '40:{"language"' | e2e_send -r -k -w 5000)
is "$(e2e_field "$r" .error)" read_timeout "a client that stops inside the payload gets read_timeout"
r=$(printf '40' | e2e_send -r -k -w 5000)
is "$(e2e_field "$r" .error)" read_timeout "a client that stops inside the length gets read_timeout"
# 250 bytes at 5 ms a byte take over a second: every byte arrives in
# time, the frame as a whole does not.
long=$(jq -nc --arg pad "$(printf '%200s' '')" '{language:"python",code:("print(1)#" + $pad)}')
r=$(printf "%s" "$long" | e2e_send -d 5 -w 5000 2>/dev/null)
is "$(e2e_field "$r" .error)" read_timeout \
    "a slow frame that takes longer than read_timeout_ms in all is cut off"
r=$(printf '%s' "$req" | e2e_send)
is "$(e2e_field "$r" .status)" ok "with read_timeout_ms 500 a prompt client is still served"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
