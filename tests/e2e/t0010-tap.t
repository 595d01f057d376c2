#!/bin/sh
# The shell TAP helper's skips (tests/lib/tap.sh): skip is one test that
# counts in the plan and fails nothing, skip_all is the empty plan with
# its reason and exit 0.  Needs no engine.
. "$(dirname "$0")/../lib/tap.sh"

TAP_SH="$(cd "$(dirname "$0")/../lib" && pwd)/tap.sh"

plan 7
out=$(sh -c '. "$1"; plan 3; ok 0 "real"; skip "no engine here"
    skip "not root"; finish' sh "$TAP_SH")
st=$?
is "$out" "1..3
ok 1 - real
ok 2 # skip no engine here
ok 3 # skip not root" "skip prints one \"ok N # skip REASON\" per test, numbered on"
is "$st" 0 "skipped tests count in the plan and fail nothing"

out=$(sh -c '. "$1"; plan 2; skip "one"; finish' sh "$TAP_SH")
st=$?
is "$out" "1..2
ok 1 # skip one" "a skip is one test, not the rest of the plan"
[ "$st" -ne 0 ]
ok $? "a plan short of its tests still fails with skips in it"

out=$(sh -c '. "$1"; todo "later"; skip "not here"; ok 1 "after"; finish' \
    sh "$TAP_SH")
like "$out" 'not ok 2 - after$' "a skip uses up a pending todo: the next test is not a TODO"

out=$(sh -c '. "$1"; skip_all "no cgroup v1 on this host"; plan 1; ok 1 x' \
    sh "$TAP_SH")
st=$?
is "$out" "1..0 # SKIP no cgroup v1 on this host" \
    "skip_all prints the empty plan with its reason and nothing after it"
is "$st" 0 "skip_all exits 0"
finish
