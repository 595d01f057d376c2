#!/bin/sh
# runbox under xinetd, configured by contrib/xinetd.d/runbox (ports and
# paths changed for the test) with contrib/runbox-inetd as the server: the
# client gets one clean netstring, the log goes to a file, never to the
# client (xinetd hands the program the socket as stderr too).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
XINETD=${XINETD:-$(command -v xinetd || echo /usr/sbin/xinetd)}
[ -x "$XINETD" ] || bail "xinetd is missing (make check installs the" \
    "Debian package xinetd; it conflicts with openbsd-inetd, see t1140)"
CONTRIB=$(cd "$(dirname "$0")/../.." && pwd)/contrib
SUBMIT=$CONTRIB/runbox-submit
for f in runbox-submit runbox-inetd xinetd.d/runbox; do
	[ -r "$CONTRIB/$f" ] || bail "$CONTRIB/$f is missing"
done

plan 12
e2e_config
P=$(port_free)
mkdir "$T/xinetd.d"
# The snippet as shipped, with the test's port, address, user and paths.
sed -e "s|^\([[:space:]]*port[[:space:]]*=[[:space:]]*\)7000\$|\1$P\n\tbind\t\t= 127.0.0.1|" \
    -e "s#^\([[:space:]]*\)\(user\|group\)\([[:space:]]*=[[:space:]]*\)runbox\$#\1\2\3root#" \
    -e "s|/usr/local/libexec/runbox/runbox-inetd|$CONTRIB/runbox-inetd|" \
    -e "s|-r /usr/local/bin/runbox -- --config /etc/runbox/runbox.conf|-r $RUNBOX -f $T/runbox.log -- --config $T/runbox.conf|" \
    "$CONTRIB/xinetd.d/runbox" >"$T/xinetd.d/runbox"
grep -q "port.*= $P" "$T/xinetd.d/runbox" &&
    grep -q "user.*= root" "$T/xinetd.d/runbox" &&
    grep -q "server_args.*$T/runbox.conf" "$T/xinetd.d/runbox" ||
    bail "contrib/xinetd.d/runbox no longer has the lines this test adapts"
cat >"$T/xinetd.conf" <<CFG
defaults
{
}
includedir $T/xinetd.d
CFG
"$XINETD" -dontfork -f "$T/xinetd.conf" -filelog "$T/xinetd.log" \
    >"$T/xinetd.out" 2>&1 &
xp=$!
trap 'kill $xp 2>/dev/null; e2e_cleanup' EXIT
i=0
until ss -Hltn "sport = :$P" | grep -q .; do
	kill -0 $xp 2>/dev/null || bail "xinetd did not start here:" \
	    "$(cat "$T/xinetd.out" "$T/xinetd.log" 2>/dev/null | tail -n 5)"
	i=$((i + 1))
	[ $i -lt 200 ] || bail "xinetd does not listen on $P:" \
	    "$(cat "$T/xinetd.out" "$T/xinetd.log" 2>/dev/null | tail -n 5)"
	sleep 0.05
done
export RUNBOX_PORT="$P"

printf 'import sys\nprint(sys.stdin.read().strip()[::-1])\nsys.exit(4)\n' \
    >"$T/p.py"
printf 'xinetd\n' >"$T/in"
out=$("$SUBMIT" -w 30 -i "$T/in" "$T/p.py")
is "$?:$out" "4:dtenix" "runbox-submit through xinetd: output and exit status"
like "$(e2e_wait_log 'language="python"')" 'client="127\.0\.0\.1".*outcome="runtime_error"' \
    "runbox-inetd -f puts the log line, with the client's address, in the file"
out=$(printf 'puts "rb"\n' | "$SUBMIT" -w 30 -l ruby)
is "$?:$out" "0:rb" "a second connection runs ruby"
out=$(printf '39:{"language":"python","code":"print(1)"},' |
    timeout 20 nc -N 127.0.0.1 "$P")
like "$out" '^[0-9]+:\{"status":"ok",.*\},$' \
    "the reply is exactly one netstring: no log text reaches the client"
out=$(printf '2:[],' | timeout 20 nc -N 127.0.0.1 "$P")
like "$out" '^[0-9]+:\{"error":"bad_request",' "a refusal through xinetd is one netstring"

# Without the wrapper, a message written before the reply (here a bad
# configuration) would reach the client ahead of the frame.
printf 'no_such_directive 1\n' >"$T/bad.conf"
sed -i "s|-f $T/runbox.log -- --config $T/runbox.conf|-f $T/runbox.log -- --config $T/bad.conf|" \
    "$T/xinetd.d/runbox"
kill -HUP $xp
sleep 1
# A client that sends nothing and half-closes: runbox answers at once.
out=$(timeout 20 nc -N 127.0.0.1 "$P" </dev/null)
is "$out" '47:{"error":"internal","message":"internal error"},' \
    "a configuration error gives the client the internal reply and no log text"
# With a request, runbox replies without reading it and exits: the unread
# request makes the kernel reset the connection, which can cut the reply
# or lose it whole.
out=$(printf '2:{},' | timeout 20 nc -N 127.0.0.1 "$P")
is "$out" '47:{"error":"internal","message":"internal error"},' \
    "the internal reply to a client that sent a request arrives whole"
like "$(e2e_wait_log 'no_such_directive')" 'bad\.conf:1' \
    "and the reason goes to the log file"
ss -Hltn "sport = :$P" | grep -q .
ok $? "xinetd still serves after a reload"

# runbox straight from xinetd, no wrapper: it sees that stderr is the
# client's socket and logs to syslog, so the client still gets only the
# frame, even for a message written before the reply.
sed -i -e "s|server[[:space:]]*=.*|server\t\t= $RUNBOX|" \
    -e "s|server_args[[:space:]]*=.*|server_args\t= --config $T/bad.conf|" \
    "$T/xinetd.d/runbox"
kill -HUP $xp
sleep 1
out=$(printf '2:{},' | timeout 20 nc -N 127.0.0.1 "$P")
is "$out" '47:{"error":"internal","message":"internal error"},' \
    "without the wrapper no log text reaches the client: runbox uses syslog"
cp "$T/runbox.conf" "$T/good.conf"
sed -i "s|--config $T/bad.conf|--config $T/good.conf|" "$T/xinetd.d/runbox"
kill -HUP $xp
sleep 1
out=$(printf '39:{"language":"python","code":"print(1)"},' |
    timeout 20 nc -N 127.0.0.1 "$P")
like "$out" '^[0-9]+:\{"status":"ok",.*\},$' \
    "and a run through it replies with exactly one netstring"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
