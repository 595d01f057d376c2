#!/bin/sh
# make check-vm: a Debian 13 (trixie) virtual machine under QEMU with its
# own kernel, the unified cgroup v2 hierarchy only (cgroup_no_v1=all),
# Docker 26 from Debian 13, and runbox and its images carried in; the
# smoke suite (tests/vm/smoke.t) talks to it from this host through a
# real client (docs/deploy.md, "Tested hosts").
#
#   vm.sh image   build build/vm/disk.img: a root by debootstrap (again
#                 only when its recipe changed), the runbox images loaded
#                 into its engine's store by its own dockerd run chrooted
#                 here (tests/engine/engine.sh), runbox installed with
#                 make install and socket-activated by systemd; then the
#                 disk by mke2fs -d (no loop device, no mount)
#   vm.sh boot    boot it in the background (QEMU, VM_ACCEL: tcg, the
#                 default, or kvm), wait for its sshd and for systemd to
#                 settle; prints the boot time
#   vm.sh ssh CMD run CMD in it as root
#   vm.sh halt    power it off (kill QEMU if it does not go)
#   vm.sh ports   print "HTTP SSH": the host's loopback ports forwarded to
#                 the VM's runbox (7000) and sshd (22)
# As root, from anywhere in the tree.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/port.sh"
dir=$top/build/vm
root=$dir/root
# What the VM has beside the engine's packages: a kernel and an init to
# boot, sshd and the docker CLI for the tests to look inside, the
# libraries runbox links.
VM_PKGS="linux-image-amd64 systemd-sysv udev kmod dbus openssh-server
    iproute2 docker-cli libbsd0 libcjson1 libjansson4 libhttp-parser2.9"
VM_MEM=${VM_MEM:-4096}
VM_CPUS=${VM_CPUS:-2}
VM_ACCEL=${VM_ACCEL:-tcg}
VM_DISK_SIZE=${VM_DISK_SIZE:-12G}
log() { echo "vm: $*"; }
die() { echo "vm: $*" >&2; exit 1; }
engine() {
	ENGINE_DIR=$dir ENGINE_PKGS_EXTRA=$(echo $VM_PKGS) \
	    sh "$top/tests/engine/engine.sh" "$@"
}
key=$dir/id_ed25519
ssh_opts() {
	echo "-i $key -p $(cat "$dir/ssh.port") -o BatchMode=yes" \
	    "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null" \
	    "-o LogLevel=ERROR -o ConnectTimeout=10"
}
vm_ssh() {
	# shellcheck disable=SC2046
	ssh $(ssh_opts) root@127.0.0.1 "$@"
}

image() {
	[ "$(id -u)" -eq 0 ] || die "building the image needs root"
	[ -x "$top/build/runbox" ] || die "build/runbox is not built (make)"
	for c in qemu-system-x86_64 mke2fs ssh ssh-keygen; do
		command -v $c >/dev/null || die "$c is missing (make check-vm installs it)"
	done
	t0=$(date +%s)
	# The root and the images in its engine's store.
	engine start
	engine stop
	# Nothing of the chrooted engine's run may be left in the image.
	rm -rf "$root/run/"* "$root/tmp/"*

	# Boot: the disk is the root, DHCP on QEMU's user network.
	echo '/dev/vda / ext4 defaults 0 1' >"$root/etc/fstab"
	echo runbox-vm >"$root/etc/hostname"
	printf '127.0.0.1 localhost\n127.0.1.1 runbox-vm\n' >"$root/etc/hosts"
	mkdir -p "$root/etc/systemd/network"
	printf '[Match]\nName=en*\n\n[Network]\nDHCP=yes\n' \
	    >"$root/etc/systemd/network/10-wired.network"
	chroot "$root" systemctl enable systemd-networkd ssh docker \
	    >/dev/null 2>&1
	# The tests' key.
	[ -s "$key" ] || ssh-keygen -q -t ed25519 -N '' -C runbox-vm -f "$key"
	mkdir -p "$root/root/.ssh"
	chmod 700 "$root/root/.ssh"
	cp "$key.pub" "$root/root/.ssh/authorized_keys"

	# runbox as docs/deploy.md installs it, socket-activated on 7000.
	make -s -C "$top" install DESTDIR="$root" PREFIX=/usr/local >/dev/null
	chroot "$root" sh -es <<'SETUP'
getent passwd runbox >/dev/null ||
    useradd --system --user-group --no-create-home \
        --home-dir /var/lib/runbox --shell /usr/sbin/nologin runbox
mkdir -p /var/lib/runbox
chown runbox:runbox /var/lib/runbox
# Every default language (no language lines: src/config_lang.c's), no
# keys file (QEMU forwards loopback only), requests back to back, and
# room for an emulated machine: longer deadlines.
cat >/etc/runbox/runbox.conf <<'CONF'
# runbox in the check-vm machine (written by tests/vm/vm.sh)
docker_socket      /var/run/docker.sock
state_file         /var/lib/runbox/state
rate_limit         1000 per 1s
max_per_client     4
read_timeout_ms    15000
timeout_ms         3000 max 60000
memory_mb          64 max 512
compile_timeout_ms 60000 max 120000
# tsc takes over 30 s, typescript's own maximum, when emulated.
override typescript compile_timeout_ms 120000 max 120000
CONF
chmod 644 /etc/runbox/runbox.conf
systemctl enable runbox.socket runbox-reap.timer >/dev/null 2>&1
SETUP
	cp "$root"/boot/vmlinuz-* "$dir/vmlinuz"
	cp "$root"/boot/initrd.img-* "$dir/initrd.img"

	log "making $dir/disk.img ($VM_DISK_SIZE, sparse) from the root"
	rm -f "$dir/disk.img"
	truncate -s "$VM_DISK_SIZE" "$dir/disk.img"
	mke2fs -q -t ext4 -L runbox-vm -d "$root" "$dir/disk.img" ||
	    die "mke2fs -d failed"
	log "image ready in $(( $(date +%s) - t0 )) s: kernel" \
	    "$(ls "$root"/boot/vmlinuz-* | sed 's/.*vmlinuz-//'), $(chroot "$root" \
	    dpkg-query -W -f '${Package} ${Version}, ' docker.io crun)$(du -sh \
	    "$dir/disk.img" | cut -f1) used"
}

