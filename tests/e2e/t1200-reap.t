#!/bin/sh
# runbox --reap (runbox(8)): containers past their deadline label go, nothing
# else; --invocation removes exactly one systemd invocation's container.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 16
e2e_config
conf=$T/runbox.conf
now=$(date +%s)
mk() { docker create "$@" runbox-python true; }
old=$(mk --label runbox=$((now - 10)))
future=$(mk --label runbox=$((now + 600)))
plain=$(mk --label other=1)
garbage=$(mk --label runbox=soon)
exists() { docker inspect "$1" >/dev/null 2>&1; }

"$RUNBOX" --reap --config "$conf" 2>"$T/reap.log"
is $? 0 "runbox --reap succeeds"
exists "$old"
is $? 1 "a runbox container past its deadline is removed"
exists "$future"
is $? 0 "a runbox container within its deadline is left to its process"
exists "$plain"
is $? 0 "an unlabelled container is never touched"
exists "$garbage"
is $? 0 "a runbox label that is not a deadline is not trusted"
like "$(cat "$T/reap.log")" "1 past their deadline removed" "the reap is logged"
"$RUNBOX" --reap --config "$conf" 2>"$T/reap.log"
is "$?:$(cat "$T/reap.log")" "0:" "a reap with nothing to do is quiet"
docker rm -f "$future" "$plain" "$garbage" >/dev/null

# --invocation: the container named after systemd's INVOCATION_ID.
id=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
mine=$(mk --name "runbox-$id" --label runbox=$((now + 600)))
INVOCATION_ID=$id "$RUNBOX" --reap --invocation --config "$conf" 2>"$T/reap.log"
is $? 0 "runbox --reap --invocation succeeds"
exists "$mine"
is $? 1 "it removes this invocation's container even within its deadline"
INVOCATION_ID=$id "$RUNBOX" --reap --invocation --config "$conf" 2>"$T/reap.log"
is $? 0 "nothing to remove (the process did it) is no error"
other=$(mk --name "runbox-$id")
INVOCATION_ID=$id "$RUNBOX" --reap --invocation --config "$conf" 2>"$T/reap.log"
is $? 1 "a container of that name without the runbox label is refused"
exists "$other"
is $? 0 "and left alone"
docker rm -f "$other" >/dev/null
"$RUNBOX" --reap --invocation --config "$conf" 2>"$T/reap.log"
is $? 1 "--invocation without INVOCATION_ID fails"
like "$(cat "$T/reap.log")" "INVOCATION_ID" "and says what is missing"

# A serving runbox under systemd names its container runbox-$INVOCATION_ID.
j='{"code":"import time\ntime.sleep(2)","timeoutMs":5000}'
printf '%d:%s,' "${#j}" "$j" >"$T/req"
INVOCATION_ID=$id "$RUNBOX" --config "$conf" <"$T/req" >"$T/out" 2>>"$T/runbox.log" &
pid=$!
i=0
until docker ps --filter "name=runbox-$id" --format '{{.Names}}' | grep -q .; do
	i=$((i + 1)); [ $i -lt 100 ] || break; sleep 0.05
done
is "$(docker ps --filter "name=runbox-$id" --format '{{.Names}}')" "runbox-$id" \
    "under systemd the container is named runbox-\$INVOCATION_ID"
wait $pid

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
