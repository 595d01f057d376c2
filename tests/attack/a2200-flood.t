#!/bin/sh
# Case 22: many simultaneous connections through the socket unit's
# stand-in (systemd-socket-activate --accept: one runbox per connection).
#  (a) 200 clients from one address released at once, each sending a
#      request that fails after admission without a container (`{"code":`
#      is bad_request), with `rate_limit 50 per 3600s`: every client gets
#      one parseable reply; exactly 50 bad_request and 150 refused
#      (rate_limited, bar the odd busy from the state file lock's 200 ms
#      wait under this much scheduling pressure).
#  (b) 30 clients at once asking for time.sleep(1) with max_running 3 and
#      max_per_client 30 (the host's cap binds): every client gets a
#      reply, ok + busy = 30, and a sampler (docker ps every ~50 ms)
#      never sees more than 3 runbox containers; none is left.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 18
SAMPLER=
trap '[ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null; e2e_cleanup' EXIT
: >"$T/reply"

# flood N PREFIX SRC-CMD FILE: start N rbclients that block on the FIFO
# $T/go until all are ready, release them together, wait for them all.
# Client i writes its reply to $T/PREFIX.i and its exit status to
# $T/PREFIX.i.rc; SRC-CMD (evaluated with $i set) prints its -s address
# or nothing.  Sets FLOOD_MS to the time from the release to the last
# reply.
flood() {
	rm -f "$T/go" "$T/ready"
	mkfifo "$T/go"
	: >"$T/ready"
	fl_pids=
	i=1
	while [ "$i" -le "$1" ]; do
		src=$(eval "$3")
		(
			echo >>"$T/ready"
			: <"$T/go"
			"$TOOLS/rbclient" -w 60000 ${src:+-s "$src"} 127.0.0.1 \
			    "$PORT" "$4" >"$T/$2.$i" 2>"$T/$2.$i.err"
			echo $? >"$T/$2.$i.rc"
		) &
		fl_pids="$fl_pids $!"
		i=$((i + 1))
	done
	i=0
	while [ "$(wc -l <"$T/ready")" -lt "$1" ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	sleep 0.2	# the last ones reach the FIFO's open
	fl_t0=$(e2e_now_ms)
	exec 9>"$T/go"	# every reader's open returns at once
	# shellcheck disable=SC2086
	wait $fl_pids
	FLOOD_MS=$(($(e2e_now_ms) - fl_t0))
	exec 9>&-
}

# tally PREFIX N: one line per client: its .error or .status, "noreply"
# when the frame was bad, "unparseable" when it is not JSON.
tally() {
	i=1
	while [ "$i" -le "$2" ]; do
		if [ "$(cat "$T/$1.$i.rc" 2>/dev/null)" != 0 ]; then
			echo noreply
		else
			jq -r '.error // .status // "unparseable"' "$T/$1.$i" 2>/dev/null ||
			    echo unparseable
		fi
		i=$((i + 1))
	done
}

# busy_msgs PREFIX: diag the distinct messages of the busy replies.
busy_msgs() {
	for f in "$T"/$1.[0-9]*; do
		case $f in *.rc | *.err) continue ;; esac
		jq -r 'select(.error == "busy") | .message' "$f" 2>/dev/null
	done | sort | uniq -c | sed 's/^ */busy: /' | while read -r l; do diag "$l"; done
}

# --- (a) 200 at once from one address, rate 50 per hour ---------------
# The period is an hour, not a minute: the flood takes seconds on 2 cores
# (200 processes), and at 50 per 60s the bucket would earn a token back
# every 1.2 s of it (measured: 51 admitted in a 2.5 s flood, as GCRA
# says).  At 50 per 3600s a token takes 72 s, so exactly the burst passes.
e2e_config "rate_limit 50 per 3600s"
e2e_start
printf '{"code":' >"$T/bad.json"
since=$(date +%s.%N)
flood 200 a 'echo' "$T/bad.json"
tally a 200 >"$T/a.tally"
diag "200 clients: last reply $FLOOD_MS ms after the release;" \
    "$(sort "$T/a.tally" | uniq -c | tr -s ' \n' ' ')"
busy_msgs a
is "$(grep -c -v -e noreply -e unparseable "$T/a.tally")" 200 \
    "every one of the 200 clients got one well-formed, parseable reply"
