#!/bin/sh
# make install / make uninstall (README.md) into a DESTDIR: every file in its
# place with its mode, the units generated with the real paths, the
# config and the keys never overwritten, uninstall removing what install
# put and leaving the configuration and the state.
. "$(dirname "$0")/../lib/tap.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
for c in make install sed find cmp; do
	command -v "$c" >/dev/null 2>&1 || bail "$c is missing"
done
for f in docs/runbox.8 docs/runbox.conf.5; do
	[ -f "$top/$f" ] || bail "$f is missing: make install installs it"
done
: "${RUNBOX:=$top/build/runbox}"

T=$(mktemp -d "${TMPDIR:-/tmp}/runbox-t1900.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 129' HUP INT TERM
D=$T/root

plan 21

# mode and path of every file and directory under $1, one a line, sorted
tree() {
	(cd "$1" && find . -mindepth 1 \( -type f -o -type d -o -type l \) \
	    -printf '%y %m %P\n' | sort -k3)
}

users_before=$(getent passwd | cut -d: -f1 | sort | tr '\n' ' ')
make -C "$top" install DESTDIR="$D" PREFIX=/usr/local >"$T/install.log" 2>&1
ok $? "make install DESTDIR=... PREFIX=/usr/local succeeds" ||
    diag "$(tail -n 20 "$T/install.log")"

want=$(sort -k3 <<EOF2
d 755 etc
d 755 etc/runbox
f 600 etc/runbox/keys
f 644 etc/runbox/runbox.conf
d 755 usr
d 755 usr/local
d 755 usr/local/bin
f 755 usr/local/bin/runbox
f 755 usr/local/bin/runbox-submit
d 755 usr/local/lib
d 755 usr/local/lib/systemd
d 755 usr/local/lib/systemd/system
f 644 usr/local/lib/systemd/system/runbox-reap.service
f 644 usr/local/lib/systemd/system/runbox-reap.timer
f 644 usr/local/lib/systemd/system/runbox.socket
f 644 usr/local/lib/systemd/system/runbox@.service
d 755 usr/local/libexec
d 755 usr/local/libexec/runbox
f 755 usr/local/libexec/runbox/runbox-inetd
d 755 usr/local/share
d 755 usr/local/share/doc
d 755 usr/local/share/doc/runbox
f 644 usr/local/share/doc/runbox/runbox.conf.example
d 755 usr/local/share/man
d 755 usr/local/share/man/man5
f 644 usr/local/share/man/man5/runbox.conf.5
d 755 usr/local/share/man/man8
f 644 usr/local/share/man/man8/runbox.8
d 755 var
d 755 var/lib
d 700 var/lib/runbox
EOF2
)
want=$(printf '%s\n' "$want" | sed '/^$/d')
is "$(tree "$D")" "$want" \
    "install puts exactly these files and directories, with these modes"

cmp -s "$top/build/runbox" "$D/usr/local/bin/runbox"
ok $? "the installed binary is build/runbox"
"$D/usr/local/bin/runbox" --version >/dev/null 2>&1
ok $? "the installed binary runs (--version)"
[ -f "$D/etc/runbox/keys" ] && [ ! -s "$D/etc/runbox/keys" ]
ok $? "the keys file is installed empty (mode checked above: 0600)"
cmp -s "$top/docs/runbox.8" "$D/usr/local/share/man/man8/runbox.8" &&
    cmp -s "$top/docs/runbox.conf.5" "$D/usr/local/share/man/man5/runbox.conf.5"
ok $? "the man pages are docs/runbox.8 and docs/runbox.conf.5"

U=$D/usr/local/lib/systemd/system
left=$(grep -n '@[A-Z_]*@' "$U"/* 2>&1)
is "$left" "" "no @VARIABLE@ is left in the installed units"
is "$(sed -n 's/^ExecStart=//p' "$U/runbox@.service")" \
    "/usr/local/bin/runbox --config /etc/runbox/runbox.conf" \
    "runbox@.service runs the installed binary with the installed config"
is "$(sed -n 's/^ExecStopPost=//p' "$U/runbox@.service")" \
    "/usr/local/bin/runbox --reap --invocation --config /etc/runbox/runbox.conf" \
    "runbox@.service removes its instance's container in ExecStopPost"
is "$(sed -n 's/^ExecStart=//p' "$U/runbox-reap.service")" \
    "/usr/local/bin/runbox --reap --config /etc/runbox/runbox.conf" \
    "runbox-reap.service runs runbox --reap with the installed config"
cmp -s "$top/systemd/runbox.socket" "$U/runbox.socket" &&
    cmp -s "$top/systemd/runbox-reap.timer" "$U/runbox-reap.timer"
ok $? "runbox.socket and runbox-reap.timer are installed as they are"

# The example config is valid as installed, once a key is in place (with
# no key runbox refuses every request: nothing runs until one is added).
printf 'alice:s3cret\n' >"$T/keys"
chmod 600 "$T/keys"
sed -e "s|^keys_file .*|keys_file $T/keys|" \
    -e "s|^state_file .*|state_file $T/state|" \
    "$D/etc/runbox/runbox.conf" >"$T/runbox.conf"
"$RUNBOX" --check-config --config "$T/runbox.conf" >"$T/check.log" 2>&1
ok $? "the installed example config passes --check-config once a key is added" ||
    diag "$(cat "$T/check.log")"
grep -Eq '^keys_file[[:space:]]+/etc/runbox/keys$' "$D/etc/runbox/runbox.conf"
ok $? "the installed config requires keys from /etc/runbox/keys"

users_after=$(getent passwd | cut -d: -f1 | sort | tr '\n' ' ')
is "$users_after" "$users_before" "an install with DESTDIR creates no user"

# A second install keeps the administrator's config and keys.
echo '# mine' >>"$D/etc/runbox/runbox.conf"
echo 'bob:mine' >>"$D/etc/runbox/keys"
make -C "$top" install DESTDIR="$D" PREFIX=/usr/local >"$T/install2.log" 2>&1
ok $? "make install runs again over an installed tree" ||
    diag "$(tail -n 20 "$T/install2.log")"
tail -n 1 "$D/etc/runbox/runbox.conf" | grep -qx '# mine' &&
    grep -qx 'bob:mine' "$D/etc/runbox/keys"
ok $? "a second install overwrites neither the config nor the keys"

# Other paths: the units are regenerated with them.
D2=$T/opt
make -C "$top" install DESTDIR="$D2" PREFIX=/opt/rb SYSCONFDIR=/opt/rb/etc \
    >"$T/install3.log" 2>&1 &&
    [ -x "$D2/opt/rb/bin/runbox" ] &&
    [ -f "$D2/opt/rb/etc/runbox/runbox.conf" ] &&
    [ -f "$D2/opt/rb/lib/systemd/system/runbox.socket" ]
ok $? "PREFIX and SYSCONFDIR move the installed files" ||
    diag "$(tail -n 20 "$T/install3.log")"
is "$(sed -n 's/^ExecStart=//p' "$D2/opt/rb/lib/systemd/system/runbox@.service")" \
    "/opt/rb/bin/runbox --config /opt/rb/etc/runbox/runbox.conf" \
    "changing PREFIX and SYSCONFDIR regenerates the units with the new paths"

make -C "$top" uninstall DESTDIR="$D" PREFIX=/usr/local >"$T/uninstall.log" 2>&1
ok $? "make uninstall DESTDIR=... succeeds" ||
    diag "$(tail -n 20 "$T/uninstall.log")"
is "$( (cd "$D" && find . -type f -printf '%P\n') | sort | tr '\n' ' ')" \
    "etc/runbox/keys etc/runbox/runbox.conf " \
    "uninstall removes the binary, man pages, units and example; keeps config and keys"
[ -d "$D/var/lib/runbox" ] && grep -q 'left' "$T/uninstall.log"
ok $? "uninstall leaves the state directory and says what it left"
finish
