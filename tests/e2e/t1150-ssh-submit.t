#!/bin/sh
# An SSH forced command from contrib/authorized_keys.example (key and path
# changed for the test) and runbox-submit -e 'ssh ...' as the client.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
e2e_need ssh ssh-keygen
[ -x /usr/sbin/sshd ] || bail "/usr/sbin/sshd is missing (make check installs openssh-server)"
CONTRIB=$(cd "$(dirname "$0")/../.." && pwd)/contrib
SUBMIT=$CONTRIB/runbox-submit
for f in runbox-submit authorized_keys.example; do
	[ -r "$CONTRIB/$f" ] || bail "$CONTRIB/$f is missing"
done

plan 7
printf 'bob:s3cret\n' >"$T/keys"
chmod 600 "$T/keys"
e2e_config "keys_file $T/keys"
ssh-keygen -q -t ed25519 -N '' -f "$T/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$T/user_key"
chmod 700 "$T"
# alice's line as shipped, with the test's key and runbox.
grep '^command=.*--client alice' "$CONTRIB/authorized_keys.example" |
    sed -e "s|/usr/local/bin/runbox|$RUNBOX --config $T/runbox.conf|" \
    -e "s|ssh-ed25519 [A-Za-z0-9+/=]* .*\$|$(cat "$T/user_key.pub")|" \
    >"$T/authorized_keys"
grep -q "^command=\"$RUNBOX --config $T/runbox.conf --client alice\",restrict ssh-ed25519 " \
    "$T/authorized_keys" ||
    bail "contrib/authorized_keys.example no longer has the line this test adapts"
e2e_sshd	# a real sshd on $SP, for the keys in $T/authorized_keys
# runbox's stderr travels back over the SSH channel's stderr: keep it.
SSHCMD="ssh -T -q -i $T/user_key -p $SP -o StrictHostKeyChecking=no \
-o UserKnownHostsFile=/dev/null -o BatchMode=yes $(id -un)@127.0.0.1 \
2>>$T/runbox.log"

printf 'import sys\nprint(sys.argv[1])\nsys.exit(6)\n' >"$T/p.py"
out=$("$SUBMIT" -e "$SSHCMD" "$T/p.py" -- via-ssh)
is "$?:$out" "6:via-ssh" "runbox-submit -e 'ssh ...' runs the program over the forced command"
like "$(e2e_wait_log 'outcome="runtime_error"')" 'client="alice" language="python"' \
    "runbox logs the --client name from the authorized_keys line"
out=$(printf 'console.log(1+1)\n' | "$SUBMIT" -e "$SSHCMD" -l javascript)
is "$?:$out" "0:2" "no key is needed: the transport authenticated alice"
out=$(printf 'x\n' | "$SUBMIT" -e "$SSHCMD" -l nope 2>&1)
like "$?:$out" '^125:runbox-submit: unsupported_language: ' \
    "a refusal over SSH exits 125"
out=$("$SUBMIT" -e "$SSHCMD" -L | cut -f 1,3 | head -n 3 | tr '\t\n' ':;')
is "$out" "python:py;javascript:js node;ruby:rb;" \
    "runbox-submit -L lists the languages over the forced command, no key needed"
"$SUBMIT" -e "false" -l python "$T/p.py" 2>/dev/null
is "$?" 126 "a transport command that fails exits 126"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
