#!/bin/sh
# Build one runbox language image from Debian packages, without a registry,
# in two steps:
#   NAME-base  debootstrap (minbase) + the language's packages, then
#              `docker import`; rebuilt only when this script's base part
#              or the package list changes (label runbox.base).
#   NAME       NAME-base + runbox-handoff, with `docker build` (no network:
#              the base is local); rebuilt when the handoff changes too
#              (label runbox.recipe).  Cheap: a few seconds.
# So `make images` is cheap when nothing changed, and a new handoff does
# not cost a debootstrap.
#
# usage: mkimage.sh NAME HANDOFF_BINARY HANDOFF_SOURCE PACKAGE...
set -eu

name=$1 handoff=$2 handoff_src=$3
shift 3
packages=$*
suite=${RUNBOX_SUITE:-bookworm}
mirror=${RUNBOX_MIRROR:-http://deb.debian.org/debian}
docker=${DOCKER:-docker}
# The handoff protocol this image speaks (runbox --doctor checks it).
protocol=4

label() {
	$docker image inspect "$1" \
	    --format "{{index .Config.Labels \"$2\"}}" 2>/dev/null || true
}

# The base part of this script: everything above the handoff step.
base_recipe=$( { sed -n '1,/^# --- handoff step/p' "$0";
    echo "$name $suite $packages"; } | sha256sum | cut -c1-16)
# A language's support files (src/images/NAME/, if any) go to
# /usr/local/lib/runbox/ in the image, with the handoff.
support=$(dirname "$handoff_src")/$name
recipe=$( { cat "$0" "$handoff_src"; [ ! -d "$support" ] ||
    find "$support" -type f | LC_ALL=C sort | xargs cat;
    echo "$name $suite $packages"; } | sha256sum | cut -c1-16)
if [ "$(label "$name" runbox.recipe)" = "$recipe" ]; then
	echo "mkimage: $name is up to date ($recipe)"
	exit 0
fi

workdir=${TMPDIR:-/tmp}/runbox-mkimage.$name.$$
trap 'rm -rf "$workdir"' EXIT INT TERM
mkdir -p "$workdir"

if [ "$(label "$name-base" runbox.base)" = "$base_recipe" ]; then
	echo "mkimage: $name-base is up to date ($base_recipe)"
else
	rootfs=$workdir/rootfs
	echo "mkimage: building $name-base ($packages) in $rootfs"
	include=$(echo "$packages" | tr ' ' ',')
	debootstrap --variant=minbase --include="$include" "$suite" "$rootfs" \
	    "$mirror" >"$workdir/debootstrap.log" 2>&1 || {
		tail -n 30 "$workdir/debootstrap.log" >&2
		echo "mkimage: debootstrap failed for $name" >&2
		exit 1
	}
	# Nothing the sandboxed program needs: caches, docs, apt lists.
	rm -rf "$rootfs"/var/cache/apt/archives/*.deb \
	    "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
	    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
	    "$rootfs"/var/log/*
	tar --numeric-owner -C "$rootfs" -c . |
	    $docker import -c "LABEL runbox.base=$base_recipe" \
		-c 'USER 65534:65534' -c 'WORKDIR /tmp' - "$name-base" \
		>/dev/null
	rm -rf "$rootfs"
	echo "mkimage: $name-base built ($base_recipe)"
fi

# --- handoff step
mkdir -p "$workdir/ctx"
install -m 0755 "$handoff" "$workdir/ctx/runbox-handoff"
mkdir -p "$workdir/ctx/lib"
[ ! -d "$support" ] || cp -R "$support"/. "$workdir/ctx/lib/"
chmod -R a+rX "$workdir/ctx/lib"
cat >"$workdir/ctx/Dockerfile" <<EOF
FROM $name-base
COPY runbox-handoff /usr/local/bin/runbox-handoff
COPY lib/ /usr/local/lib/runbox/
LABEL runbox.recipe=$recipe runbox.handoff=$protocol
EOF
$docker build -q -t "$name" "$workdir/ctx" >/dev/null 2>"$workdir/build.log" || {
	cat "$workdir/build.log" >&2
	echo "mkimage: docker build failed for $name" >&2
	exit 1
}
echo "mkimage: $name built ($recipe)"
