#!/bin/sh
# The pool serves a compiled language: a waiting container starts with
# the compile's memory limit, a hit compiles and runs, and each stage
# gets its own limit (the request's compile limit set when it is
# claimed, the run's between compile and run).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 14
E2E_POOL=1
e2e_config "pool_size 1" "max_per_client 8" \
    "language c runbox-gcc main.c stdbuf -oL ./main" \
    "compile c sh /usr/local/lib/runbox/compile-c" \
    "default_language c"
e2e_start

# The program prints its cgroup's memory limit: the run's.
limit='#include <stdio.h>
int main(void) {
	char b[64] = "";
	FILE *f = fopen("/sys/fs/cgroup/memory/memory.limit_in_bytes", "r");
	if (f == NULL)
		f = fopen("/sys/fs/cgroup/memory.max", "r");
	if (f != NULL && fgets(b, sizeof(b), f) != NULL)
		fputs(b, stdout);
	return 0;
}'

e2e_req_done "$(jq -nc --arg c "$limit" '{language: "c", code: $c}')"
like "$(e2e_last)" 'pool="miss"' "a first c request misses the empty pool"
is "$(e2e_field "$r" '[.status, .compile.status] | @json')" '["ok","ok"]' \
    "and is compiled and run"
is "$(e2e_pool c | wc -l)" 1 "after it, one c container is started and waiting"
id=$(e2e_pool c)
is "$(docker inspect -f '{{.HostConfig.Memory}}' "$id")" $((512 * 1024 * 1024)) \
    "it waits with the compile's memory limit (compile_memory_mb 512)"

e2e_req_done "$(jq -nc --arg c "$limit" '{language: "c", code: $c, memoryLimitMb: 48}')"
like "$(e2e_last)" 'pool="hit"' "the next c request is a pool hit"
is "$(e2e_field "$r" '[.status, .compile.status] | @json')" '["ok","ok"]' \
    "a pooled c program is compiled and run"
is "$(e2e_field "$r" .stdout)" "$((48 * 1024 * 1024))" \
    "its run is held to its own memoryLimitMb 48, set between compile and run"

e2e_req_done "$(jq -nc '{language: "c", code: "int main(void) { return x; }",
    compileMemoryLimitMb: 256}')"
like "$(e2e_last)" 'pool="hit"' "a request with its own compile limit is a hit too"
is "$(e2e_field "$r" '[.status, .compile.status] | @json')" \
    '["compile_error","compile_error"]' \
    "its compile error ends it there, from the pool as anywhere"
like "$(e2e_field "$r" .compile.stderr)" "undeclared" \
    "with the compiler's message"

# A batch on a pooled container: compiled once, each test held to the run's limit.
e2e_req_done "$(jq -nc --arg c "$limit" '{language: "c", code: $c, memoryLimitMb: 40,
    tests: [{}, {}, {}], returnFiles: ["main.c"]}')"
like "$(e2e_last)" 'pool="hit"' "a batch of tests is a pool hit too"
is "$(e2e_field "$r" '[.status, [.tests[].stdout] == [range(3) | "\(40 * 1024 * 1024)\n"],
    (.files[0].contentBase64 | @base64d | test("memory.max"))] | @json')" '["ok",true,true]' \
    "its three tests each ran under memoryLimitMb 40, and its file came back"

e2e_pool_drain
is "$(e2e_pool | wc -l)" 0 "pool_size 0 and runbox --reap remove the pool"
e2e_wait_clean
ok $? "no runbox container is left"
finish
