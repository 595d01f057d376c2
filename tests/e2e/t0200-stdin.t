#!/bin/sh
# The request's "input" is the program's stdin, then end of file.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 11
e2e_config
e2e_start

code='import json, sys
print(json.dumps(sys.stdin.read()))'
input=$(printf 'first line\n  ünïcödé ✓ \n\ttab\nno newline at the end')
r=$(e2e_req "$(jq -nc --arg code "$code" --arg input "$input" \
    '{language:"python",code:$code,input:$input}')")
is "$(e2e_field "$r" '.stdout|fromjson|@json')" "$(jq -nc --arg s "$input" '$s')" \
    "python's sys.stdin.read() returns exactly the input"
is "$(e2e_field "$r" .status)" ok \
    "the program sees end of file after the input (it does not hang)"

r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code}')")
is "$(e2e_field "$r" .stdout)" '""' "without input the program's stdin is empty"
is "$(e2e_field "$r" '[.status,.timedOut]|@json')" '["ok",false]' \
    "without input the program sees end of file at once"

r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code,input:""}')")
is "$(e2e_field "$r" .stdout)" '""' "an empty input is an empty stdin"

code='print(input()); print(input())
try:
    input()
except EOFError:
    print("EOF")'
r=$(e2e_req "$(jq -nc --arg code "$code" '{language:"python",code:$code,input:"a\nb\n"}')")
is "$(e2e_field "$r" '.stdout|@json')" '"a\nb\nEOF\n"' \
    "input() reads the lines of the input, then raises EOFError"

# 500 KB of input, checked by length and digest.
head -c 375000 /dev/urandom | base64 -w 0 >"$T/big-input"
printf 'import hashlib, sys
d = sys.stdin.buffer.read()
print(len(d), hashlib.md5(d).hexdigest())
' >"$T/big-code"
jq -nc --rawfile code "$T/big-code" --rawfile input "$T/big-input" \
    '{language:"python",code:$code,input:$input}' >"$T/big-req"
r=$(e2e_send <"$T/big-req")
ok $? "a 500 KB input gets one well-formed reply frame"
set -- $(e2e_field "$r" .stdout)
is "$1" 500000 "the program reads all 500000 bytes of a 500 KB input"
is "$2" "$(md5sum <"$T/big-input" | cut -d' ' -f1)" \
    "the 500 KB input reaches the program byte for byte (md5)"

# The program may ignore its input entirely.
r=$(jq -nc --rawfile input "$T/big-input" \
    '{language:"python",code:"print(\"ignored\")",input:$input}' | e2e_send)
is "$(e2e_field "$r" '[.status,.stdout]|@json')" '["ok","ignored\n"]' \
    "a program that never reads its 500 KB input still runs normally"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
