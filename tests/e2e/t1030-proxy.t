#!/bin/sh
# PROXY protocol (docs/admission.md): a real haproxy in front (send-proxy and
# send-proxy-v2); only a trusted_proxy may send a header, and must.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
e2e_need haproxy

plan 18
bad='{"code":'
e2e_config "trusted_proxy 127.0.0.1/32" "rate_limit 2 per 60s" \
    "allow 127.0.0.0/8" "allow 2001:db8::/32"
e2e_start
P1=$(port_free)
P2=$(port_free)
cat >"$T/haproxy.cfg" <<CFG
global
	maxconn 64
defaults
	mode tcp
	timeout connect 5s
	timeout client 30s
	timeout server 30s
frontend v1
	bind 127.0.0.1:$P1
	default_backend runbox_v1
frontend v2
	bind 127.0.0.1:$P2
	default_backend runbox_v2
backend runbox_v1
	server runbox 127.0.0.1:$PORT send-proxy
backend runbox_v2
	server runbox 127.0.0.1:$PORT send-proxy-v2
CFG
haproxy -f "$T/haproxy.cfg" -db >"$T/haproxy.log" 2>&1 &
hp=$!
trap 'kill $hp 2>/dev/null; e2e_cleanup' EXIT
until ss -Hltn "sport = :$P2" | grep -q .; do sleep 0.05; done

via() { # via PORT SRC JSON
	printf '%s' "$3" | "$TOOLS/rbclient" -w 30000 -s "$2" 127.0.0.1 "$1"
}

r=$(via "$P1" 127.0.0.2 '{"code":"print(1)"}')
is "$(e2e_field "$r" .status)" ok "a request through haproxy send-proxy (v1) runs"
like "$(e2e_wait_log 'outcome="ok"')" 'client="127\.0\.0\.2"' \
    "the log names the client haproxy saw, not haproxy"
r=$(via "$P2" 127.0.0.2 "$bad")
is "$(e2e_field "$r" .error)" bad_request \
    "the same client through send-proxy-v2 spends its second token"
r=$(via "$P1" 127.0.0.2 "$bad")
is "$(e2e_field "$r" .error)" rate_limited \
    "v1 and v2 headers naming one client share its bucket (2 per 60s)"
r=$(via "$P2" 127.0.0.3 '{"code":"print(2)"}')
is "$(e2e_field "$r" .status)" ok "a request through send-proxy-v2 runs"
like "$(e2e_wait_log 'client="127\.0\.0\.3"')" 'outcome="ok"' \
    "the v2 header's source address is the client"
r=$(via "$P2" 127.0.0.3 "$bad")
is "$(e2e_field "$r" .error)" bad_request "the second client still has its own token"
r=$(via "$P1" 127.0.0.3 "$bad")
is "$(e2e_field "$r" .error)" rate_limited "and then its own bucket is spent, not the first's"

# The trusted proxy must send a header; others must not.
r=$(printf '%s' '{"code":"print(1)"}' | e2e_send)
is "$(e2e_field "$r" .error)" bad_frame "a trusted proxy that sends no header is bad_frame"
e2e_config "rate_limit 100 per 60s"
e2e_start
r=$(printf '%s' "$bad" | e2e_send -P 'PROXY TCP4 192.0.2.9 127.0.0.1 5000 7000\r\n')
is "$(e2e_field "$r" .error)" bad_frame "a PROXY header from an untrusted peer is bad_frame"
like "$(e2e_field "$r" .message)" "trusted_proxy" "the message says why"

# IPv6 clients through a (hand-written) v1 header: limited per /64.
e2e_config "trusted_proxy 127.0.0.1/32" "rate_limit 1 per 60s"
e2e_start
hdr() { printf 'PROXY TCP6 %s 2001:db8::1 40000 7000\\r\\n' "$1"; }
r=$(printf '%s' "$bad" | e2e_send -P "$(hdr 2001:db8:0:1::5)")
is "$(e2e_field "$r" .error)" bad_request "an IPv6 client behind the proxy is admitted"
r=$(printf '%s' "$bad" | e2e_send -P "$(hdr 2001:db8:0:1:ffff::9)")
is "$(e2e_field "$r" .error)" rate_limited "another address in the same /64 shares the bucket"
r=$(printf '%s' "$bad" | e2e_send -P "$(hdr 2001:db8:0:2::5)")
is "$(e2e_field "$r" .error)" bad_request "an address in another /64 has its own"
r=$(printf '%s' "$bad" | e2e_send -P 'PROXY TCP4 192.0.2.1 127.0.0.1 5000 7000\r\n')
r=$(printf '%s' "$bad" | e2e_send -P "$(hdr ::ffff:192.0.2.1)")
is "$(e2e_field "$r" .error)" rate_limited "an IPv4-mapped IPv6 source shares the IPv4 address's bucket"
r=$(printf '%s' "$bad" | e2e_send -P 'PROXY UNKNOWN\r\n')
is "$(e2e_field "$r" .error)" bad_request "PROXY UNKNOWN (a health check) counts as the proxy itself"
r=$(printf '%s' "$bad" | e2e_send -P 'PROXY TCP4 192.0.2.1 127.0.0.1 99999 1\r\n')
is "$(e2e_field "$r" .error)" bad_frame "a malformed PROXY header is bad_frame"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
