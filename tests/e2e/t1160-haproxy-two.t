#!/bin/sh
# contrib/haproxy.cfg (addresses changed for the test): haproxy in front of
# two runbox instances with send-proxy-v2, balance roundrobin.  Each
# instance trusts the balancer (trusted_proxy) and logs the real client;
# requests are spread over both; the health checks (v2 LOCAL + a request
# runbox refuses at once) keep both servers up.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
e2e_need haproxy
CONTRIB=$(cd "$(dirname "$0")/../.." && pwd)/contrib
SUBMIT=$CONTRIB/runbox-submit
for f in runbox-submit haproxy.cfg; do
	[ -r "$CONTRIB/$f" ] || bail "$CONTRIB/$f is missing"
done

plan 11
# Two hosts: each its own state file (state is per host by design).
e2e_config "trusted_proxy 127.0.0.1/32"
sed "s|^state_file .*|state_file $T/state2|" "$T/runbox.conf" >"$T/runbox2.conf"
PIDS=
# instance CONF LOG: serve CONF on a new port ($P), log to LOG.
instance() {
	P=$(port_free)
	systemd-socket-activate --accept --inetd -l "127.0.0.1:$P" \
	    "$RUNBOX" --config "$1" 2>>"$2" &
	PIDS="$PIDS $!"
	i=0
	until ss -Hltn "sport = :$P" | grep -q .; do
		kill -0 $! 2>/dev/null || bail "systemd-socket-activate failed: $(tail -n 2 "$2")"
		i=$((i + 1))
		[ $i -lt 200 ] || bail "runbox instance does not listen on $P"
		sleep 0.05
	done
}
trap 'for p in $PIDS; do kill $p 2>/dev/null; done; e2e_cleanup' EXIT
instance "$T/runbox.conf" "$T/a.log"
PA=$P
instance "$T/runbox2.conf" "$T/b.log"
PB=$P
PH=$(port_free)
sed -e "s/192\.0\.2\.11:7000/127.0.0.1:$PA/" -e "s/192\.0\.2\.12:7000/127.0.0.1:$PB/" \
    -e "s/^\([[:space:]]*bind\) :7000\$/\1 127.0.0.1:$PH/" \
    -e "s/ inter 10s / inter 1s /" \
    "$CONTRIB/haproxy.cfg" >"$T/haproxy.cfg"
grep -q "127.0.0.1:$PA" "$T/haproxy.cfg" && grep -q "127.0.0.1:$PB" "$T/haproxy.cfg" &&
    grep -q "bind 127.0.0.1:$PH" "$T/haproxy.cfg" && grep -q ' inter 1s ' "$T/haproxy.cfg" ||
    bail "contrib/haproxy.cfg no longer has the lines this test adapts"
haproxy -c -f "$T/haproxy.cfg" >"$T/haproxy.check" 2>&1
ok $? "contrib/haproxy.cfg is a valid haproxy configuration"
haproxy -f "$T/haproxy.cfg" -db >"$T/haproxy.log" 2>&1 &
PIDS="$PIDS $!"
i=0
until ss -Hltn "sport = :$PH" | grep -q .; do
	i=$((i + 1))
	[ $i -lt 200 ] || bail "haproxy did not start: $(tail -n 5 "$T/haproxy.log")"
	sleep 0.05
done

count() { grep -Ec -- "$2" "$1" 2>/dev/null; }
wait_count() { # wait_count FILE EREGEX N
	i=0
	until [ "$(count "$1" "$2")" -ge "$3" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || break
		sleep 0.05
	done
	count "$1" "$2"
}
[ "$(wait_count "$T/a.log" 'outcome="bad_request".*code' 1)" -ge 1 ] &&
    [ "$(wait_count "$T/b.log" 'outcome="bad_request".*code' 1)" -ge 1 ]
ok $? "the health check reaches both instances, which answer it without a container"

via() { # via SRC CODE
	printf '{"code":"%s"}' "$2" | "$TOOLS/rbclient" -w 30000 -s "$1" 127.0.0.1 "$PH"
}
r=$(via 127.0.0.2 'print(2)')
is "$(e2e_field "$r" '[.status,.stdout]|@json')" '["ok","2\n"]' \
    "a request from 127.0.0.2 through haproxy runs"
r=$(via 127.0.0.3 'print(3)')
is "$(e2e_field "$r" '[.status,.stdout]|@json')" '["ok","3\n"]' \
    "a request from 127.0.0.3 through haproxy runs"
out=$(printf 'print("submit")\n' | "$SUBMIT" -w 30 -p "$PH" -l python)
is "$?:$out" "0:submit" "runbox-submit through haproxy works (1)"
out=$(printf 'puts "submit"\n' | "$SUBMIT" -w 30 -p "$PH" -l ruby)
is "$?:$out" "0:submit" "runbox-submit through haproxy works (2)"

ran='language="[a-z]+" outcome="ok"'
na=$(wait_count "$T/a.log" "$ran" 2)
nb=$(wait_count "$T/b.log" "$ran" 2)
is "$na:$nb" "2:2" "roundrobin spread the four runs two and two over the instances"
c2=$(grep -l 'client="127\.0\.0\.2" language="python" outcome="ok"' "$T/a.log" "$T/b.log")
c3=$(grep -l 'client="127\.0\.0\.3" language="python" outcome="ok"' "$T/a.log" "$T/b.log")
[ -n "$c2" ] && [ -n "$c3" ]
ok $? "both instances log the client's own address from the PROXY v2 header"
[ "$c2" != "$c3" ]
ok $? "the two clients' requests went to different instances"
[ "$(grep -c 'error\|DOWN' "$T/haproxy.log")" -eq 0 ]
ok $? "haproxy reports no server down or error ($(grep -c . "$T/haproxy.log") log lines)"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
