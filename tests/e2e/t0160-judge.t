#!/bin/sh
# Judge mode and returned files (docs/protocol.md, "Tests", "Returned
# files"): a batch of tests run once each from the same start, compiled
# once, with verdicts; files sent back from the working directory, never
# through a link; one output cap over all of it.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 35
e2e_need base64 sha256sum python3
e2e_config
e2e_start

# --- twenty tests, mixed verdicts: n -> 2n; 5 and 12 expect a wrong
# answer, 7's expected output has blanks at its ends (accepted), 9 has
# none (not judged).
tests=$(jq -cn '[range(1; 21) | . as $i | {input: "\($i)\n"} +
    (if $i == 9 then {}
     elif $i == 5 or $i == 12 then {expectedOutput: "\($i * 2 + 1)\n"}
     elif $i == 7 then {expectedOutput: "\($i * 2) \t\n\n"}
     else {expectedOutput: "\($i * 2)"} end)]')
verdicts=$(jq -cn '[range(1; 21) | if . == 9 then null
    elif . == 5 or . == 12 then "wrong_answer" else "accepted" end]')

batch() {
	r=$(e2e_run "$1" "$2" "{\"tests\": $tests}")
	e2e_fields '[.status, ([.tests[].status] | unique), [.tests[].verdict]]' \
	    "[\"wrong_answer\", [\"ok\"], $verdicts]" \
	    "$1: 20 tests, all ok, verdicts accepted, wrong_answer (5, 12) and null (9): status wrong_answer"
	e2e_fields '[.stdout, .exitCode, .isError, [.tests[].stdout] == [range(1; 21) | "\(. * 2)\n"]]' \
	    '["10\n", 0, true, true]' \
	    "$1: each test read its own input; the top level is the first wrong answer's (test 5)"
	e2e_fields '[.tests[] | (.durationMs | type), (.cpuTimeMs | type),
	    (.memoryPeakKb > 0), .exitCode] | unique' '["number", 0, true] | unique' \
	    "$1: each test has its own duration, CPU time, memory peak and exit code"
}
batch python 'n = int(input())
print(n * 2)'
batch c '#include <stdio.h>
int main(void) { int n; if (scanf("%d", &n) != 1) return 1; printf("%d\n", n * 2); return 0; }'
is "$(e2e_field "$r" '.compile.status')" ok "c: the batch was compiled once (one compile object, ok)"

r=$(e2e_run python 'print(int(input()) * 2)' \
    '{"tests": [{"input": "1\n", "expectedOutput": "2\n"}, {"input": "2\n", "expectedOutput": "4"}]}')
e2e_fields '[.status, .isError, .stdout, [.tests[].verdict]]' \
    '["ok", false, "4\n", ["accepted", "accepted"]]' \
    "all accepted: status ok, the top level is the last test's"

# --- test 3 of 5 times out; the others still run.
r=$(e2e_run python 'import time
s = input()
if s == "sleep":
    print("sleeping", flush=True)
    time.sleep(60)
print(s)' '{"timeoutMs": 500, "tests": [{"input": "a"}, {"input": "b"},
    {"input": "sleep"}, {"input": "d"}, {"input": "e"}]}')
e2e_fields '[.status, [.tests[].status], .tests[2].timedOut, .tests[2].stdout,
    [.tests[].stdout][3:]]' \
    '["timeout", ["ok", "ok", "timeout", "ok", "ok"], true, "sleeping\n", ["d\n", "e\n"]]' \
    "a test past timeoutMs times out alone; the tests after it run; status timeout"
e2e_fields '[.timedOut, .stdout, (.tests[2].durationMs >= 500 and .tests[2].durationMs < 1500),
    (.tests[3].durationMs < 400)]' '[true, "sleeping\n", true, true]' \
    "the top level is the timed-out test's; each test had its own deadline"

# --- each test starts from the working directory as the first found it.
state='import os
def seen(p):
    return "seen" if os.path.exists(p) else "fresh"
print(seen("state.txt"), seen("/dev/shm/s"), sorted(os.listdir(".")),
    open("data/in.txt").read())
open("state.txt", "w").write("x")
open("/dev/shm/s", "w").write("x")
open("data/in.txt", "a").write("more")
os.chmod("data", 0o500)
os.remove("main.py")
os.symlink("/etc", "etc")'
r=$(e2e_run python "$state" '{"files": [{"name": "data/in.txt", "content": "abc"}],
    "tests": [{}, {}, {}]}')
e2e_fields '[.status, ([.tests[].stdout] | unique)]' \
    "[\"ok\", [\"fresh fresh ['data', 'main.py'] abc\\n\"]]" \
    "python: no test sees what an earlier one wrote, removed or locked (tmp, /dev/shm, files, the code)"
