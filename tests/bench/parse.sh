#!/bin/sh
# Benchmark: the cost of parsing one request (request_parse, from the
# payload to a struct request), a small one and one with 1 MiB of code.
# A figure for docs/performance.md, not a test.
set -eu
tools=${TOOLS:-build/tools}
echo "request_parse, microseconds per parse:"
"$tools/parse-bench" -n 10000 -s 8
"$tools/parse-bench" -n 10000 -s 1048576
