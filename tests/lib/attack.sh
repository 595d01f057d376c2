# attack.sh: helpers for the hostile-code tests (tests/attack/).  Source it
# after tap.sh and e2e.sh.
#
#   atk_py CODE [JSON]        a python request (JSON object) for CODE, with
#                             the fields of JSON and of $ATK_EXTRA merged in
#   atk_run CODE [JSON]       send it to the listener; the reply goes to
#                             $T/reply, the wall time in ms to $ATK_MS
#   atk_direct CODE [JSON]    run $RUNBOX directly (no socket) under
#                             /usr/bin/time; reply to $T/reply, its peak
#                             RSS in kB to $ATK_RSS, the time to $ATK_MS
#   atk_get JQ-FILTER         one field of $T/reply (jq -r)
#   atk_out                   the program's stdout from $T/reply
#   atk_next_ok WHAT          test: a plain request right after WHAT is ok
#   atk_alive WHAT            test: the listener survived WHAT
#   atk_mine_gone WHAT        test: every container this script caused
#                             (named in its log) is gone, whatever other
#                             tests run at the same time
#   atk_finish_clean          the suite's usual final check: no runbox
#                             container left at all (a longer wait, for
#                             concurrent test runs)

ATK_EXTRA=${ATK_EXTRA:-'{}'}
ATK_MS=0
ATK_RSS=0
: >"$T/requests"

atk_py() {
	atk_x=${2-}
	[ -n "$atk_x" ] || atk_x='{}'
	jq -nc --arg code "$1" --argjson x "$atk_x" --argjson k "$ATK_EXTRA" \
	    '{language: "python", code: $code} + $k + $x'
}

atk_run() {
	atk_py "$1" "${2-}" >"$T/request"
	echo request >>"$T/requests"
	atk_t0=$(e2e_now_ms)
	e2e_send <"$T/request" >"$T/reply"
	atk_rc=$?
	ATK_MS=$(($(e2e_now_ms) - atk_t0))
	return $atk_rc
}

atk_direct() {
	[ -x /usr/bin/time ] || bail "/usr/bin/time is missing (apt-get install time)"
	atk_py "$1" "${2-}" >"$T/request"
	atk_len=$(wc -c <"$T/request")
	{ printf '%d:' "$atk_len"; cat "$T/request"; printf ','; } >"$T/request.ns"
	echo request >>"$T/requests"
	atk_t0=$(e2e_now_ms)
	/usr/bin/time -f %M -o "$T/rss" "$RUNBOX" --config "$T/runbox.conf" \
	    <"$T/request.ns" >"$T/reply.ns" 2>>"$T/runbox.log"
	atk_rc=$?
	ATK_MS=$(($(e2e_now_ms) - atk_t0))
	ATK_RSS=$(tail -n 1 "$T/rss")
	# Unframe: LENGTH ":" PAYLOAD ","
	atk_len=$(head -c 16 "$T/reply.ns" | sed -n 's/^\([0-9]*\):.*/\1/p')
	: >"$T/reply"
	[ -n "$atk_len" ] || return 1
	tail -c +$((${#atk_len} + 2)) "$T/reply.ns" | head -c "$atk_len" >"$T/reply"
	[ "$(wc -c <"$T/reply.ns")" -eq $((${#atk_len} + atk_len + 2)) ] &&
	    [ "$(tail -c 1 "$T/reply.ns")" = , ] && return $atk_rc
	return 1
}

atk_get() {
	jq -r "$1" "$T/reply" 2>/dev/null
}

atk_out() {
	jq -r .stdout "$T/reply" 2>/dev/null
}

atk_next_ok() {
	atk_save=$(cat "$T/reply")
	atk_run 'print("next")'
	is "$(jq -c '[.status,.stdout]' "$T/reply" 2>/dev/null)" '["ok","next\n"]' \
	    "a plain request right after $1 is served normally"
	printf '%s' "$atk_save" >"$T/reply"
}

atk_alive() {
	[ -n "$E2E_PID" ] && kill -0 "$E2E_PID" 2>/dev/null
	ok $? "the listener on the host survives $1"
}

# Container ids named in the log (12 hex digits) still known to the engine.
atk_mine_left() {
	atk_all=$(docker ps -aq --no-trunc --filter label=runbox 2>/dev/null)
	atk_n=0
	for atk_id in $(sed -n 's/.*container="\([0-9a-f]*\)".*/\1/p' \
	    "$T/runbox.log" 2>/dev/null) $(sed -n \
	    's/.*container \([0-9a-f]*\) left for the reaper.*/\1/p' \
	    "$T/runbox.log" 2>/dev/null); do
		printf '%s\n' "$atk_all" | grep -q "^$atk_id" &&
		    atk_n=$((atk_n + 1))
	done
	echo "$atk_n"
}

atk_mine_gone() {
	atk_want=$(wc -l <"$T/requests")
	# Each connection's log line comes after its container is removed.
	atk_got=$(e2e_log_count 'outcome=' "$atk_want" 15)
	atk_i=0
	while [ "$(atk_mine_left)" -ne 0 ] && [ $atk_i -lt 100 ]; do
		sleep 0.1
		atk_i=$((atk_i + 1))
	done
	[ "$atk_got" -ge "$atk_want" ] && [ "$(atk_mine_left)" -eq 0 ]
	ok $? "no container of this test remains after $1 ($atk_got of $atk_want runs logged)" ||
	    diag "$(tail -n 5 "$T/runbox.log")"
}

atk_finish_clean() {
	e2e_wait_clean 60
	is "$(e2e_leftovers)" 0 "no runbox container is left"
}
