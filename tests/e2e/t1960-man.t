#!/bin/sh
# The man pages: clean under mandoc -Tlint, and complete: every directive
# in runbox.conf(5), every command-line option and every error code of
# docs/protocol.md in runbox(8), and the sections and
# launchers runbox(8) promises.  Needs no engine.
. "$(dirname "$0")/../lib/tap.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
command -v mandoc >/dev/null 2>&1 ||
    bail "mandoc is missing (make check installs the Debian package mandoc)"
M8=$ROOT/docs/runbox.8
M5=$ROOT/docs/runbox.conf.5
for f in "$M8" "$M5"; do
	[ -r "$f" ] || bail "$f is missing"
done

# The names the contract fixes: the error codes (docs/protocol.md), the
# directives (runbox.conf(5)) and the options (runbox(8)).
directives="docker_socket keys_file state_file allow trusted_proxy rate_limit
    max_per_client max_running max_request_bytes max_code_bytes max_tests
    read_timeout_ms http http_playground max_header_bytes timeout_ms
    memory_mb compile_timeout_ms
    compile_memory_mb max_output_bytes pids_limit cpus tmpfs_mb runtime
    pool_size pool_max_age_s default_language language compile override
    alias"
options="--config --client --check-config --reap --invocation --doctor
    --version"
errors="bad_frame too_large read_timeout bad_request unauthorized forbidden
    rate_limited busy unsupported_language unavailable internal"

plan 13
# -W warning: every error and warning; no cross-reference lookups, whose
# result depends on the manuals installed on this machine.
for f in "$M8" "$M5"; do
	out=$(mandoc -Tlint -W warning "$f" 2>&1)
	st=$?
	is "$st:$out" "0:" "mandoc -Tlint is clean for $(basename "$f") (exit 0, no output)"
	# The style level too, less the lookups of referenced manuals
	# (STYLE "referenced manual not found", "outdated mandoc.db").
	out=$(mandoc -Tlint "$f" 2>&1 |
	    grep -v -e 'referenced manual not found' -e 'mandoc\.db')
	is "$out" "" "mandoc -Tlint at style level has nothing else to say about $(basename "$f")"
done

missing=
for d in $directives; do
	grep -q "^\.It Cm $d\( \|\$\)" "$M5" || missing="$missing $d"
done
is "${missing# }" "" "runbox.conf(5) has an entry for every directive runbox knows"
# Overstrike (bold, underline) removed.
formatted=$(mandoc -Tascii "$M5" | sed 's/.\x08//g')
missing=
for d in $directives; do
	printf '%s\n' "$formatted" | grep -q "$d" || missing="$missing $d"
done
is "${missing# }" "" "and every directive appears in the formatted page"

# Without the escapes: "Fl \-check\-config" reads "Fl -check-config".
syn=$(awk '/^\.Sh SYNOPSIS/{on=1; next} /^\.Sh /{on=0} on' "$M8" | tr -d '\\')
opts=$(awk '/^\.Sh DESCRIPTION/{on=1; next} /^\.Sh /{on=0} on' "$M8" | tr -d '\\')
missing=
for o in $options; do
	name=${o#--}
	printf '%s\n' "$syn" | grep -q -- "Fl -$name\\b" &&
	    printf '%s\n' "$opts" | grep -q -- "^\.It Fl -$name\\b" ||
	    missing="$missing $o"
done
is "${missing# }" "" "runbox(8) has every option in SYNOPSIS and in the option list"

missing=
for e in $errors; do
	grep -q "^\.It Cm $e\$" "$M8" || missing="$missing $e"
done
is "${missing# }" "" "runbox(8) PROTOCOL lists every error code of docs/protocol.md"

missing=
for s in NAME SYNOPSIS DESCRIPTION RUNNING PROTOCOL ENVIRONMENT FILES \
    'EXIT STATUS' EXAMPLES 'SEE ALSO' STANDARDS 'SECURITY CONSIDERATIONS'; do
	grep -q "^\.Sh $s\$" "$M8" || missing="$missing '$s'"
done
is "${missing# }" "" "runbox(8) has every section it must have"

running=$(awk '/^\.Sh RUNNING/{on=1; next} /^\.Sh /{on=0} on' "$M8")
missing=
for l in 'Ss systemd' 'runbox.socket' 'runbox@.service' 'ListenStream=' \
    'Ss inetd' 'nowait' 'Ss xinetd' 'service runbox' 'Ss socat' \
    'TCP-LISTEN:7000,reuseaddr,fork' 'Ss tcpserver' 'Ss SSH forced command' \
    'command="/usr/local/bin/runbox --client alice",restrict' 'Ss haproxy' \
    'send-proxy-v2' 'trusted_proxy' 'balance roundrobin'; do
	printf '%s\n' "$running" | grep -qF -- "$l" || missing="$missing '$l'"
done
is "${missing# }" "" "RUNNING shows every launcher with its configuration"

missing=
for v in SSH_CONNECTION SSH_CLIENT INVOCATION_ID; do
	grep -q "^\.It Ev $v\$" "$M8" || missing="$missing $v"
done
is "${missing# }" "" "ENVIRONMENT describes SSH_CONNECTION, SSH_CLIENT and INVOCATION_ID"

sec=$(awk '/^\.Sh SECURITY CONSIDERATIONS/{on=1; next} /^\.Sh /{on=0} on' "$M8")
missing=
for w in docker root runsc rootless keys_file allow 'Ql runbox'; do
	printf '%s\n' "$sec" | grep -qF -- "$w" || missing="$missing '$w'"
done
is "${missing# }" "" "SECURITY CONSIDERATIONS covers the docker group, users, runsc, rootless, keys, allow"

grep -q '^\.Sh KEYS FILE$' "$M5" && grep -q '^NAME:SECRET$' "$M5" &&
    grep -q '^\.Sh EXAMPLES$' "$M5"
ok $? "runbox.conf(5) describes the keys file and has EXAMPLES"
finish
