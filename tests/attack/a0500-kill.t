#!/bin/sh
# Hostile code that will not die or tries to kill: SIGTERM ignored, a
# sleeping child, stopping itself and everything it can, kill -9 -1.
# The deadline kill (SIGKILL to the container) must still land on time,
# and the PID namespace must keep the signals inside (a process of the
# same uid, 65534, runs on the host as a sentinel).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 22
command -v setpriv >/dev/null || bail "setpriv is missing (util-linux)"
setpriv --reuid=65534 --regid=65534 --clear-groups sleep 300 &
SENTINEL=$!
trap 'kill "$SENTINEL" 2>/dev/null; e2e_cleanup' EXIT
sentinel_ok() {
	st=$(ps -o stat= -p "$SENTINEL" 2>/dev/null)
	case $st in
	'' | T* | Z*) ok 1 "a uid 65534 process on the host is untouched by $1 (state '$st')" ;;
	*) ok 0 "a uid 65534 process on the host is untouched by $1" ;;
	esac
}

e2e_config
e2e_start

# deadline_case CODE WHAT SIGNAL: the program never ends by itself.  At
# the deadline it gets SIGTERM, and SIGKILL 250 ms later: SIGNAL is what
# ends it (SIGKILL when it ignores SIGTERM or is stopped).
deadline_case() {
	atk_run "$1" '{"timeoutMs":2000}'
	diag "$2: $(atk_get '[.status,.signal,.durationMs]|@json'), reply in $ATK_MS ms"
	is "$(atk_get '[.status,.timedOut,.exitCode,.signal]|@json')" \
	    "[\"timeout\",true,null,\"$3\"]" "$2 is ended by $3 at its 2 s deadline (status timeout)"
	[ "$ATK_MS" -ge 1900 ] && [ "$ATK_MS" -lt 4500 ]
	ok $? "$2 gets its reply within timeoutMs + 2.5 s (took $ATK_MS ms)"
}

deadline_case 'import signal
signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
print("spinning", flush=True)
while True:
    pass' "a busy loop ignoring SIGTERM, SIGINT and SIGHUP" SIGKILL
is "$(atk_get .stdout)" spinning "the busy loop's output before the kill is kept"

deadline_case 'import os
print("sleeping", flush=True)
os.system("sleep 3600")' "a child process running sleep 3600 (holding stdout open)" SIGTERM

deadline_case 'import os, signal
print("stopping my process group", flush=True)
os.kill(0, signal.SIGSTOP)
print("resumed")' "a program that stops its own process group (kill -STOP 0)" SIGKILL
is "$(atk_get .stdout)" "stopping my process group" \
    "the stopped program never resumed before the kill"

deadline_case 'import os
print("stopping everything", flush=True)
os.system("kill -STOP -1")
print("resumed")' "a program whose shell stops every process it may signal (kill -STOP -1)" SIGKILL
sentinel_ok "kill -STOP -1 in the container"
atk_next_ok "kill -STOP -1"

# kill(-1, SIGKILL) from the program itself: in its PID namespace it may
# signal nothing but itself (excluded) and the init (immune).
atk_run 'import errno, os
try:
    os.kill(-1, 9)
    print("killed something")
except OSError as e:
    print(errno.errorcode.get(e.errno, str(e.errno)))'
is "$(atk_get '[.status,.stdout]|@json')" '["ok","ESRCH\n"]' \
    "kill(-1, SIGKILL) from the program finds no process to kill (ESRCH)"
sentinel_ok "kill(-1, SIGKILL) in the container"

# The same from a shell child: the program itself dies, early.
atk_run 'import os
print("killing everything", flush=True)
os.system("kill -9 -1")
print("survived")'
diag "kill -9 -1 from a shell: $(atk_get '[.status,.signal,.exitCode]|@json'), reply in $ATK_MS ms"
is "$(atk_get '[.status,.exitCode,.signal,.timedOut]|@json')" '["runtime_error",null,"SIGKILL",false]' \
    "a shell's kill -9 -1 kills the program, which ends early with runtime_error SIGKILL"
is "$(atk_get .stdout)" "killing everything" "the program killed by kill -9 -1 did not survive it"
[ "$ATK_MS" -lt 1500 ]
ok $? "the reply after kill -9 -1 comes at once, not at the deadline (took $ATK_MS ms)"
sentinel_ok "kill -9 -1 in the container"
atk_alive "kill -9 -1 in a container"
atk_next_ok "kill -9 -1"

atk_mine_gone "the unkillable and killing programs"
atk_finish_clean
finish
