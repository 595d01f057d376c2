#!/bin/sh
# libcurl-min.sh: build the minimal static libcurl that runbox links by
# default (make CURL=minimal), from Debian's source package of the
# installed libcurl4 version, so that Debian's security patches are in.
#
# Why: runbox is one short-lived process per connection, and Debian's
# libcurl4 loads some 33 shared libraries (TLS, Kerberos, LDAP, HTTP/2,
# IDN, PSL, SSH, compression...) that runbox never uses; loading them is
# most of runbox's own CPU time and memory per request.  runbox needs
# plain HTTP/1.1 over the engine's unix socket only, so this libcurl has
# HTTP and unix sockets and nothing else, and the synchronous resolver
# (no thread: the host is always "localhost" over the socket).
#
#	sh build-aux/libcurl-min.sh BUILD
#
# writes BUILD/curl/include/curl/*.h and BUILD/curl/lib/libcurl.a, and
# nothing outside BUILD.  BUILD/curl-src holds the downloads (the source
# package, fetched with apt-get from Debian's mirror into a private list
# directory: the system's apt state is not touched), the patched tree and
# the logs.  Run again, it rebuilds from the downloads it has; the
# Makefile runs it when libcurl4's version or this script changes.
#
# Debian's patches are applied as Debian's own OpenSSL flavour does:
# every patch in the series except the last two, which only rename the
# library for the GnuTLS and NSS flavours.  configure is the one in the
# orig tarball (no autoreconf): the patches to the build system that this
# needs to ignore are listed in REVIEWED below, and a new one stops the
# build until someone has looked at it.
#
# Needs: apt, dpkg-dev, patch, xz-utils, make, a C compiler, and Debian's
# mirror.  Without them, `make CURL=system` links Debian's shared libcurl.
set -eu

prog=libcurl-min
# Patches that change configure.ac, acinclude.m4, m4/ or the Makefile.am
# and Makefile.inc of lib/ and include/, and why leaving configure and
# Makefile.in as the tarball ships them is right for this build.
REVIEWED="
build-Divide-mit-krb5-gssapi-link-flags-between-LDFLAGS-a.patch	GSS-API is off
Use-OpenLDAP-specific-functionality.patch	LDAP is off
90_gnutls.patch	not applied (GnuTLS flavour)
99_nss.patch	not applied (NSS flavour)
"
# Everything configure can leave out, is left out.
CONFIG="--disable-shared --enable-static --disable-dependency-tracking
    --enable-http --enable-unix-sockets
    --disable-ftp --disable-file --disable-ldap --disable-ldaps
    --disable-rtsp --disable-dict --disable-telnet --disable-tftp
    --disable-pop3 --disable-imap --disable-smb --disable-smtp
    --disable-gopher --disable-mqtt --disable-websockets
    --disable-proxy --disable-ipv6 --disable-threaded-resolver
    --disable-pthreads --disable-socketpair --disable-doh
    --disable-cookies --disable-http-auth --disable-crypto-auth
    --disable-ntlm --disable-ntlm-wb --disable-tls-srp --disable-sspi
    --disable-mime --disable-dateparse --disable-netrc
    --disable-progress-meter --disable-dnsshuffle
    --disable-get-easy-options --disable-alt-svc --disable-headers-api
    --disable-hsts --disable-manual --disable-libcurl-option
    --without-ssl --without-zlib --without-brotli --without-zstd
    --without-libpsl --without-libgsasl --without-libssh2
    --without-libssh --without-wolfssh --without-librtmp
    --without-libidn2 --without-nghttp2 --without-ngtcp2
    --without-nghttp3 --without-quiche --without-msh3 --without-hyper
    --without-ca-bundle --without-ca-path --without-zsh-functions-dir
    --without-fish-functions-dir"

log() { echo "$prog: $*"; }
die() {
	echo "$prog: $*" >&2
	echo "$prog: to link Debian's shared libcurl instead: make CURL=system" >&2
	exit 1
}
# fail LOG MESSAGE...: die with the end of LOG.
fail() {
	tail -n 20 "$1" >&2
	l=$1
	shift
	die "$* (all of it in $l)"
}

[ $# -eq 1 ] || { echo "usage: $0 BUILD" >&2; exit 2; }
# Settings of an enclosing make (DESTDIR, CFLAGS, V, -j) are not curl's.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES DESTDIR CFLAGS CPPFLAGS \
    LDFLAGS LIBS V
CC=${CC:-cc}

missing=
for need in apt-get:apt dpkg-query:dpkg dpkg-source:dpkg-dev \
    dpkg-buildflags:dpkg-dev patch:patch xz:xz-utils make:make \
    "${CC%% *}:gcc"; do
	command -v "${need%%:*}" >/dev/null 2>&1 ||
	    missing="$missing ${need#*:}"
done
[ -z "$missing" ] ||
    die "missing Debian packages:$missing (apt-get install them, or sh tests/setup.sh)"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || die "no $keyring (apt-get install debian-archive-keyring)"

st=$(dpkg-query -W -f '${db:Status-Status} ${Version}' libcurl4 2>/dev/null) ||
    st=
case $st in
"installed "?*) version=${st#installed } ;;
*) die "libcurl4 is not installed; this builds the source of its installed" \
    "version (apt-get install libcurl4, or sh tests/setup.sh)" ;;
