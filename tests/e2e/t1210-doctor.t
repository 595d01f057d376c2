#!/bin/sh
# runbox --doctor (runbox(8)): one line per check, OK or FAIL with a hint,
# exit 1 on any FAIL.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 24
printf 'alice:s3cret\n' >"$T/keys"
chmod 600 "$T/keys"
e2e_config "keys_file $T/keys"
out=$("$RUNBOX" --doctor --config "$T/runbox.conf")
is $? 0 "a healthy host passes --doctor"
for what in config keys state engine runtime cgroups swap \
    "language python" "language javascript" "language ruby" \
    "language pypy" "language bash" "language perl" "language php" \
    "language lua"; do
	like "$out" "^OK   $what: " "--doctor checks $what"
done
like "$out" '^OK   language lua: image runbox-lua present \(Lua 5\.[0-9.]*, recipe [0-9a-f]{16}\)' \
    "--doctor shows an image's runtime version (its runbox.version label)"
is "$(printf '%s\n' "$out" | grep -vc '^\(OK  \|FAIL\) ')" 0 \
    "every line starts with OK or FAIL"

e2e_config "docker_socket $T/nothing.sock" \
    "language python runbox-no-such-image main.py python3 main.py" \
    "state_file $T/no/such/dir/state"
out=$("$RUNBOX" --doctor --config "$T/runbox.conf")
is $? 1 "a broken host fails --doctor"
like "$out" "^FAIL engine: .*hint" "an unreachable engine is a FAIL with a hint"
like "$out" "^FAIL state: .*hint" "an unusable state file is a FAIL with a hint"
e2e_config "language python runbox-no-such-image main.py python3 main.py"
out=$("$RUNBOX" --doctor --config "$T/runbox.conf")
like "$out" "^FAIL language python: image runbox-no-such-image .*make images" \
    "a missing image is a FAIL that says how to build it"
e2e_config "runtime runbox-no-such-runtime"
out=$("$RUNBOX" --doctor --config "$T/runbox.conf")
like "$out" '^FAIL runtime: runbox-no-such-runtime is not known to the engine \(it knows .*runc.*\) \(hint: add it under "runtimes" in /etc/docker/daemon.json, then reload dockerd' \
    "a runtime the engine does not know is a FAIL that lists the known ones and says how to register one"
printf 'runtime_is_missing x\n' >"$T/bad.conf"
out=$("$RUNBOX" --doctor --config "$T/bad.conf" 2>/dev/null)
like "$out" "^FAIL config: .*bad.conf:1" "a bad config file is a FAIL naming file and line"
finish
