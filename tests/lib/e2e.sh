# e2e.sh: shared set-up for the end-to-end tests.  Source it after tap.sh.
#
# It checks that what the tests need is there (failing with a message
# saying what is missing), makes a private directory $T, and offers:
#   e2e_config [DIRECTIVE-LINES]  write $T/runbox.conf (defaults + lines;
#                                 a line naming a default directive
#                                 replaces that default)
#   e2e_start [CONF] [ARGS]       serve it with systemd-socket-activate
#                                 on a free loopback port ($PORT)
#   e2e_stop                      stop it (also done at exit)
#   e2e_req JSON                  send JSON framed with rbclient; prints reply
#   e2e_run LANG CODE [JSON]      e2e_req of a run of CODE in LANG, with the
#                                 fields of the object JSON added
#   e2e_send [RBCLIENT-OPTS]      send stdin with rbclient OPTS; prints reply
#   e2e_raw BYTES [RBCLIENT-OPTS] send BYTES unframed (printf %b escapes)
#   e2e_field REPLY JQ-FILTER     print one field of a reply (jq -r)
#   e2e_fields JQ-ARRAY WANT DESC  is: the fields of the reply in $r (a jq
#                                 array) against WANT (jq builds both)
#   e2e_leftovers                 count runbox-labelled containers
#   e2e_wait_clean [SECONDS]      wait until no runbox container remains
#   e2e_now_ms                    a monotonic-enough clock in milliseconds
#   e2e_log                       what runbox wrote to its log so far
#   e2e_wait_log EREGEX [SECONDS] wait for a log line matching EREGEX, print it
#   e2e_log_count EREGEX N [SECONDS]  wait until N log lines match, print
#                                 the count (N or what there was)
#   e2e_exits                     exit statuses of the runbox processes so far,
#                                 one a line (systemd-socket-activate logs them)
#   e2e_sshd                      start sshd on a free loopback port ($SP)
#                                 with $T/host_key and $T/authorized_keys
#   e2e_creates_since EPOCH       count runbox containers created since EPOCH
#                                 (seconds, may have decimals: date +%s.%N)
#   e2e_pool [LANGUAGE]           ids of the pool's running containers
#                                 (of LANGUAGE), one a line
#   e2e_served N [SECONDS]        wait until N runbox processes have exited
#                                 (a pool top-up ends with its process)
#   e2e_req_done JSON             e2e_req into $r, then wait until its
#                                 process (and so its pool top-up) has
#                                 ended; counts in $E2E_SERVED
#   e2e_last                      the log line of the last request served
#   e2e_pool_drain                remove this test's pool: pool_size 0 in
#                                 $T/runbox.conf, then runbox --reap (also
#                                 done at exit when E2E_POOL is set)

#
# The engine: the host's (/var/run/docker.sock), or the one
# E2E_DOCKER_SOCKET names (make check-engine: Debian 13's, from
# tests/engine/engine.sh); then the docker CLI of the tests talks to it
# too (DOCKER_HOST), and E2E_ENGINE_CTL is the command that starts it
# ("E2E_ENGINE_CTL start") and names its dockerd ("E2E_ENGINE_CTL pid").
#   e2e_engine_pid                the engine's dockerd pid, or nothing
# and port_free (tests/lib/port.sh), a free loopback port.
: "${RUNBOX:?RUNBOX must name the runbox binary (make check sets it)}"
: "${TOOLS:?TOOLS must name the test tools directory (make check sets it)}"

. "$(dirname "$0")/../lib/port.sh"

e2e_need() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
		    bail "$c is missing (make check installs it: run it as root)"
	done
}
if [ -n "${E2E_DOCKER_SOCKET:-}" ]; then
	DOCKER_HOST=unix://$E2E_DOCKER_SOCKET
	export DOCKER_HOST
fi
E2E_DOCKER_SOCKET=${E2E_DOCKER_SOCKET:-/var/run/docker.sock}
e2e_engine_pid() {
	if [ -n "${E2E_ENGINE_CTL:-}" ]; then
		$E2E_ENGINE_CTL pid
	else
		pgrep -x dockerd | head -n 1
	fi
}
e2e_need docker jq systemd-socket-activate nc ss
[ -x "$RUNBOX" ] || bail "$RUNBOX is not built (run make)"
[ -x "$TOOLS/rbclient" ] || bail "$TOOLS/rbclient is not built (run make check)"
docker info >/dev/null 2>&1 ||
    bail "no Docker engine answers (make check starts one)"
