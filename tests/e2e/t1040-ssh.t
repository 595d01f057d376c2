#!/bin/sh
# SSH forced command (docs/admission.md, --client): a real sshd on a
# loopback port runs `runbox --client alice` for one authorized key.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
e2e_need ssh ssh-keygen
[ -x /usr/sbin/sshd ] || bail "/usr/sbin/sshd is missing (make check installs openssh-server)"

plan 9
printf 'bob:s3cret\n' >"$T/keys"
chmod 600 "$T/keys"
e2e_config "keys_file $T/keys" "rate_limit 2 per 60s"
ssh-keygen -q -t ed25519 -N '' -f "$T/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$T/user_key"
chmod 700 "$T"
printf 'command="%s --config %s --client alice",restrict %s\n' \
    "$RUNBOX" "$T/runbox.conf" "$(cat "$T/user_key.pub")" >"$T/authorized_keys"
e2e_sshd	# a real sshd on $SP, for the keys in $T/authorized_keys

over_ssh() {
	j=$1
	printf '%d:%s,' "${#j}" "$j" | ssh -q -i "$T/user_key" -p "$SP" \
	    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	    -o BatchMode=yes "$(id -un)@127.0.0.1" 2>>"$T/runbox.log"
}

r=$(over_ssh '{"code":"print(6*7)"}')
like "$r" '^[0-9]+:\{' "the reply comes back over SSH as one netstring"
r=${r#*:}
r=${r%,}
is "$(e2e_field "$r" '[.status,.stdout]|@json')" '["ok","42\n"]' \
    "--client alice runs without a key although keys_file is set"
line=$(e2e_wait_log 'outcome="ok"')
like "$line" 'client="alice"' "the log names the --client NAME"
case $line in
*' key='*) ok 1 "no key name is logged: the transport authenticated alice" ;;
*) ok 0 "no key name is logged: the transport authenticated alice" ;;
esac
r=$(over_ssh '{"code":'); r=${r#*:}; r=${r%,}
is "$(e2e_field "$r" .error)" bad_request "a second request is admitted (burst 2)"
r=$(over_ssh '{"code":'); r=${r#*:}; r=${r%,}
is "$(e2e_field "$r" .error)" rate_limited "the third is rate limited: NAME is what the limits count"
is "$(e2e_field "$r" .message)" "too many requests from alice" \
    "the refusal names alice"
e2e_start
r=$(printf '%s' '{"key":"s3cret","code":"print(1)"}' | e2e_send)
is "$(e2e_field "$r" .status)" ok "a TCP client from the same host has its own bucket"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