boot() {
	[ -s "$dir/disk.img" ] || die "no image: vm.sh image first"
	if [ -s "$dir/qemu.pid" ] && kill -0 "$(cat "$dir/qemu.pid")" 2>/dev/null; then
		die "a VM runs already (pid $(cat "$dir/qemu.pid")): vm.sh halt"
	fi
	hp=$(port_free)
	sp=$(port_free)
	echo "$hp" >"$dir/http.port"
	echo "$sp" >"$dir/ssh.port"
	t0=$(date +%s)
	qemu-system-x86_64 -accel "$VM_ACCEL" -cpu max -smp "$VM_CPUS" \
	    -m "$VM_MEM" -display none -no-reboot \
	    -kernel "$dir/vmlinuz" -initrd "$dir/initrd.img" \
	    -append "root=/dev/vda rw console=ttyS0 cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1 panic=-1" \
	    -drive "file=$dir/disk.img,format=raw,if=virtio,cache=unsafe" \
	    -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$hp-:7000,hostfwd=tcp:127.0.0.1:$sp-:22" \
	    -device virtio-net-pci,netdev=n0 \
	    -serial "file:$dir/console.log" \
	    -pidfile "$dir/qemu.pid" -daemonize ||
	    die "qemu failed to start"
	# sshd answers, then systemd has finished starting up.
	i=0
	until vm_ssh true 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 180 ] || { halt; die "no sshd in the VM after 15" \
		    "minutes; see $dir/console.log"; }
		kill -0 "$(cat "$dir/qemu.pid")" 2>/dev/null ||
		    die "qemu exited; see $dir/console.log"
		sleep 5
	done
	st=$(vm_ssh systemctl is-system-running --wait 2>/dev/null) || true
	log "booted in $(( $(date +%s) - t0 )) s ($VM_ACCEL, $VM_CPUS CPUs," \
	    "$VM_MEM MiB): systemd $st; kernel $(vm_ssh uname -r);" \
	    "runbox on 127.0.0.1:$hp, sshd on 127.0.0.1:$sp"
}

halt() {
	[ -s "$dir/qemu.pid" ] || return 0
	p=$(cat "$dir/qemu.pid")
	kill -0 "$p" 2>/dev/null || { rm -f "$dir/qemu.pid"; return 0; }
	vm_ssh systemctl poweroff >/dev/null 2>&1 || true
	i=0
	while kill -0 "$p" 2>/dev/null && [ $i -lt 120 ]; do
		sleep 0.5
		i=$((i + 1))
	done
	kill "$p" 2>/dev/null || true
	rm -f "$dir/qemu.pid"
	log "VM stopped"
}

case ${1:-} in
image) image ;;
boot) boot ;;
ssh) shift; vm_ssh "$@" ;;
halt) halt ;;
ports) echo "$(cat "$dir/http.port") $(cat "$dir/ssh.port")" ;;
*) echo "usage: vm.sh image|boot|ssh CMD|halt|ports" >&2; exit 2 ;;
esac
