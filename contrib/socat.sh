#!/bin/sh
# socat.sh: serve runbox on a TCP port with socat, one runbox process per
# connection, without systemd or inetd (for a quick setup or a container).
#
#   RUNBOX_CONF=/etc/runbox/runbox.conf PORT=7000 BIND=127.0.0.1 sh socat.sh
#
# The command it runs is:
#   socat TCP-LISTEN:7000,bind=127.0.0.1,reuseaddr,fork,max-children=16 \
#       EXEC:"/usr/local/bin/runbox --config /etc/runbox/runbox.conf",nofork
# ",nofork" matters: socat then hands runbox the TCP socket itself, so
# runbox sees the client's address (getpeername) for its allow-list and
# limits.  Without it socat relays through a socketpair and every client is
# "local" (one shared bucket, no allow-list).  runbox's log goes to socat's
# stderr.  max-children refuses connections beyond it without a reply:
# keep it above runbox's max_running.
set -eu
: "${RUNBOX:=/usr/local/bin/runbox}"
: "${RUNBOX_CONF:=/etc/runbox/runbox.conf}"
: "${PORT:=7000}"
: "${BIND:=127.0.0.1}"
: "${MAX_CHILDREN:=16}"
exec socat "TCP-LISTEN:$PORT,bind=$BIND,reuseaddr,fork,max-children=$MAX_CHILDREN" \
    "EXEC:$RUNBOX --config $RUNBOX_CONF,nofork"
