#!/bin/sh
# The compile stage's own limits (docs/protocol.md, "compile"): its
# deadline (compileTimeoutMs), its memory (compileMemoryLimitMb), its
# output cap, and a run whose memory limit is below what the compile
# left in the working directory.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 13
e2e_config "override c tmpfs_mb 128" "max_output_bytes 4096" \
    "max_request_bytes 67108864" "max_code_bytes 50331648"
e2e_start

r=$(e2e_run rust 'fn main() { println!("hi"); }' '{"compileTimeoutMs": 50}')
e2e_fields '[.status, .compile.status, .exitCode, .stdout,
    .limits.compileTimeoutMs]' '["compile_error", "timeout", null, "", 50]' \
    "rustc past compileTimeoutMs 50 is a compile timeout: compile_error, nothing run"
[ "$(e2e_field "$r" '.compile.durationMs >= 50 and .compile.durationMs < 2000')" = true ]
ok $? "it was stopped at its deadline ($(e2e_field "$r" .compile.durationMs) ms)"

# A million initializers: gcc's cc1 takes about 130 MB for them, fast,
# so a small limit kills it at once.  (A compiler that grows slowly may
# instead page its own code in and out under the limit until its
# deadline: rustc under 16 MB does, here.)
big='#define A1 1,2,3,4,5,6,7,8,9,10
#define A2 A1,A1,A1,A1,A1,A1,A1,A1,A1,A1
#define A3 A2,A2,A2,A2,A2,A2,A2,A2,A2,A2
#define A4 A3,A3,A3,A3,A3,A3,A3,A3,A3,A3
#define A5 A4,A4,A4,A4,A4,A4,A4,A4,A4,A4
#define A6 A5,A5,A5,A5,A5,A5,A5,A5,A5,A5
#include <stdio.h>
int a[] = { A6 };
int main(void) { printf("%d\n", a[999999]); return 0; }'
r=$(e2e_run c "$big" '{"compileMemoryLimitMb": 16}')
e2e_fields '[.status, .compile.status, .exitCode, .limits.compileMemoryLimitMb]' \
    '["compile_error", "memory", null, 16]' \
    "gcc under compileMemoryLimitMb 16 is killed for memory: compile.status memory"
r=$(e2e_run c "$big" '{"compileMemoryLimitMb": 256, "memoryLimitMb": 16}')
e2e_fields '[.status, .stdout, .limits.memoryLimitMb]' '["ok", "10\n", 16]' \
    "the same program with room to compile runs under its own 16 MB"

# <bits/stdc++.h>, which the image has precompiled (image-build).
r=$(e2e_run cpp '#include <bits/stdc++.h>
int main() { std::vector<int> v{3, 1, 2}; std::sort(v.begin(), v.end());
	std::cout << v[0] << v[2] << "\n"; }' '{"compileTimeoutMs": 5000}')
e2e_fields '[.status, .stdout]' '["ok", "13\n"]' \
    "a C++ program starting with <bits/stdc++.h> compiles and runs"

# Two thousand errors: far more than max_output_bytes (4096).
code='int main(void) {'
i=0
while [ $i -lt 2000 ]; do
	code="$code x$i = 1;"
	i=$((i + 1))
done
r=$(e2e_run c "$code }")
e2e_fields '[.status, .compile.status, (.compile.stdout + .compile.stderr | utf8bytelength)]' \
    '["compile_error", "output_limit", 4096]' \
    "a compile writing past max_output_bytes is cut there: compile.status output_limit"
r=$(e2e_run c '#include <stdio.h>
int main(void) { for (int i = 0; i < 3000; i++) printf("%04d\n", i); return 0; }')
e2e_fields '[.status, .truncated, (.stdout | length)]' '["output_limit", true, 4096]' \
    "the program's own output has its own cap, the same size"

# 40 MB in the working directory before the run (a file of the request's
# here, which the compile leaves as it found it): the tmpfs is memory, and
# the run's limit is set once the compile is done.
head -c $((40 * 1024 * 1024)) /dev/zero | tr '\0' x >"$T/pad"
big() {
	jq -nc --rawfile pad "$T/pad" --argjson m "$1" '{language: "c",
	    code: "#include <stdio.h>\nint main(void) { puts(\"ran\"); return 0; }",
	    files: [{name: "pad", content: $pad}], memoryLimitMb: $m}' \
	    >"$T/big.json"
	r=$(e2e_send <"$T/big.json")
}
big 32
e2e_fields '[.status, .compile.status, .exitCode, .stdout, .oomKilled]' \
    '["memory", "ok", null, "", false]' \
    "40 MB in the tmpfs after the compile cannot run under 32 MB: status memory, not run"
big 128
e2e_fields '[.status, .stdout]' '["ok", "ran\n"]' "under 128 MB it runs"

# A compile error is not the program's: the program's fields stay empty.
r=$(e2e_run go 'package main
func main() { undefined() }')
e2e_fields '[.status, .compile.status, .stderr, .combined, .durationMs,
    .memoryPeakKb, .isError]' '["compile_error", "compile_error", "", "", 0,
    null, true]' \
    "after a failed compile the run's output is empty, its figures null or 0"
like "$(e2e_field "$r" .compile.stderr)" 'undefined' \
    "and the compiler's message is in compile.stderr"
e2e_fields '[.compile.exitCode > 0, .compile.signal, (.compile.cpuTimeMs | type)]' \
    '[true, null, "number"]' "the compile's exit code, no signal, its CPU time"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
