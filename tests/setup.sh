#!/bin/sh
# Set up what runbox's build, tests and demo need on a Debian machine:
# missing Debian packages (one `apt-get update` first), crun registered
# with the engine as a second OCI runtime (and, on a hybrid cgroup v1
# host, the v1 hierarchy crun needs), and a running Docker engine
# (systemd when it is PID 1, else dockerd in the background with its log
# under build/).  Idempotent: does nothing when all is there.
set -eu
mkdir -p build

log() { echo "setup: $*"; }
die() { echo "setup: $*" >&2; exit 1; }

# dpkg-dev (dpkg-source, dpkg-buildflags, patch, xz-utils) and
# debian-archive-keyring: build-aux/libcurl-min.sh builds the minimal
# libcurl from the source of the installed libcurl4 (which
# libcurl4-openssl-dev brings, with what make CURL=system links).
# libjansson-dev: request.c parses the client's request with jansson
# (strict: one parse, nothing of our own before it); libcjson-dev
# serves the rest (the Engine's answers, the tests' clients).
# libhttp-parser-dev: http.c reads a client's HTTP/1.1 request with
# http-parser (a known tokenizer, nothing of our own).  chromium: the
# playground page's test drives it headless; apache2-utils: ab, 200
# requests in a row over HTTP.
packages="gcc make pkg-config libc6-dev libcurl4-openssl-dev libbsd-dev
    libcjson-dev libjansson-dev libhttp-parser-dev docker.io debootstrap
    netcat-openbsd socat systemd jq perl
    haproxy openssh-server openssh-client cppcheck clang-tidy clang
    libclang-rt-14-dev valgrind mandoc xinetd ucspi-tcp time
    libwrap0 libevent-2.1-7 libtirpc3 faketime
    procps iproute2 ca-certificates crun dpkg-dev debian-archive-keyring
    chromium apache2-utils"

missing=
for p in $packages; do
	st=$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null || true)
	case $st in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -n "$missing" ]; then
	[ "$(id -u)" -eq 0 ] || die "missing packages:$missing (run as root)"
	log "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >build/apt.log 2>&1 ||
	    die "apt-get install failed; see build/apt.log"
fi

# openbsd-inetd conflicts with xinetd, and the tests run both: its binary
# is unpacked (not installed) under /opt/runbox-test for t1140-inetd.t.
inetd_dir=/opt/runbox-test/openbsd-inetd
if [ ! -x "$inetd_dir/usr/sbin/inetd" ]; then
	[ "$(id -u)" -eq 0 ] || die "openbsd-inetd is not unpacked (run as root)"
	log "unpacking openbsd-inetd into $inetd_dir"
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -q openbsd-inetd >/dev/null 2>&1) ||
	    { apt-get update -q >/dev/null &&
	    (cd "$tmp" && apt-get download -q openbsd-inetd >/dev/null); } ||
	    die "cannot download openbsd-inetd"
	mkdir -p "$inetd_dir"
	dpkg-deb -x "$tmp"/openbsd-inetd_*.deb "$inetd_dir"
	rm -rf "$tmp"
fi

engine_up() { docker info >/dev/null 2>&1; }
engine_knows_crun() {
	docker info --format '{{json .Runtimes}}' 2>/dev/null |
	    jq -e 'has("crun")' >/dev/null 2>&1
}

# crun refuses a hybrid cgroup layout (v1 controllers under a tmpfs on
# /sys/fs/cgroup, cgroup2 on /sys/fs/cgroup/unified) as long as the v2
# hierarchy holds a controller ("cgroups in hybrid mode not supported").
# A controller that no v1 hierarchy has is on v2: on these hosts hugetlb.
# Mounting it as a v1 hierarchy empties v2's cgroup.controllers; runc does
# not mind.  A failure is only a warning: only runtime crun needs it.
cg=/sys/fs/cgroup
# cg_mount_v1 CONTROLLER: mount its v1 hierarchy on $cg/CONTROLLER.
cg_mount_v1() {
	if [ ! -d "$cg/$1" ]; then
		# systemd mounts the tmpfs read-only: open it for the mkdir.
		if awk -v m=$cg '$2 == m && $4 ~ /^ro(,|$)/ { f = 1 }
		    END { exit !f }' /proc/mounts; then
			mount -o remount,rw $cg || return 1
			mkdir "$cg/$1"
			mount -o remount,ro $cg
		fi
		[ -d "$cg/$1" ] || mkdir "$cg/$1" || return 1
	fi
	mount -t cgroup -o "$1" cgroup "$cg/$1"
}
if [ "$(stat -f -c %T $cg 2>/dev/null)" = tmpfs ] &&
    [ "$(stat -f -c %T $cg/unified 2>/dev/null)" = cgroup2fs ]; then
	# The file is one line of space-separated controller names.
	# shellcheck disable=SC2013
	for c in $(cat $cg/unified/cgroup.controllers); do
		[ "$(id -u)" -eq 0 ] || die "cgroup v2 holds $c, which crun" \
		    "refuses in a hybrid layout (run as root to mount it as v1)"
		if cg_mount_v1 "$c"; then
			log "mounted the cgroup v1 $c hierarchy on $cg/$c" \
			    "(crun refuses a hybrid layout while cgroup v2 holds $c)"
		else
			log "warning: cannot mount the cgroup v1 $c hierarchy on" \
			    "$cg/$c: runtime crun will not work on this host"
		fi
	done