r=$(e2e_run c '#include <stdio.h>
#include <unistd.h>
int main(void) {
	printf("%s\n", access("state", F_OK) == 0 ? "seen" : "fresh");
	FILE *f = fopen("state", "w");
	if (f == NULL || fputs("x", f) < 0 || fclose(f) != 0) return 2;
	return unlink("main") == 0 ? 0 : 3;
}' '{"tests": [{}, {}, {}]}')
e2e_fields '[.status, [.tests[].stdout], [.tests[].exitCode]]' \
    '["ok", ["fresh\n", "fresh\n", "fresh\n"], [0, 0, 0]]' \
    "c: each test runs the compiled program again, though the one before removed it"

# --- stopOnFailure
r=$(e2e_run python 'print(input())' '{"stopOnFailure": true, "tests": [
    {"input": "a", "expectedOutput": "a"}, {"input": "b", "expectedOutput": "x"},
    {"input": "c", "expectedOutput": "c"}, {"input": "d"}]}')
e2e_fields '[.status, [.tests[].status], [.tests[].verdict], .tests[2].stdout, .tests[2].exitCode]' \
    '["wrong_answer", ["ok", "ok", "skipped", "skipped"], ["accepted", "wrong_answer", null, null], "", null]' \
    "stopOnFailure: the batch stops at the first wrong answer, the rest skipped"
