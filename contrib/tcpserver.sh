#!/bin/sh
# tcpserver.sh: serve runbox with tcpserver from ucspi-tcp, one runbox
# process per connection.  tcpserver gives runbox the TCP socket as stdin
# and stdout (so runbox sees the client's address) and leaves stderr, the
# log, on its own stderr; run it under a supervisor (runit, s6, daemontools
# or a systemd service) that keeps that log.
#
#   RUNBOX_CONF=/etc/runbox/runbox.conf PORT=7000 BIND=0.0.0.0 sh tcpserver.sh
#
# The command it runs is:
#   tcpserver -R -H -l 0 -c 16 -u UID -g GID 0.0.0.0 7000 \
#       /usr/local/bin/runbox --config /etc/runbox/runbox.conf
# -R -H -l 0: no ident, no DNS lookups (they would delay every
# connection); -c: at most that many runbox processes (beyond it tcpserver
# waits before accepting); -u/-g: drop root (RUNBOX_USER, when set).
set -eu
: "${RUNBOX:=/usr/local/bin/runbox}"
: "${RUNBOX_CONF:=/etc/runbox/runbox.conf}"
: "${PORT:=7000}"
: "${BIND:=0.0.0.0}"
: "${MAX_CHILDREN:=16}"
: "${RUNBOX_USER:=}"
set -- -R -H -l 0 -c "$MAX_CHILDREN"
if [ -n "$RUNBOX_USER" ]; then
	set -- "$@" -u "$(id -u "$RUNBOX_USER")" -g "$(id -g "$RUNBOX_USER")"
fi
exec tcpserver "$@" "$BIND" "$PORT" "$RUNBOX" --config "$RUNBOX_CONF"