fi

# Register crun with the engine in /etc/docker/daemon.json, merged into
# what is there; an existing crun entry is left as it is.  Nothing to do
# when the running engine knows crun already (from the file or from
# dockerd --add-runtime).
daemon_json=/etc/docker/daemon.json
if ! engine_knows_crun &&
    ! jq -e '.runtimes.crun' "$daemon_json" >/dev/null 2>&1; then
	[ "$(id -u)" -eq 0 ] || die "crun is not in $daemon_json (run as root)"
	crun_path=$(command -v crun) || die "crun is not installed"
	conf='{}'
	if [ -s "$daemon_json" ]; then
		conf=$(jq . "$daemon_json" 2>/dev/null) ||
		    die "$daemon_json is not valid JSON; add crun by hand:" \
		    "{\"runtimes\": {\"crun\": {\"path\": \"$crun_path\"}}}"
	fi
	mkdir -p "${daemon_json%/*}"
	printf '%s\n' "$conf" |
	    jq --arg p "$crun_path" '.runtimes.crun //= {path: $p}' \
	    >"$daemon_json.tmp"
	chmod 644 "$daemon_json.tmp"
	mv "$daemon_json.tmp" "$daemon_json"
	log "registered crun ($crun_path) in $daemon_json"
fi

if ! engine_up; then
	mkdir -p build
	if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
		log "starting docker through systemd"
		systemctl start docker || true
	fi
fi
if ! engine_up; then
	[ "$(id -u)" -eq 0 ] || die "no Docker engine answers (run as root)"
	log "starting dockerd in the background (log: build/dockerd.log)"
	nohup dockerd >build/dockerd.log 2>&1 &
	i=0
	until engine_up; do
		i=$((i + 1))
		[ $i -lt 120 ] || die "dockerd did not answer in 60 s; see build/dockerd.log"
		sleep 0.5
	done
fi
# A running engine learns new runtimes from daemon.json on SIGHUP (one
# that setup started above has read the file at its start).
if ! engine_knows_crun &&
    jq -e '.runtimes.crun' "$daemon_json" >/dev/null 2>&1; then
	[ "$(id -u)" -eq 0 ] ||
	    die "dockerd does not know crun yet (run as root to reload it)"
	if [ -d /run/systemd/system ] &&
	    systemctl -q is-active docker 2>/dev/null; then
		systemctl reload docker
	else
		pid=$(cat /var/run/docker.pid 2>/dev/null) || pid=none
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] ||
		    die "dockerd does not know crun and /var/run/docker.pid" \
		    "names no dockerd to reload"
		kill -HUP "$pid"
	fi
	i=0
	until engine_knows_crun; do
		i=$((i + 1))
		[ $i -lt 20 ] || die "dockerd did not pick up crun from" \
		    "$daemon_json after SIGHUP (see its log)"
		sleep 0.25
	done
	log "dockerd reloaded $daemon_json (SIGHUP): it knows runtime crun"
fi
log "engine: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

# The npm packages the HTTP tests drive runbox with (tests/npm/package.json,
# pinned whole by its package-lock.json), from the npm registry, into
# build/npm; again only when the lock file changed.  Node.js and npm from
# Debian when the machine has no npm.
if ! command -v npm >/dev/null 2>&1; then
	[ "$(id -u)" -eq 0 ] || die "npm is missing (run as root)"
	log "installing: nodejs npm"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	apt-get install -y -q --no-install-recommends nodejs npm \
	    >build/apt-npm.log 2>&1 ||
	    die "apt-get install nodejs npm failed; see build/apt-npm.log"
fi
if ! cmp -s tests/npm/package-lock.json build/npm/package-lock.json ||
    [ ! -d build/npm/node_modules ]; then
	log "npm ci: $(sed -n 's/^    "\([^"]*\)": "\(.*\)"$/\1@\2/p' \
	    tests/npm/package.json | tr '\n' ' ')(build/npm)"
	rm -rf build/npm
	mkdir -p build/npm
	cp tests/npm/package.json tests/npm/package-lock.json build/npm/
	(cd build/npm && npm ci --no-audit --no-fund >npm.log 2>&1) ||
	    die "npm ci failed; see build/npm/npm.log"
fi
