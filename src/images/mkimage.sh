#!/bin/sh
# Build runbox's language images from Debian packages, without a registry,
# as src/images/languages lists them (a line per image: the languages it
# serves, its name, its Debian packages, a version command), in three
# steps, each an image with a label holding its recipe (a hash of what
# made it), rebuilt only when that recipe changes:
#   runbox-base  debootstrap (minbase) and `docker import`, once for every
#                language; its recipe is this script's base step and the
#                suite (label runbox.base).  About 30 s.
#   IMAGE-pkgs   runbox-base and the image's packages, installed by
#                `docker build` with apt-get from Debian's mirror; its
#                recipe adds the pkgs step and the package list (label
#                runbox.pkgs).  An image with no packages (bash) skips it.
#   IMAGE        IMAGE-pkgs, runbox-handoff and src/images/IMAGE/, with
#                `docker build` (no network) and the runtime's version as
#                label runbox.version; its recipe adds the handoff step,
#                the handoff's source, the support files and the version
#                command (label runbox.recipe).  A few seconds.  An
#                executable src/images/IMAGE/image-build runs there once,
#                as root (runbox-gcc's makes C++ precompiled headers).
# So `make images` is cheap when nothing changed, a new handoff costs no
# download, and a new language costs its own packages only.  A recipe
# does not change when Debian does: RUNBOX_REFRESH=1 (make images
# REFRESH=1) rebuilds every step from the mirror's current packages.
#
# usage: mkimage.sh HANDOFF_BINARY HANDOFF_SOURCE LANGUAGES_FILE [NAME...]
#   NAME: a language of LANGUAGES_FILE (make images LANGS="python c");
#   none builds every image the file lists.
set -eu

[ $# -ge 3 ] || {
	echo "usage: mkimage.sh HANDOFF HANDOFF_SOURCE LANGUAGES [NAME...]" >&2
	exit 2
}
handoff=$1 handoff_src=$2 languages=$3
shift 3
suite=${RUNBOX_SUITE:-bookworm}
mirror=${RUNBOX_MIRROR:-http://deb.debian.org/debian}
docker=${DOCKER:-docker}
base=runbox-base
refresh=${RUNBOX_REFRESH:-}
base_done=
# The handoff protocol these images speak (runbox --doctor checks it).
protocol=7

die() { echo "mkimage: $*" >&2; exit 1; }

label() {
	$docker image inspect "$1" \
	    --format "{{index .Config.Labels \"$2\"}}" 2>/dev/null || true
}

hash() { sha256sum | cut -c1-16; }

# current IMAGE LABEL RECIPE: IMAGE carries RECIPE (and no refresh).
current() {
	[ -z "$refresh" ] && [ "$(label "$1" "$2")" = "$3" ]
}

# step_text NAME: this script's text of step NAME, which a recipe covers.
step_text() {
	sed -n "/^# --- $1 step/,/^# --- /p" "$0"
}

# The data lines of LANGUAGES_FILE: no comment lines (# first), no blank
# lines; a # later in a line is data (ruby's "#{}").
entries() {
	sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$languages"
}

# parse LINE: sets names (space-separated), image, packages and vcmd.
parse() {
	case $1 in
	*'|'*) ;;
	*) die "$languages: no '| VERSION-COMMAND' in: $1" ;;
	esac
	vcmd=$(printf '%s\n' "${1#*|}" | sed 's/^[[:space:]]*//')
	set -f
	# shellcheck disable=SC2086
	set -- ${1%%|*}
	set +f
	if [ $# -lt 2 ] || [ -z "$vcmd" ]; then
		die "$languages: want NAMES IMAGE PACKAGE... | COMMAND in: $*"
	fi
	names=$(echo "$1" | tr , ' ') image=$2
	shift 2
	packages=$*
}

