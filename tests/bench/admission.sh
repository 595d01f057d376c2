#!/bin/sh
# Benchmark: the cost of one admission decision (lock, lookup, update,
# unlock of the shared state file) at 1 and 50 concurrent processes.
# A figure for the note and docs/admission.md, not a test.
set -eu
tools=${TOOLS:-build/tools}
dir=$(mktemp -d "${TMPDIR:-/tmp}/runbox-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
echo "admission decision, own key per process (microseconds):"
"$tools/admit-bench" -p 1 -n 20000 "$dir/state"
"$tools/admit-bench" -p 50 -n 2000 "$dir/state"
echo "admission decision, one shared key:"
"$tools/admit-bench" -s -p 50 -n 2000 "$dir/state"