# The images of runbox's default languages (src/config_lang.c).
for img in runbox-python runbox-node runbox-ruby runbox-pypy runbox-bash \
    runbox-perl runbox-php runbox-lua runbox-gcc runbox-go runbox-rust \
    runbox-java runbox-typescript; do
	docker image inspect "$img" >/dev/null 2>&1 ||
	    bail "image $img is missing (run make images)"
done

T=$(mktemp -d "${TMPDIR:-/tmp}/runbox-e2e.XXXXXX")
E2E_PID=
# At exit: stop the server; a sanitizer report in any log of runbox's
# (an ASan+UBSan build writes them to stderr, after the reply) fails the
# script even when every reply looked right.
e2e_cleanup() {
	e2e_stop
	[ -z "${E2E_POOL:-}" ] || e2e_pool_drain
	if grep -l -E 'Sanitizer|runtime error:' "$T"/*.log >/dev/null 2>&1; then
		echo "# sanitizer reports in runbox's log:"
		grep -h -E -A12 'Sanitizer|runtime error:' "$T"/*.log |
		    head -n 40 | sed 's/^/# /'
		rm -rf "$T"
		exit 1
	fi
	rm -rf "$T"
}
trap e2e_cleanup EXIT
trap 'exit 129' HUP INT TERM

# e2e_has DIRECTIVE LINES...: does one of LINES set DIRECTIVE?
e2e_has() {
	d=$1
	shift
	for line in "$@"; do
		case $line in
		"$d "* | "$d	"*) return 0 ;;
		esac
	done
	return 1
}

e2e_config() {
	{
		e2e_has docker_socket "$@" ||
		    echo "docker_socket $E2E_DOCKER_SOCKET"
		e2e_has state_file "$@" || echo "state_file $T/state"
		# Tests send requests back to back from one address.
		e2e_has rate_limit "$@" || echo "rate_limit 1000 per 1s"
		for line in "$@"; do
			printf '%s\n' "$line"
		done
	} >"$T/runbox.conf"
}

# Serve with systemd-socket-activate; try another port if the one picked
# was taken in the meantime.
e2e_start() {
	conf=${1:-$T/runbox.conf}
	[ $# -gt 0 ] && shift
	e2e_stop
	tries=0
	while :; do
		PORT=$(port_free)
		systemd-socket-activate --accept --inetd -l "127.0.0.1:$PORT" \
		    "$RUNBOX" --config "$conf" "$@" 2>>"$T/runbox.log" &
		E2E_PID=$!
		i=0
		while kill -0 "$E2E_PID" 2>/dev/null; do
			ss -Hltn "sport = :$PORT" | grep -q . && return 0
			i=$((i + 1))
			[ $i -lt 200 ] || break
			sleep 0.05
		done
		e2e_stop
		tries=$((tries + 1))
		[ $tries -lt 5 ] || bail "systemd-socket-activate could not listen" \
		    "(last port $PORT; see $T/runbox.log: $(tail -n 2 "$T/runbox.log"))"
	done
}

e2e_stop() {
	if [ -n "$E2E_PID" ]; then
		kill "$E2E_PID" 2>/dev/null || true
		wait "$E2E_PID" 2>/dev/null || true
		E2E_PID=
	fi
}

e2e_req() {
	printf '%s' "$1" | "$TOOLS/rbclient" -w 30000 127.0.0.1 "$PORT"
}

e2e_run() {
	e2e_req "$(jq -nc --arg l "$1" --arg c "$2" --argjson x "${3:-{\}}" \
	    '{language: $l, code: $c} + $x')"
}

e2e_send() {
	"$TOOLS/rbclient" -w 30000 "$@" 127.0.0.1 "$PORT"
}

e2e_raw() {
	raw=$1
	shift
	printf '%b' "$raw" | e2e_send -r "$@"
}

e2e_field() {
	printf '%s' "$1" | jq -r "$2"
}

e2e_fields() {
	is "$(e2e_field "$r" "$1 | @json")" "$(jq -nc "$2")" "$3"
}

e2e_leftovers() {
	docker ps -aq --filter label=runbox | wc -l
}

# Containers are removed after the reply; give that a moment.
# E2E_CLEAN_WAIT (seconds) raises the default for slow runs (valgrind).
e2e_wait_clean() {
	i=0
	while [ "$(e2e_leftovers)" -ne 0 ]; do
		i=$((i + 1))
		[ $i -lt $(( ${1:-${E2E_CLEAN_WAIT:-10}} * 10 )) ] && sleep 0.1 ||
		    return 1
	done
	return 0
}

e2e_now_ms() {
	ms=$(date +%s%3N 2>/dev/null)
	case $ms in
	*N | '') perl -MTime::HiRes=time -e 'printf "%d\n", time() * 1000' ;;
	*) echo "$ms" ;;
	esac
}

e2e_log() {
	cat "$T/runbox.log" 2>/dev/null
}

# The connection's log line comes after the reply; give it a moment.
e2e_wait_log() {
	i=0
	until grep -E -- "$1" "$T/runbox.log" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt $(( ${2:-5} * 20 )) ] || return 1
		sleep 0.05
	done
	return 0
}

e2e_log_count() {
	i=0
	while :; do
		n=$(grep -Ec -- "$1" "$T/runbox.log" 2>/dev/null)
		[ "${n:-0}" -ge "$2" ] && break
		i=$((i + 1))
		[ $i -lt $(( ${3:-5} * 20 )) ] || break
		sleep 0.05
	done
	echo "${n:-0}"
}

e2e_exits() {
	sed -n 's/^Child [0-9]* died with code \([0-9-]*\)$/\1/p' \
	    "$T/runbox.log" 2>/dev/null
}

e2e_creates_since() {
	docker events --since "$1" --until "$(date +%s.%N)" \
	    --filter type=container --filter event=create \
	    --filter label=runbox --format '{{.ID}}' | wc -l
}

# A real sshd on a free loopback port ($SP), host key $T/host_key, keys
# (with their forced commands) in $T/authorized_keys; stopped at exit.
e2e_sshd() {
	[ -x /usr/sbin/sshd ] ||
	    bail "/usr/sbin/sshd is missing (make check installs openssh-server)"
	SP=$(port_free)
	cat >"$T/sshd_config" <<CFG
Port $SP
ListenAddress 127.0.0.1
HostKey $T/host_key
AuthorizedKeysFile $T/authorized_keys
PidFile $T/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin forced-commands-only
SetEnv ASAN_OPTIONS=${ASAN_OPTIONS:-} UBSAN_OPTIONS=${UBSAN_OPTIONS:-}
CFG
	mkdir -p /run/sshd
	/usr/sbin/sshd -D -e -f "$T/sshd_config" 2>"$T/sshd.log" &
	E2E_SSHD_PID=$!
	trap 'kill $E2E_SSHD_PID 2>/dev/null; e2e_cleanup' EXIT
	until ss -Hltn "sport = :$SP" | grep -q .; do
		kill -0 $E2E_SSHD_PID 2>/dev/null ||
		    bail "sshd did not start: $(cat "$T/sshd.log")"
		sleep 0.05
	done
}

e2e_pool() {
	docker ps -q --no-trunc --filter "label=runbox.pool${1:+=$1}"
}

e2e_served() {
	e2e_log_count '^Child [0-9]+ died' "$1" "${2:-30}"
}

e2e_pool_drain() {
	if [ -f "$T/runbox.conf" ]; then
		sed -i '/^pool_size/d' "$T/runbox.conf"
		echo 'pool_size 0' >>"$T/runbox.conf"
		"$RUNBOX" --reap --config "$T/runbox.conf" 2>>"$T/reap.log"
	fi
}

E2E_SERVED=0
e2e_req_done() {
	r=$(e2e_req "$1")
	E2E_SERVED=$((E2E_SERVED + 1))
	e2e_served "$E2E_SERVED" >/dev/null
}

e2e_last() {
	e2e_log | grep 'outcome=' | tail -n 1
}
