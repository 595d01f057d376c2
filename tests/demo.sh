#!/bin/sh
# make run: serve runbox on 127.0.0.1:7000 with a demo config and key under
# build/demo/, in the foreground, through systemd-socket-activate (one
# runbox process per connection, as systemd's Accept=yes would).
set -eu

demo=build/demo
addr=${RUNBOX_DEMO_ADDR:-127.0.0.1:7000}
mkdir -p "$demo"
umask 077
if [ ! -s "$demo/keys" ]; then
	secret=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	echo "demo:$secret" >"$demo/keys"
fi
chmod 600 "$demo/keys"
secret=$(sed -n 's/^demo://p' "$demo/keys")
cat >"$demo/runbox.conf" <<CONF
# runbox demo configuration (written by make run)
docker_socket /var/run/docker.sock
keys_file $PWD/$demo/keys
state_file $PWD/$demo/state
# The playground page for a browser's GET / (docs/http.md).
http_playground yes
CONF
chmod 644 "$demo/runbox.conf"

json='{"key":"'$secret'","language":"python","code":"print(6*7)"}'
langs=$("$PWD/build/runbox" --check-config --config "$demo/runbox.conf" |
    awk '$1 == "language" { printf "%s%s", sep, $2; sep = ", " }')
cat <<MSG
runbox demo: serving on $addr (config $demo/runbox.conf, key in $demo/keys)
Languages: $langs.
Try, from another terminal:

  printf '%s' '${#json}:$json,' | nc -N ${addr%:*} ${addr##*:}

or over HTTP, on the same port (docs/http.md):

  curl -H 'X-API-Key: $secret' -d '{"language":"python","code":"print(6*7)"}' http://$addr/run

or in a browser, the playground page (the key: $secret):

  http://$addr/

Ctrl-C stops it.
MSG
exec systemd-socket-activate --accept --inetd -l "$addr" \
    "$PWD/build/runbox" --config "$PWD/$demo/runbox.conf"
