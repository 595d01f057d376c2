# shellcheck shell=sh
# lib.sh: what run.sh and output.sh share.  Source it after setting
# TAGP (this run's image tag prefix), T (its scratch directory) and TOOLS,
# and defining die().
#
#   lang_image LANG, lang_file LANG, lang_cmd LANG
#                       a language's image, code file and command, as
#                       runbox's default configuration has them
#   bench_containers [PREFIX]  containers made from tags PREFIX* (default
#                       this run's)
#   bench_rm [PREFIX]   remove them, again while a pass finds some
#   bench_gc            remove what runs killed outright left (their
#                       containers and tags)
#   bench_port          a free loopback port
#   kv LINE KEY         the value of KEY=VALUE in LINE
#   rb_field NAME       p50 and max of NAME=N in the log lines of $T/lines

# Where the ruby image keeps sync.rb (src/images/runbox-ruby/), which
# ruby's command loads.
RUBYLIB=/usr/local/lib/runbox

lang_image() {
	case $1 in
	python) echo runbox-python ;;
	javascript) echo runbox-node ;;
	ruby) echo runbox-ruby ;;
	*) die "unknown language $1 (BENCH_LANGS: python javascript ruby)" ;;
	esac
}
lang_file() {
	case $1 in python) echo main.py ;; javascript) echo main.js ;;
	ruby) echo main.rb ;; esac
}
lang_cmd() {
	case $1 in python) echo python3 -u main.py ;;
	javascript) echo node main.js ;;
	ruby) echo ruby -r$RUBYLIB/sync.rb main.rb ;; esac
}

bench_containers() {
	docker ps -a --format '{{.ID}} {{.Image}}' |
	    awk -v p="${1:-$TAGP}" 'index($2, p) == 1 { print $1 }'
}

# Again while a pass finds some, since a client killed in the middle of a
# create leaves the engine to finish it a moment later.
bench_rm() {
	pass=0
	while [ $pass -lt 5 ]; do
		ids=$(bench_containers "${1:-$TAGP}")
		[ -n "$ids" ] || return 0
		echo "$ids" | xargs docker rm -f >/dev/null 2>&1 || true
		pass=$((pass + 1))
		sleep 1
	done
}

# Tags are runbox-bench-PID-...: a PID no longer running left them.
bench_gc() {
	for tag in $(docker images --format '{{.Repository}}' |
	    grep '^runbox-bench-[0-9]*-' | sort -u); do
		pid=${tag#runbox-bench-}
		pid=${pid%%-*}
		kill -0 "$pid" 2>/dev/null && continue
		bench_rm "runbox-bench-$pid-"
		docker rmi "$tag" >/dev/null 2>&1 || true
	done
}

bench_port() {
	while :; do
		p=$(( $(od -An -N2 -tu2 /dev/urandom) % 20000 + 10000 ))
		ss -Hatn "sport = :$p" | grep -q . || { echo "$p"; return; }
	done
}

kv() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

rb_field() {
	sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$T/lines" | "$TOOLS/rbbench" stats
}
