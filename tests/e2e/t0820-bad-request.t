#!/bin/sh
# Requests that break docs/protocol.md's request rules are bad_request with a
# message naming the field.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 61
e2e_config "keys_file $T/keys"
umask 077
printf 'alice:s3cret\n' >"$T/keys"
e2e_start
since=$(date +%s.%N)

# bad JSON FIELD-REGEX DESCRIPTION: JSON (printf %b: \\ is one backslash,
# \0ooo a raw byte) is a bad_request whose message matches FIELD-REGEX.
bad() {
	r=$(printf '%b' "$1" | e2e_send)
	if is "$(e2e_field "$r" .error 2>/dev/null)" bad_request "$3 is a bad_request"; then
		like "$(e2e_field "$r" .message)" "$2" "the message for $3 names $2"
	else
		ok 1 "the message for $3 names $2"
	fi
}

bad '{"key":"s3cret","code":"print(1)","bogus":1}' 'bogus' "an unknown field"
bad '{"key":"s3cret","code":"print(1)","Code":"x"}' 'Code' "a field name in the wrong case"
bad '{"key":"s3cret","code":"print(1)","timeoutMs":0}' 'timeoutMs' "timeoutMs 0"
bad '{"key":"s3cret","code":"print(1)","timeoutMs":10001}' 'timeoutMs' \
    "timeoutMs over the configured maximum (10000)"
bad '{"key":"s3cret","code":"print(1)","timeoutMs":1.5}' 'timeoutMs' "a fractional timeoutMs"
bad '{"key":"s3cret","code":"print(1)","timeoutMs":"500"}' 'timeoutMs' "a timeoutMs given as a string"
bad '{"key":"s3cret","code":"print(1)","memoryLimitMb":15}' 'memoryLimitMb' "memoryLimitMb 15"
bad '{"key":"s3cret","code":"print(1)","memoryLimitMb":513}' 'memoryLimitMb' \
    "memoryLimitMb over the configured maximum (512)"
# python has no compile step, and still checks the compile limits.
p='{"key":"s3cret","code":"print(1)"'
bad "$p"',"compileTimeoutMs":0}' 'compileTimeoutMs' "compileTimeoutMs 0"
bad "$p"',"compileTimeoutMs":30001}' 'compileTimeoutMs' \
    "compileTimeoutMs over the configured maximum (30000)"
bad "$p"',"compileTimeoutMs":"500"}' 'compileTimeoutMs' \
    "a compileTimeoutMs given as a string"
bad "$p"',"compileMemoryLimitMb":15}' 'compileMemoryLimitMb' \
    "compileMemoryLimitMb 15"
bad "$p"',"compileMemoryLimitMb":1025}' 'compileMemoryLimitMb' \
    "compileMemoryLimitMb over the configured maximum (1024)"
bad "$p"',"compileMemoryLimitMb":1.5}' 'compileMemoryLimitMb' \
    "a fractional compileMemoryLimitMb"
bad '{"key":"s3cret","code":"print(1)","args":"-v"}' 'args' "args given as a string"
bad '{"key":"s3cret","code":"print(1)","args":["ok",1]}' 'args' "args holding a number"
bad '{"key":"s3cret","code":"print(1)","args":[["x"]]}' 'args' "args holding an array"
bad '{"key":"s3cret","language":"python"}' 'code' "a request without code"
bad '{"key":"s3cret","code":""}' 'code' "empty code"
bad '{"key":"s3cret","code":42}' 'code' "code given as a number"
bad '{"key":"s3cret","code":"print(1)\\u0000"}' 'code' "code holding a NUL"
bad '{"key":"s3cret","code":"print(1)","language":7}' 'language' "a language given as a number"
bad '{"key":"s3cret","code":"print(1)","input":["a"]}' 'input' "input given as an array"
# Invalid UTF-8 is jansson's to refuse, wherever it is: the message
# gives the byte it stopped at instead of the field.
bad '{"key":"s3cret","code":"print(\\"\0377\\")"}' \
    'invalid JSON near byte 32: unable to decode byte 0xff' \
    "code holding invalid UTF-8"
bad '{"key":"s3cret","code":"print(1)","input":"\0300\0200"}' \
    'near byte 43: unable to decode byte 0xc0' \
    "input holding an overlong UTF-8 sequence"
bad '{"key":"s3cret","code":"print(1)","args":["\0355\0240\0200"]}' \
    'near byte 43: unable to decode byte 0xed' \
    "an argument holding an encoded UTF-16 surrogate"
bad '{"key":"s3cret","code":"print(1)","timeoutMs":1e3}' 'timeoutMs' \
    "a timeoutMs written with an exponent"

r=$(printf '[1,2]' | e2e_send)
is "$(e2e_field "$r" .error)" bad_request "a JSON array instead of an object is a bad_request"
r=$(printf '{"code":' | e2e_send)
is "$(e2e_field "$r" .error)" bad_request "truncated JSON is a bad_request"
r=$(printf '{"key":"s3cret","code":"print(1)","code":"print(2)"}' | e2e_send)
is "$(e2e_field "$r" .error)" bad_request "a duplicate field is a bad_request"
r=$(printf '{"key":"s3cret","code":"print(1)"} {}' | e2e_send)
is "$(e2e_field "$r" .error)" bad_request "bytes after the JSON object are a bad_request"
is "$(e2e_creates_since "$since")" 0 "no bad_request starts a container"

# The edges that are allowed still run.
r=$(e2e_req '{"key":"s3cret","code":"print(1)","timeoutMs":10000,'\
'"memoryLimitMb":16,"args":[],"input":"","compileTimeoutMs":30000,'\
'"compileMemoryLimitMb":16}')
is "$(e2e_field "$r" '[.status,.limits.timeoutMs,.limits.memoryLimitMb]|@json')" '["ok",10000,16]' \
    "the limits at their edges, with empty args and input, run"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
