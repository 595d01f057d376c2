#!/bin/sh
# Set up what runbox's build, tests and demo need on a Debian machine:
# missing Debian packages (one `apt-get update` first), and a running
# Docker engine (systemd when it is PID 1, else dockerd in the background
# with its log under build/).  Idempotent: does nothing when all is there.
set -eu
mkdir -p build

log() { echo "setup: $*"; }
die() { echo "setup: $*" >&2; exit 1; }

# dpkg-dev (dpkg-source, dpkg-buildflags, patch, xz-utils) and
# debian-archive-keyring: build-aux/libcurl-min.sh builds the minimal
# libcurl from the source of the installed libcurl4 (which
# libcurl4-openssl-dev brings, with what make CURL=system links).
packages="gcc make pkg-config libc6-dev libcurl4-openssl-dev libbsd-dev
    libcjson-dev docker.io debootstrap netcat-openbsd socat systemd jq perl
    haproxy openssh-server openssh-client cppcheck clang-tidy clang
    libclang-rt-14-dev valgrind mandoc xinetd ucspi-tcp time
    libwrap0 libevent-2.1-7 libtirpc3 faketime
    procps iproute2 ca-certificates dpkg-dev debian-archive-keyring"

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
log "engine: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