is "$(grep -c '^bad_request$' "$T/a.tally")" 50 "exactly 50 (the burst) were admitted and refused as bad_request"
# The other 150 are refused: rate_limited, except that a process that
# cannot get the state file's lock within 200 ms answers busy (fails
# closed, docs/admission.md).  With 200 runnable processes on 2 cores a
# lock holder can be preempted that long: measured, 4 floods in 14 had
# 4-9 such busy replies.
nrl=$(grep -c '^rate_limited$' "$T/a.tally")
nlock=0
for f in "$T"/a.[0-9]*; do
	case $f in *.rc | *.err) continue ;; esac
	jq -e 'select(.error == "busy") | .message |
	    test("state file lock not available")' "$f" >/dev/null 2>&1 &&
	    nlock=$((nlock + 1))
done
is $((nrl + nlock)) 150 "the other 150 were refused: $nrl rate_limited + $nlock busy (state file lock wait, fail closed)"
[ "$nrl" -ge 120 ]
ok $? "nearly all of them as rate_limited ($nrl of 150; at least 120 expected)"
n=0
for f in "$T"/a.[0-9]*; do
	case $f in *.rc | *.err) continue ;; esac
	jq -e 'select(.error == "rate_limited") | .retryAfterMs > 0' "$f" \
	    >/dev/null 2>&1 && n=$((n + 1))
done
is "$n" "$nrl" "each rate_limited reply says when to retry (retryAfterMs > 0)"
is "$(e2e_log_count 'outcome=' 200 20)" 200 "each of the 200 connections is logged"
is "$(e2e_exits | grep -c '^0$')" 200 "all 200 runbox processes exited with status 0"
is "$(e2e_creates_since "$since")" 0 "no container was created by the flood"
[ "$FLOOD_MS" -le 45000 ]
ok $? "the flood was answered in time (last reply after $FLOOD_MS ms)"
atk_alive "200 simultaneous connections"

# --- (b) 30 runs at once, max_running 3 -------------------------------
e2e_config "state_file $T/state-b" "max_running 3" "max_per_client 30"
e2e_start
printf '%s' '{"language":"python","code":"import time\ntime.sleep(1)\nprint(\"slept\")","timeoutMs":5000}' \
    >"$T/sleep.json"
# Runbox containers that are not this flood's (another test's leftovers,
# waiting for the reaper) are left out of the counts.
docker ps -aq --filter label=runbox >"$T/base"
mine() {
	docker ps -a --filter label=runbox --format '{{.ID}} {{.State}}' |
	    grep -v -F -f "$T/base"
}
# The sampler: every ~50 ms, the state of each runbox container (created,
# running, exited, ...), one line per sample.
(
	while [ ! -e "$T/stop-sampler" ]; do
		mine | awk '{ print $2 }' | tr '\n' ' '
		echo
		sleep 0.05
	done
) >"$T/samples" 2>/dev/null &
SAMPLER=$!
flood 30 b 'echo 127.0.0.$((i % 6 + 2))' "$T/sleep.json"
i=0
while [ -n "$(mine)" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
: >"$T/stop-sampler"
wait "$SAMPLER"
SAMPLER=
tally b 30 >"$T/b.tally"
nok=$(grep -c '^ok$' "$T/b.tally")
nbusy=$(grep -c '^busy$' "$T/b.tally")
max_run=$(awk '{ n = 0; for (i = 1; i <= NF; i++) if ($i == "running") n++;
    if (n > m) m = n } END { print m + 0 }' "$T/samples")
max_all=$(awk '{ if (NF > m) m = NF } END { print m + 0 }' "$T/samples")
diag "30 clients: last reply $FLOOD_MS ms after the release; $nok ok, $nbusy busy;" \
    "$(sort "$T/b.tally" | uniq -c | tr -s ' \n' ' ')"
diag "$(wc -l <"$T/samples") samples: at most $max_run running," \
    "at most $max_all runbox containers in any state"
is "$(grep -c -v -e noreply -e unparseable "$T/b.tally")" 30 \
    "every one of the 30 clients got one well-formed, parseable reply"
is $((nok + nbusy)) 30 "each one either ran to ok or was refused busy ($nok ok + $nbusy busy)"
[ "$nok" -ge 3 ]
ok $? "at least the first 3 ran ($nok ok)"
n=0
for f in "$T"/b.[0-9]*; do
	case $f in *.rc | *.err) continue ;; esac
	jq -e 'select(.error == "busy") | .message | test("host")' "$f" \
	    >/dev/null 2>&1 && n=$((n + 1))
done
is "$n" "$nbusy" "every busy reply names the host's cap"
[ "$max_run" -ge 1 ] && [ "$max_run" -le 3 ]
ok $? "never more than 3 runbox containers running at once (max seen: $max_run)"
[ "$max_all" -le 3 ]
ok $? "never more than 3 runbox containers in any state at once (max seen: $max_all)"
is "$(mine)" "" "no container of the flood is left"
atk_next_ok "the floods"
finish
