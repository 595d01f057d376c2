#!/bin/sh
# Build one runbox language image from Debian packages, without a registry:
# debootstrap (minbase) + the language's packages + runbox-handoff, then
# `docker import`.  Skips the build when an image of that name exists and
# carries the same recipe label (a hash of this script, the handoff source
# and the package list), so `make images` is cheap when nothing changed.
#
# usage: mkimage.sh NAME HANDOFF_BINARY HANDOFF_SOURCE PACKAGE...
set -eu

name=$1 handoff=$2 handoff_src=$3
shift 3
packages=$*
suite=${RUNBOX_SUITE:-bookworm}
mirror=${RUNBOX_MIRROR:-http://deb.debian.org/debian}
docker=${DOCKER:-docker}

recipe=$( { cat "$0" "$handoff_src"; echo "$name $suite $packages"; } |
    sha256sum | cut -c1-16)
have=$($docker image inspect "$name" \
    --format '{{index .Config.Labels "runbox.recipe"}}' 2>/dev/null || true)
if [ "$have" = "$recipe" ]; then
	echo "mkimage: $name is up to date ($recipe)"
	exit 0
fi

workdir=${TMPDIR:-/tmp}/runbox-mkimage.$name.$$
rootfs=$workdir/rootfs
trap 'rm -rf "$workdir"' EXIT INT TERM
mkdir -p "$workdir"

echo "mkimage: building $name ($packages) in $rootfs"
include=$(echo "$packages" | tr ' ' ',')
debootstrap --variant=minbase --include="$include" "$suite" "$rootfs" \
    "$mirror" >"$workdir/debootstrap.log" 2>&1 || {
	tail -n 30 "$workdir/debootstrap.log" >&2
	echo "mkimage: debootstrap failed for $name" >&2
	exit 1
}

# Nothing the sandboxed program needs: package caches, docs, apt lists.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
    "$rootfs"/usr/share/info/* "$rootfs"/var/log/*
install -m 0755 "$handoff" "$rootfs/usr/local/bin/runbox-handoff"

tar --numeric-owner -C "$rootfs" -c . |
    $docker import -c "LABEL runbox.recipe=$recipe" \
	-c 'USER 65534:65534' -c 'WORKDIR /tmp' - "$name" >/dev/null
echo "mkimage: $name built ($recipe)"
