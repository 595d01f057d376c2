#!/bin/sh
# runbox under openbsd-inetd, configured by the line in contrib/inetd.conf
# (port, user and paths changed for the test), in the foreground (-i)
# with its own configuration file; contrib/runbox-inetd keeps the log
# (inetd hands the program the socket as stderr too) off the connection.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
# Debian's openbsd-inetd and xinetd conflict (both provide
# inet-superserver), so make check installs xinetd and unpacks
# openbsd-inetd's binary under /opt/runbox-test (see tests/setup.sh).
INETD=${INETD:-}
if [ -z "$INETD" ]; then
	for c in /opt/runbox-test/openbsd-inetd/usr/sbin/inetd /usr/sbin/inetd; do
		[ -x "$c" ] && { INETD=$c; break; }
	done
fi
[ -n "$INETD" ] && [ -x "$INETD" ] || bail "openbsd-inetd's inetd is missing:" \
    "install the Debian package openbsd-inetd, or (it conflicts with" \
    "xinetd) unpack it: apt-get download openbsd-inetd &&" \
    "dpkg-deb -x openbsd-inetd_*.deb /opt/runbox-test/openbsd-inetd"
CONTRIB=$(cd "$(dirname "$0")/../.." && pwd)/contrib
SUBMIT=$CONTRIB/runbox-submit
for f in runbox-submit runbox-inetd inetd.conf; do
	[ -r "$CONTRIB/$f" ] || bail "$CONTRIB/$f is missing"
done

plan 7
e2e_config
P=$(port_free)
# The line as shipped, with the test's address, port, user and paths.
sed -n -e '/^[^#]/{' \
    -e "s|^7000\([[:space:]]\)|127.0.0.1:$P\1|" \
    -e "s|runbox:runbox|root|" \
    -e "s|/usr/local/libexec/runbox/runbox-inetd|$CONTRIB/runbox-inetd|" \
    -e "s|-r /usr/local/bin/runbox -- --config /etc/runbox/runbox.conf|-r $RUNBOX -f $T/runbox.log -- --config $T/runbox.conf|" \
    -e p -e '}' "$CONTRIB/inetd.conf" >"$T/inetd.conf"
grep -q "^127.0.0.1:$P[[:space:]].*[[:space:]]root[[:space:]].*--config $T/runbox.conf\$" \
    "$T/inetd.conf" ||
    bail "contrib/inetd.conf no longer has the line this test adapts: $(cat "$T/inetd.conf")"
"$INETD" -d -i "$T/inetd.conf" >"$T/inetd.log" 2>&1 &
ip=$!
trap 'kill $ip 2>/dev/null; e2e_cleanup' EXIT
i=0
until ss -Hltn "sport = :$P" | grep -q .; do
	kill -0 $ip 2>/dev/null ||
	    bail "inetd -i did not start here: $(tail -n 5 "$T/inetd.log")"
	i=$((i + 1))
	[ $i -lt 200 ] || bail "inetd does not listen on $P: $(tail -n 5 "$T/inetd.log")"
	sleep 0.05
done
export RUNBOX_PORT="$P"

printf 'print("inetd", input())\n' >"$T/p.py"
printf 'ok\n' >"$T/in"
out=$("$SUBMIT" -w 30 -i "$T/in" "$T/p.py")
is "$?:$out" "0:inetd ok" "runbox-submit through inetd runs python with its input"
like "$(e2e_wait_log 'language="python"')" 'client="127\.0\.0\.1".*outcome="ok"' \
    "the log line (with the client's address) goes to runbox-inetd's file"
out=$(printf 'exit 9\n' | "$SUBMIT" -w 30 -l ruby)
is "$?" 9 "a second connection: ruby's exit status comes back"
out=$(printf '39:{"language":"python","code":"print(1)"},' |
    timeout 20 nc -N 127.0.0.1 "$P")
like "$out" '^[0-9]+:\{"status":"ok",.*\},$' \
    "the reply is exactly one netstring: no log text reaches the client"
out=$(printf 'print(1)\n' | "$SUBMIT" -w 30 -l fortran 2>&1)
like "$?:$out" '^125:runbox-submit: unsupported_language: ' \
    "a refusal through inetd exits 125"
grep -q "execv $CONTRIB/runbox-inetd" "$T/inetd.log"
ok $? "inetd started runbox-inetd for the connections"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
