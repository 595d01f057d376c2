#!/bin/sh
# Build the base image for tests/e2e/t1920-systemd.t: a Debian (minbase)
# root with systemd as /sbin/init and the shared libraries runbox links
# against, from Debian packages (debootstrap + `docker import`, no
# registry).  runbox itself is not in the image: the test installs a fresh
# `make install DESTDIR=...` tree into each container, so the image only
# changes when this recipe does.  Skips the build when an image of that
# name carries the same recipe label (a hash of this script), like
# src/images/mkimage.sh.
#
# usage: mkbase.sh [NAME]      (default runbox-systemd-test)
set -eu

name=${1:-runbox-systemd-test}
suite=${RUNBOX_SUITE:-bookworm}
mirror=${RUNBOX_MIRROR:-http://deb.debian.org/debian}
docker=${DOCKER:-docker}
packages="systemd systemd-sysv dbus libcurl4 libbsd0 libcjson1 libjansson4
    libhttp-parser2.9 netcat-openbsd ca-certificates procps"

recipe=$( { cat "$0"; echo "$name $suite $packages"; } |
    sha256sum | cut -c1-16)
have=$($docker image inspect "$name" \
    --format '{{index .Config.Labels "runbox.recipe"}}' 2>/dev/null || true)
if [ "$have" = "$recipe" ]; then
	echo "mkbase: $name is up to date ($recipe)"
	exit 0
fi
command -v debootstrap >/dev/null 2>&1 ||
    { echo "mkbase: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }

workdir=${TMPDIR:-/tmp}/runbox-mkbase.$$
rootfs=$workdir/rootfs
trap 'rm -rf "$workdir"' EXIT INT TERM
mkdir -p "$workdir"

echo "mkbase: building $name in $rootfs (1-2 minutes)"
include=$(echo $packages | tr ' ' ',')
debootstrap --variant=minbase --include="$include" "$suite" "$rootfs" \
    "$mirror" >"$workdir/debootstrap.log" 2>&1 || {
	tail -n 30 "$workdir/debootstrap.log" >&2
	echo "mkbase: debootstrap failed for $name" >&2
	exit 1
}

# A container has no consoles, no udev and no hardware clock: mask what
# would only fail or wait.  An empty machine-id makes systemd generate one
# at each boot.
for u in getty@tty1.service console-getty.service systemd-udevd.service \
    systemd-udevd-control.socket systemd-udevd-kernel.socket \
    systemd-udev-trigger.service systemd-timesyncd.service \
    systemd-remount-fs.service systemd-firstboot.service \
    apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
    fstrim.timer; do
	ln -sf /dev/null "$rootfs/etc/systemd/system/$u"
done
: >"$rootfs/etc/machine-id"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
    "$rootfs"/usr/share/info/*

tar --numeric-owner -C "$rootfs" -c . |
    $docker import -c "LABEL runbox.recipe=$recipe" \
	-c 'ENV container=docker' \
	-c 'CMD ["/sbin/init"]' - "$name" >/dev/null
echo "mkbase: $name built ($recipe)"