esac
codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release 2>/dev/null)
[ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release: not Debian?"

mkdir -p "$1"
build=$(cd "$1" && pwd)
src=$build/curl-src
out=$build/curl
dsc=$src/curl_${version#*:}.dsc
tree=$src/curl-$version
obj=$src/obj-$version
mkdir -p "$src"

# 1. The source package, from a private list of deb-src lines.
if [ ! -f "$dsc" ]; then
	log "downloading Debian's source of curl $version"
	mirror=http://deb.debian.org
	cat >"$src/sources.list" <<EOF
deb-src [signed-by=$keyring] $mirror/debian-security $codename-security main
deb-src [signed-by=$keyring] $mirror/debian $codename main
deb-src [signed-by=$keyring] $mirror/debian $codename-updates main
EOF
	mkdir -p "$src/lists/partial" "$src/cache"
	set -- -q -o Dir::Etc::SourceList="$src/sources.list" \
	    -o Dir::Etc::SourceParts=/nonexistent \
	    -o Dir::State::Lists="$src/lists" -o Dir::Cache="$src/cache"
	if ! apt-get "$@" update >"$src/apt.log" 2>&1 ||
	    grep -q '^[EW]: Failed to fetch' "$src/apt.log"; then
		fail "$src/apt.log" "cannot read Debian's source indexes:" \
		    "is $mirror reachable?"
	fi
	# apt downloads as _apt into a directory _apt may write.
	rm -rf "$src"/dl.*
	dl=$(mktemp -d "$src/dl.XXXXXX")
	chown _apt "$dl" 2>/dev/null || true
	(cd "$dl" && apt-get "$@" source --download-only "curl=$version") \
	    >>"$src/apt.log" 2>&1 ||
	    fail "$src/apt.log" "cannot download the source of curl" \
	    "$version; if the mirror no longer has it, upgrade libcurl4 first"
	chown -R "$(id -u):$(id -g)" "$dl"
	# The .dsc last: it is what says the download is complete.
	for f in "$dl"/*; do
		case $f in
		*.dsc) ;;
		*) mv "$f" "$src"/ ;;
		esac
	done
	mv "$dl"/*.dsc "$src"/
	rmdir "$dl"
fi

# 2. The patched tree, as Debian's OpenSSL flavour builds it.
if [ ! -d "$tree" ]; then
	log "unpacking and patching curl $version"
	rm -rf "$src"/curl-[0-9]* "$src"/obj-*
	# apt checked the files against the signed index; dpkg-source checks
	# them against the .dsc.
	dpkg-source -x "$dsc" "$tree.tmp" >"$src/unpack.log" 2>&1 ||
	    fail "$src/unpack.log" "dpkg-source -x $dsc failed"
	series=$tree.tmp/debian/patches/series
	last=$(awk '!/^[[:space:]]*#/ && NF { print $1 }' "$series" |
	    tail -n 2 | tr '\n' ' ')
	[ "$last" = "90_gnutls.patch 99_nss.patch " ] ||
	    die "the series no longer ends with 90_gnutls.patch 99_nss.patch" \
	    "(it ends with: $last): review $series"
	for p in 99_nss.patch 90_gnutls.patch; do
		patch -d "$tree.tmp" -R -p1 -s -t -F0 --no-backup-if-mismatch \
		    <"$tree.tmp/debian/patches/$p" >>"$src/unpack.log" 2>&1 ||
		    fail "$src/unpack.log" "cannot take $p out again"
	done
	# shellcheck disable=SC2013 # patch names are words
	for p in $(awk '!/^[[:space:]]*#/ && NF { print $1 }' "$series"); do
		f=$(sed -n 's|^+++ [^/]*/\([^[:space:]]*\).*|\1|p' \
		    "$tree.tmp/debian/patches/$p" | grep -E \
		    '^(configure\.ac|acinclude\.m4|m4/.*|(lib|include|include/curl)/Makefile\.(am|inc))$' |
		    tr '\n' ' ')
		f=${f% }
		case $f:$REVIEWED in
		:*|*"
$p	"*) ;;
		*) die "Debian's $p changes $f and this script does not run" \
		    "autoreconf: see whether that matters to the minimal" \
		    "build, then add it to REVIEWED in $0" ;;
		esac
	done
	mv "$tree.tmp" "$tree"
fi

# 3. Configure and build out of the tree, install into BUILD/curl.
log "configuring and building the minimal libcurl $version"
rm -rf "$obj" "$out"
mkdir -p "$obj"
cd "$obj"
# Debian's own hardening flags, as its curl package has them.
cflags=$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CFLAGS)
cppflags=$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CPPFLAGS)
# shellcheck disable=SC2086
"$tree/configure" --prefix="$out" $CONFIG CC="$CC" CFLAGS="$cflags" \
    CPPFLAGS="$cppflags" >"$obj/configure.log" 2>&1 ||
    fail "$obj/configure.log" "configure failed; see also $obj/config.log"
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null) || jobs=2
make -j"$jobs" -C lib >"$obj/make.log" 2>&1 ||
    fail "$obj/make.log" "make failed"
# The library last: the Makefile takes it for the whole.
{ make -C include install && make -C lib install; } >"$obj/install.log" 2>&1 ||
    fail "$obj/install.log" "make install failed"
rm -f "$out/lib/libcurl.la"
log "$out: $(sed -n 's/^  Protocols: *//p' "$obj/configure.log")," \
    "$(sed -n 's/^  Features: *//p' "$obj/configure.log")"
