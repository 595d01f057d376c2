#!/bin/sh
# runbox behind socat (contrib/socat.sh): TCP-LISTEN,fork with
# EXEC:"runbox ...",nofork hands runbox the TCP socket itself, so runbox
# sees the client's address; a plain EXEC (a socketpair) makes every
# client "local".  contrib/runbox-submit works against both.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
e2e_need socat
CONTRIB=$(cd "$(dirname "$0")/../.." && pwd)/contrib
SUBMIT=$CONTRIB/runbox-submit
[ -x "$SUBMIT" ] || bail "$SUBMIT is missing or not executable"
[ -r "$CONTRIB/socat.sh" ] || bail "$CONTRIB/socat.sh is missing"

plan 12
e2e_config
SP=
# serve_socat PORT-VAR CMD...: start CMD (it listens on $P) and wait.
serve() {
	"$@" 2>>"$T/runbox.log" &
	SP="$SP $!"
	i=0
	until ss -Hltn "sport = :$P" | grep -q .; do
		kill -0 $! 2>/dev/null ||
		    bail "socat did not start: $(tail -n 3 "$T/runbox.log")"
		i=$((i + 1))
		[ $i -lt 200 ] || bail "socat does not listen on $P"
		sleep 0.05
	done
}
trap 'for p in $SP; do kill $p 2>/dev/null; done; e2e_cleanup' EXIT

P=$(port_free)
RUNBOX_CONF=$T/runbox.conf PORT=$P BIND=127.0.0.1 serve sh "$CONTRIB/socat.sh"
export RUNBOX_PORT="$P"

out=$(printf 'print(6*7)\n' | "$SUBMIT" -w 30 -l python)
is "$?:$out" "0:42" "runbox-submit through contrib/socat.sh runs python"
like "$(e2e_wait_log 'language="python"')" 'client="127\.0\.0\.1"' \
    "with EXEC:...,nofork runbox logs the TCP client's address"
printf 'process.stderr.write("e\\n"); process.exit(5)\n' >"$T/p.js"
out=$("$SUBMIT" -w 30 "$T/p.js" 2>"$T/err")
is "$?:$out:$(cat "$T/err")" "5::e" \
    "a second connection: exit status and stderr come back (javascript)"
out=$(printf 'puts 1\n' | "$SUBMIT" -w 30 -l ruby -t 999999 2>"$T/err")
is "$?" 125 "a refused request (timeoutMs over the maximum) exits 125"
like "$(cat "$T/err")" '^runbox-submit: bad_request: .*timeoutMs' \
    "and names the field"
out=$(printf '39:{"language":"python","code":"print(1)"},' |
    timeout 20 nc -N 127.0.0.1 "$P")
like "$out" '^[0-9]+:\{"status":"ok","stdout":"1\\n"' \
    "the README's netcat example gets one netstring through socat"
n=$(e2e_log_count 'outcome=' 4)
is "$n" 4 "each connection got its own runbox process and log line"
[ "$(grep -c 'client="local"' "$T/runbox.log")" -eq 0 ]
ok $? "no connection was logged as local"

# A plain EXEC (no nofork): socat relays through a socketpair.
P=$(port_free)
serve socat "TCP-LISTEN:$P,bind=127.0.0.1,reuseaddr,fork" \
    "EXEC:$RUNBOX --config $T/runbox.conf"
out=$(printf 'print("relayed")\n' | "$SUBMIT" -w 30 -p "$P" -l python)
is "$?:$out" "0:relayed" "runbox-submit works through a plain socat EXEC"
is "$(e2e_log_count 'client="local" language="python" outcome="ok"' 1)" 1 \
    "with a plain EXEC runbox sees a socketpair and logs the client as local"
out=$(printf '2:{},' | timeout 20 nc -N 127.0.0.1 "$P")
like "$out" '"error":"bad_request"' "a refusal comes back through the relay"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