r=$(e2e_run python 'import sys
s = input()
print(s)
sys.exit(4 if s == "b" else 0)' '{"stopOnFailure": true, "tests": [{"input": "a"},
    {"input": "b"}, {"input": "c"}]}')
e2e_fields '[.status, [.tests[].status], .exitCode]' \
    '["runtime_error", ["ok", "runtime_error", "skipped"], 4]' \
    "stopOnFailure: a runtime error stops it too"
r=$(e2e_run python 'import sys
s = input()
print(s)
sys.exit(4 if s == "b" else 0)' '{"tests": [{"input": "a"}, {"input": "b"}, {"input": "c"}]}')
e2e_fields '[.status, [.tests[].status]]' \
    '["runtime_error", ["ok", "runtime_error", "ok"]]' \
    "without stopOnFailure, the tests after a runtime error run"

# --- memory: one test's bomb is its own.
r=$(e2e_run python 'import sys
if input() == "bomb":
    print("allocating", flush=True)
    x = bytearray(200 * 1024 * 1024)
print("fine")' '{"memoryLimitMb": 32, "tests": [{"input": "a"}, {"input": "bomb"}, {"input": "c"}]}')
e2e_fields '[.status, [.tests[].status], [.tests[].oomKilled], .tests[2].stdout]' \
    '["memory", ["ok", "memory", "ok"], [false, true, false], "fine\n"]' \
    "a test killed for memory is status memory alone; the next one runs in its limit"

# --- a compile that fails: no test runs.
r=$(e2e_run c 'int main(void) { return x; }' '{"tests": [{"input": "1"}, {"input": "2"}]}')
e2e_fields '[.status, .compile.status, [.tests[].status], .exitCode]' \
    '["compile_error", "compile_error", ["skipped", "skipped"], null]' \
    "a failed compile: status compile_error, every test skipped"

# --- a 50 KB PNG made with the standard library, back byte for byte.
png='import hashlib, random, struct, zlib
w = h = 132
rnd = random.Random(7)
raw = b"".join(b"\0" + rnd.randbytes(w * 3) for _ in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
open("plot.png", "wb").write(png)
print(len(png), hashlib.sha256(png).hexdigest())'
r=$(e2e_run python "$png" '{"returnFiles": ["plot.png"]}')
e2e_field "$r" '.files[0].contentBase64' | base64 -d >"$T/plot.png"
size=$(wc -c <"$T/plot.png")
is "$size $(sha256sum "$T/plot.png" | cut -d' ' -f1)" "$(e2e_field "$r" '.stdout' | tr -d '\n')" \
    "a PNG of $size bytes comes back byte for byte (size and SHA-256 as the program printed them)"
e2e_fields '[.status, .files[0].name, .files[0].type, .files[0].size > 50000,
    .files[0].truncated, .files[0].missing, .files[0].error]' \
    '["ok", "plot.png", "file", true, false, false, null]' \
    "the file's entry: name, type file, its size, not truncated, no error"
python3 - "$T/plot.png" <<'EOF'
import random, sys, zlib
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n"
i = d.index(b"IDAT")
n = int.from_bytes(d[i - 4:i], "big")
rnd = random.Random(7)
assert zlib.decompress(d[i + 4:i + 4 + n]) == b"".join(
    b"\0" + rnd.randbytes(396) for _ in range(132))
EOF
ok $? "the PNG decodes here to the pixels the program drew"

# --- what is not a regular file is not followed, nor returned.
r=$(e2e_run python 'import os
os.symlink("/etc/passwd", "pw")
os.symlink("/etc", "etc")
os.mkdir("d")
open("secret", "w").write("s")
os.chmod("secret", 0)
os.mkfifo("fifo")
os.makedirs("out/sub")
open("out/sub/ok.txt", "w").write("fine\n")
print("made")' '{"returnFiles": ["pw", "etc/passwd", "d", "secret", "fifo",
    "nope", "out/sub/ok.txt", "out/nope/x"]}')
e2e_fields '[.files[] | [.name, .type, .missing, .contentBase64]]' \
    '[["pw", "symlink", false, null], ["etc/passwd", "symlink", false, null],
      ["d", "directory", false, null], ["secret", null, false, null],
      ["fifo", "other", false, null], ["nope", null, true, null],
      ["out/sub/ok.txt", "file", false, "ZmluZQo="], ["out/nope/x", null, true, null]]' \
    "returnFiles: a link to /etc/passwd, or through /etc, is refused; a directory, an unreadable file, a fifo and a missing one say so; a file in a subdirectory comes back"
e2e_fields '[.files[0].error, .files[3].error, .files[5].error]' \
    '["a symbolic link: not followed", "cannot be read", "no such file"]' \
    "returnFiles: each refusal says why"
case $(e2e_field "$r" '[.files[].contentBase64 // "" | @base64d] | join("")') in
*root:*) false ;;
esac
ok $? "nothing of /etc/passwd is in the returned content"

# After a batch: the last test's files.  After a failed compile: the files.
r=$(e2e_run python 'import sys
s = input()
open("out.txt", "w").write(s)' '{"tests": [{"input": "one"}, {"input": "two"}], "returnFiles": ["out.txt"]}')
is "$(e2e_field "$r" '.files[0].contentBase64 | @base64d')" two \
    "returnFiles with tests: the file the last test wrote"
r=$(e2e_run c 'int main(void) { return x; }' '{"returnFiles": ["main.c", "main"]}')
e2e_fields '[.status, (.files[0].contentBase64 | @base64d), .files[1].missing]' \
    '["compile_error", "int main(void) { return x; }", true]' \
    "returnFiles after a failed compile: the source is there, no binary"

# --- refusals
r=$(e2e_run python 'print(1)' '{"input": "x", "tests": [{"input": "y"}]}')
e2e_fields '[.error, (.message | test("\"input\""))]' '["bad_request", true]' \
    "input with tests is refused, naming input"
r=$(e2e_run python 'print(1)' "{\"tests\": $(jq -cn '[range(33) | {}]')}")
e2e_fields '[.error, (.message | test("max_tests"))]' '["bad_request", true]' \
    "33 tests (max_tests 32) are refused"
r=$(e2e_run python 'print(1)' '{"stopOnFailure": true}')
is "$(e2e_field "$r" .error)" bad_request "stopOnFailure without tests is refused"
r=$(e2e_run python 'print(1)' '{"returnFiles": ["../etc/passwd"]}')
e2e_fields '[.error, (.message | test("returnFiles\\[0\\]"))]' '["bad_request", true]' \
    "a returnFiles name outside the working directory is refused"
r=$(e2e_run python 'print(1)' '{"returnFiles": ["a","b","c","d","e","f","g","h","i"]}')
is "$(e2e_field "$r" .error)" bad_request "nine returnFiles are refused"
r=$(e2e_run python 'print(1)' '{"tests": [{"input": "y", "output": "z"}]}')
e2e_fields '[.error, (.message | test("tests\\[0\\]"))]' '["bad_request", true]' \
    "an unknown member of a test is refused, naming the test"

# --- one output cap over the tests and the files.
e2e_stop
e2e_config "max_output_bytes 4096"
e2e_start
r=$(e2e_run python 'import sys
open("f.txt", "w").write("y" * 100)
sys.stdout.write("x" * 1500)' '{"tests": [{}, {}, {}, {}, {}], "returnFiles": ["f.txt"]}')
e2e_fields '[.status, [.tests[].status], [.tests[].truncated], ([.tests[].stdout | length] | add),
    (.tests[2].stdout | length)]' \
    '["output_limit", ["ok", "ok", "output_limit", "skipped", "skipped"],
      [false, false, true, false, false], 4096, 1096]' \
    "max_output_bytes caps the tests together: the test that reaches it is cut, the rest skipped"
e2e_fields '[.files[0].size, .files[0].truncated, .files[0].contentBase64]' \
    '[100, true, ""]' "a file past the cap (test 3 wrote it before its output) comes back empty and truncated, with its size"
r=$(e2e_run python 'import sys
sys.stdout.write("x" * 4000)
open("f.txt", "w").write("y" * 100)' '{"returnFiles": ["f.txt"]}')
e2e_fields '[.status, (.stdout | length), .files[0].size, (.files[0].contentBase64 | @base64d | length),
    .files[0].truncated]' '["ok", 4000, 100, 96, true]' \
    "a returned file shares the cap with the output: 4000 + 96 bytes of 4096"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
