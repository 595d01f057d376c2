#!/bin/sh
# Hostile code that leaves something behind: a setsid double-fork daemon,
# then exit 0.  The reply is ok and comes at once, and nothing survives:
# the daemon dies with the container (its PID namespace), and the
# container is removed.  The daemon execs sleep with an argument unique
# to this test, so the host's process table shows whether it lives.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 12
e2e_config
e2e_start

MARK=3599.$$
daemon_alive() {
	pgrep -f "^sleep $MARK\$" >/dev/null
}

# daemon CLOSE: the daemon closes its stdio (CLOSE=1) or keeps the
# attach stream's pipes open (CLOSE=0).  The program waits a moment, so
# that the host can see the daemon while the run lasts.
daemon_code='import os, sys, time
close = sys.argv[1] == "1"
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        if close:
            fd = os.open("/dev/null", os.O_RDWR)
            for i in range(3):
                os.dup2(fd, i)
        os.execv("/bin/sleep", ["sleep", sys.argv[2]])
    os._exit(0)
print("daemon started", flush=True)
time.sleep(1)
print("parent exits", flush=True)'

for close in 1 0; do
	case $close in
	1) what="a setsid double-fork daemon with its stdio closed" ;;
	0) what="a setsid double-fork daemon holding stdout and stderr open" ;;
	esac
	atk_py "$daemon_code" "$(jq -nc --arg c "$close" --arg m "$MARK" \
	    '{args: [$c, $m], timeoutMs: 5000}')" >"$T/request"
	echo request >>"$T/requests"
	t0=$(e2e_now_ms)
	e2e_send <"$T/request" >"$T/reply" &
	client=$!
	seen=no
	i=0
	while [ $i -lt 40 ]; do
		daemon_alive && { seen=yes; break; }
		i=$((i + 1))
		sleep 0.05
	done
	wait "$client"
	ms=$(($(e2e_now_ms) - t0))
	is "$seen" yes "$what is running on the host while its program runs (the control)"
	is "$(atk_get '[.status,.exitCode,.stdout]|@json')" '["ok",0,"daemon started\nparent exits\n"]' \
	    "$what: the program's exit 0 is the reply, status ok"
	[ "$ms" -lt 3500 ]
	ok $? "$what does not hold the reply until the 5 s deadline (took $ms ms)"
	i=0
	while daemon_alive && [ $i -lt 50 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	daemon_alive
	ok $((!$?)) "$what is gone from the host once the reply is in"
	atk_mine_gone "$what"
done
atk_next_ok "the daemons"
atk_finish_clean
finish
