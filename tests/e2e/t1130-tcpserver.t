#!/bin/sh
# runbox under tcpserver from ucspi-tcp (contrib/tcpserver.sh): the
# socket is runbox's stdin and stdout, so runbox sees the client's
# address; the log stays on tcpserver's stderr.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
command -v tcpserver >/dev/null 2>&1 ||
    bail "tcpserver is missing (make check installs the Debian package ucspi-tcp)"
CONTRIB=$(cd "$(dirname "$0")/../.." && pwd)/contrib
SUBMIT=$CONTRIB/runbox-submit
for f in runbox-submit tcpserver.sh; do
	[ -r "$CONTRIB/$f" ] || bail "$CONTRIB/$f is missing"
done

plan 7
printf 'tester:k3y\n' >"$T/keys"
chmod 600 "$T/keys"
e2e_config "keys_file $T/keys"
P=$(port_free)
RUNBOX_CONF=$T/runbox.conf PORT=$P BIND=127.0.0.1 \
    sh "$CONTRIB/tcpserver.sh" 2>>"$T/runbox.log" &
tp=$!
trap 'kill $tp 2>/dev/null; e2e_cleanup' EXIT
i=0
until ss -Hltn "sport = :$P" | grep -q .; do
	kill -0 $tp 2>/dev/null ||
	    bail "tcpserver did not start: $(tail -n 3 "$T/runbox.log")"
	i=$((i + 1))
	[ $i -lt 200 ] || bail "tcpserver does not listen on $P"
	sleep 0.05
done
export RUNBOX_PORT="$P" RUNBOX_KEY=k3y

printf 'import sys\nprint(" ".join(sys.argv[1:]))\nprint("oops", file=sys.stderr)\n' \
    >"$T/p.py"
out=$("$SUBMIT" -w 30 "$T/p.py" -- over tcpserver 2>"$T/err")
is "$?:$out:$(cat "$T/err")" "0:over tcpserver:oops" \
    "runbox-submit through tcpserver: stdout, stderr and exit status"
like "$(e2e_wait_log 'language="python"')" 'client="127\.0\.0\.1" key="tester"' \
    "runbox logs the client's address (getpeername on tcpserver's socket)"
out=$(printf 'console.log(require("fs").readFileSync(0, "utf8").length)\n' |
    "$SUBMIT" -w 30 -l javascript -i "$T/p.py")
is "$?:$out" "0:$(wc -c <"$T/p.py" | tr -d ' ')" \
    "a second connection: javascript reads its input file"
out=$(printf 'print(1)\n' | RUNBOX_KEY=nope "$SUBMIT" -w 30 -l python 2>&1)
is "$?:$out" "125:runbox-submit: unauthorized: missing or wrong key" \
    "a wrong key is refused with exit status 125"
out=$(printf '39:{"language":"python","code":"print(1)"},' |
    timeout 20 nc -N 127.0.0.1 "$P")
like "$out" '^[0-9]+:\{"error":"unauthorized",.*\},$' \
    "a raw netcat request without a key gets one netstring (unauthorized)"
is "$(e2e_log_count 'outcome=' 4)" 4 "every connection left one log line on tcpserver's stderr"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
