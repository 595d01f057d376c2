#!/bin/sh
# A second Docker engine on this machine, Debian 13's (trixie): docker.io
# 26, its containerd, runc and crun, in a root that debootstrap builds
# under build/engine/root and that dockerd runs chrooted in, in a mount
# namespace of its own, sharing this host's kernel.  make check-engine
# runs the e2e and attack suites against it (docs/deploy.md, "Tested
# hosts").
#
#   engine.sh root    build the root (again only when its package list or
#                     this script's recipe changed)
#   engine.sh start   the root, then dockerd (unless it answers already),
#                     then the runbox images copied in from the host's
#                     engine (docker save | docker load) where they differ
#   engine.sh stop    stop that dockerd (its containers with it)
#   engine.sh pid     print its dockerd's pid (nothing, status 1: none)
#   engine.sh socket  print the path of its API socket
#
# Its dockerd runs in a network namespace of its own with no bridge and
# no iptables rules (runbox's containers have no network), keeps its
# data in the root's /var/lib/docker and starts its own containerd, so
# the host's engine is left as it is.
# As root.
set -eu

SUITE=trixie
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# procps: dockerd runs ps for GET /containers/{id}/top (docker top).
# ENGINE_DIR and ENGINE_PKGS_EXTRA: another root with more in it (the
# virtual machine's, tests/vm/vm.sh, whose images are loaded this way).
PKGS="docker.io containerd runc crun tini iptables procps ca-certificates${ENGINE_PKGS_EXTRA:+ $ENGINE_PKGS_EXTRA}"
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${ENGINE_DIR:-$top/build/engine}
root=$dir/root
sock=$root/run/docker.sock
log() { echo "engine: $*"; }
die() { echo "engine: $*" >&2; exit 1; }

# What the root is made of: rebuilt when this changes.
recipe() { printf '%s %s %s\n' "$SUITE" "$PKGS" "$MIRROR"; }

build_root() {
	if [ -x "$root/usr/sbin/dockerd" ] &&
	    [ "$(cat "$dir/recipe" 2>/dev/null)" = "$(recipe)" ]; then
		return 0
	fi
	[ "$(id -u)" -eq 0 ] || die "building the root needs root"
	command -v debootstrap >/dev/null || die "debootstrap is not installed"
	engine_pid >/dev/null && die "its dockerd still runs: engine.sh stop first"
	log "debootstrap $SUITE with $PKGS into $root (a few minutes)"
	rm -rf "$root" "$root.tmp"
	mkdir -p "$dir"
	debootstrap --variant=minbase \
	    --include="$(echo "$PKGS" | tr ' ' ,)" \
	    "$SUITE" "$root.tmp" "$MIRROR" >"$dir/debootstrap.log" 2>&1 ||
	    die "debootstrap failed; see $dir/debootstrap.log"
	mv "$root.tmp" "$root"
	recipe >"$dir/recipe"
	log "root ready: $(chroot "$root" dpkg-query -W -f '${Package} ${Version}\n' \
	    docker.io containerd runc crun | tr '\n' ';')"
}

api() { DOCKER_HOST="unix://$sock" docker "$@"; }
engine_up() { [ -S "$sock" ] && api info >/dev/null 2>&1; }
engine_pid() {
	p=$(cat "$root/run/docker.pid" 2>/dev/null) || return 1
	[ "$(cat "/proc/$p/comm" 2>/dev/null)" = dockerd ] || return 1
	echo "$p"
}

start() {
	build_root
	if ! engine_up; then
		engine_pid >/dev/null && die "its dockerd runs but does not answer" \
		    "on $sock; see $dir/dockerd.log"
		mkdir -p "$root/etc/docker"
		cat >"$root/etc/docker/daemon.json" <<JSON
{
  "bridge": "none",
  "iptables": false,
  "ip6tables": false,
  "storage-driver": "overlay2",
  "runtimes": { "crun": { "path": "/usr/bin/crun" } }
}
JSON
		rm -f "$sock" "$root/run/docker.pid"
		log "starting its dockerd (log: $dir/dockerd.log)"
		# The mounts live in the namespace and go with its last process.
		# A network namespace of its own too: dockerd 26 with no bridge
		# deleted the host engine's docker0 when it shared the host's.
		setsid unshare --mount --net --propagation private sh -c '
			r=$1
			# "/" must be a mount point: dockerd remounts it while
			# it unpacks a layer (docker load).
			mount --bind "$r" "$r" &&
			mount -t proc proc "$r/proc" &&
			mount --rbind /sys "$r/sys" &&
			mount --rbind /dev "$r/dev" &&
			mount -t tmpfs tmpfs "$r/tmp" &&
			exec chroot "$r" /usr/sbin/dockerd' sh "$root" \
		    </dev/null >"$dir/dockerd.log" 2>&1 &
		i=0
		until engine_up; do
			i=$((i + 1))
			[ $i -lt 120 ] || die "its dockerd did not answer in 60 s;" \
			    "see $dir/dockerd.log"
			sleep 0.5
		done
	fi
	log "$(api version --format 'Docker {{.Server.Version}}, API {{.Server.APIVersion}} (minimum {{.Server.MinAPIVersion}})') on $sock"
	load_images
}

# The images runbox's tests use, copied from the host's engine when the
# other engine lacks them or holds another build (an image's ID is the
# digest of its config, which save and load keep).
load_images() {
	want=
	for img in $(awk '!/^#/ && NF { print $2 }' "$top/src/images/languages") \
	    runbox-systemd-test; do
		hid=$(DOCKER_HOST= docker image inspect -f '{{.Id}}' "$img" 2>/dev/null) ||
		    continue
		oid=$(api image inspect -f '{{.Id}}' "$img" 2>/dev/null) || oid=
		[ "$hid" = "$oid" ] || want="$want $img"
	done
	[ -n "$want" ] || return 0
	log "copying in:$want"
	# shellcheck disable=SC2086
	DOCKER_HOST= docker save $want | api load -q >/dev/null ||
	    die "docker save | docker load failed"
}

stop() {
	p=$(engine_pid) || return 0
	kill -TERM "$p"
	i=0
	while kill -0 "$p" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 300 ] || die "its dockerd ($p) did not stop in 30 s"
		sleep 0.1
	done
	log "its dockerd ($p) stopped"
}

case ${1:-} in
root) build_root ;;
start) start ;;
stop) stop ;;
pid) engine_pid ;;
socket) echo "$sock" ;;
*) echo "usage: engine.sh root|start|stop|pid|socket" >&2; exit 2 ;;
esac
