# port.sh: a free loopback port for the scripts that listen on one
# (tests/lib/e2e.sh, tests/bench/lib.sh, tests/vm/vm.sh).  Source it.
#
#   port_free    a port below the kernel's ephemeral range (32768 and up
#                on Linux, so that no client connection holds it) that
#                nobody listens on now
port_free() {
	while :; do
		p=$(( $(od -An -N2 -tu2 /dev/urandom) % 20000 + 10000 ))
		ss -Hatn "sport = :$p" | grep -q . || { echo "$p"; return; }
	done
}