# --- base step
# build_base: runbox-base, a Debian minbase root (with apt, which the pkgs
# step uses) that every image starts from.  Needs root (debootstrap).
base_recipe=$( { step_text base; echo "$suite"; } | hash)
build_base() {
	if [ -n "$base_done" ] || current "$base" runbox.base "$base_recipe"
	then
		return 0
	fi
	command -v debootstrap >/dev/null 2>&1 ||
	    die "debootstrap is missing (make setup installs it)"
	rootfs=$workdir/rootfs
	echo "mkimage: building $base (debootstrap $suite) in $rootfs"
	debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" \
	    >"$workdir/debootstrap.log" 2>&1 || {
		tail -n 30 "$workdir/debootstrap.log" >&2
		die "debootstrap failed for $base"
	}
	# Nothing the sandboxed program needs: caches, docs, apt lists.
	rm -rf "$rootfs"/var/cache/apt/archives/*.deb \
	    "$rootfs"/var/cache/apt/*.bin \
	    "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
	    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
	    "$rootfs"/var/log/*
	tar --numeric-owner -C "$rootfs" -c . |
	    $docker import -c "LABEL runbox.base=$base_recipe" - "$base" \
		>/dev/null
	rm -rf "$rootfs"
	base_done=1
	echo "mkimage: $base built ($base_recipe)"
}

# --- pkgs step
# build_pkgs: $image-pkgs, runbox-base with $packages, by apt-get during
# `docker build` (the one step that needs Debian's mirror).  The manual
# directory is made for update-alternatives (openjdk's, lua's postinst
# link their man pages there), then emptied with the docs and apt's lists.
build_pkgs() {
	if current "$image-pkgs" runbox.pkgs "$pkgs_recipe"; then
		return 0
	fi
	build_base
	echo "mkimage: building $image-pkgs ($packages)"
	ctx=$workdir/pkgs
	mkdir -p "$ctx"
	cat >"$ctx/Dockerfile" <<EOF
FROM $base
RUN set -e; export DEBIAN_FRONTEND=noninteractive; \
    mkdir -p /usr/share/man/man1; \
    apt-get -q -o Acquire::Retries=3 update; \
    apt-get -q -y -o Acquire::Retries=3 install --no-install-recommends \
	$packages; \
    apt-get clean; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc/* \
	/usr/share/man/* /usr/share/info/* /var/log/*
LABEL runbox.pkgs=$pkgs_recipe
EOF
	$docker build -q ${refresh:+--no-cache} -t "$image-pkgs" "$ctx" \
	    >/dev/null 2>"$workdir/build.log" || {
		tail -n 30 "$workdir/build.log" >&2
		die "docker build failed for $image-pkgs"
	}
	rm -rf "$ctx"
	echo "mkimage: $image-pkgs built ($pkgs_recipe)"
}

# --- handoff step
# build_image: $image from $from, with runbox-handoff, the support files
# and the runtime's version (the first line $vcmd prints, as the sandbox's
# user, with no network), and the user and directory of a run.
build_image() {
	out=$($docker run --rm --network none --user 65534:65534 -w /tmp \
	    -e HOME=/tmp -e LANG=C.UTF-8 --entrypoint /bin/sh "$from" \
	    -c "$vcmd" 2>&1) ||
	    die "$image: the version command failed: $vcmd: $out"
	# A label value with no quoting to worry about in the Dockerfile.
	version=$(printf '%s\n' "$out" | head -n 1 |
	    tr -cd 'A-Za-z0-9 ._,:;()+~/-' | sed 's/  */ /g; s/^ //; s/ $//')
	[ -n "$version" ] || die "$image: the version command printed nothing"
	ctx=$workdir/ctx
	mkdir -p "$ctx/lib"
	install -m 0755 "$handoff" "$ctx/runbox-handoff"
	[ ! -d "$support" ] || cp -R "$support"/. "$ctx/lib/"
	chmod -R a+rX "$ctx/lib"
	cat >"$ctx/Dockerfile" <<EOF
FROM $from
COPY runbox-handoff /usr/local/bin/runbox-handoff
COPY lib/ /usr/local/lib/runbox/
RUN if [ -x /usr/local/lib/runbox/image-build ]; then \
    /usr/local/lib/runbox/image-build; fi
USER 65534:65534
WORKDIR /tmp
LABEL runbox.recipe=$recipe runbox.handoff=$protocol \
    runbox.version="$version"
EOF
	$docker build -q -t "$image" "$ctx" >/dev/null \
	    2>"$workdir/build.log" || {
		cat "$workdir/build.log" >&2
		die "docker build failed for $image"
	}
	rm -rf "$ctx"
	echo "mkimage: $image built ($recipe, $version)"
}
# --- end of the steps

# Every NAME asked for must be in the file.
known=" $(entries | while IFS= read -r line; do parse "$line"; \
    echo "$names"; done | tr '\n' ' ')"
for n in "$@"; do
	case $known in
	*" $n "*) ;;
	*) die "no language \"$n\" in $languages (known:$known)" ;;
	esac
done

workdir=$(mktemp -d "${TMPDIR:-/tmp}/runbox-mkimage.XXXXXX")
trap 'rm -rf "$workdir"' EXIT
trap 'exit 129' HUP INT TERM

entries >"$workdir/entries"
# The lines come on descriptor 3: docker and debootstrap keep stdin.
while IFS= read -r line <&3; do
	parse "$line"
	if [ $# -gt 0 ]; then
		pick=
		for n in "$@"; do
			case " $names " in
			*" $n "*) pick=1 ;;
			esac
		done
		[ -n "$pick" ] || continue
	fi
	if [ -n "$packages" ]; then
		from=$image-pkgs
		pkgs_recipe=$( { echo "$base_recipe"; step_text pkgs;
		    echo "$packages"; } | hash)
		from_recipe=$pkgs_recipe
	else
		from=$base from_recipe=$base_recipe
	fi
	# A language's support files (src/images/IMAGE/, if any) go to
	# /usr/local/lib/runbox/ in the image, with the handoff.
	support=$(dirname "$languages")/$image
	recipe=$( { echo "$from_recipe $image $protocol"; step_text handoff;
	    cat "$handoff_src"; [ ! -d "$support" ] ||
	    find "$support" -type f | LC_ALL=C sort | xargs cat;
	    echo "$vcmd"; } | hash)
	if current "$image" runbox.recipe "$recipe"; then
		echo "mkimage: $image is up to date ($recipe," \
		    "$(label "$image" runbox.version))"
		continue
	fi
	if [ -n "$packages" ]; then
		build_pkgs
	else
		build_base
	fi
	build_image
done 3<"$workdir/entries"
