#!/usr/bin/env bash
# Build the portable cisharden: one statically linked binary (musl libc) that
# runs on any Linux >= 4.14 (x86_64 or aarch64) with no shared library, and
# its .tar.gz, .rpm and .deb.
#
#   tools/build-static.sh [x86_64|aarch64]     (default: this machine's)
#
# Everything it links is built here from Debian 12's source packages
# (`apt-get source` from bookworm's deb-src, Debian's patches applied): musl, libyaml, cJSON,
# libaudit (audit) and libcurl (curl, built for HTTP over a unix socket only:
# no TLS, no other protocol, no compression, no IDN). The built libraries are
# cached outside the clone, in $CISHARDEN_STATIC_CACHE (default
# /var/cache/cisharden-static/<arch>), keyed by the source versions and this
# script, so a second run only builds cisharden.
#
# Output: build-static-<arch>/cisharden (stripped) and, in
# build-static-<arch>/dist, cisharden-<version>-Linux-<arch>.tar.gz, .rpm and
# .deb. Two runs from the same commit give the same bytes: sources and build
# directories are mapped out of the debug info (-ffile-prefix-map), archives
# are deterministic, every time stamp is SOURCE_DATE_EPOCH (the commit's
# date), and the binary is stripped. Needs (Debian 12): gcc, libc6-dev, make,
# cmake, pkg-config, dpkg-dev, rpm, and for aarch64 gcc-aarch64-linux-gnu and
# libc6-dev-arm64-cross (its kernel headers).
set -euo pipefail
cd "$(dirname "$0")/.."
SRCROOT=$PWD

ARCH=${1:-$(uname -m)}
case $ARCH in
x86_64) CROSS= ; DEBARCH=amd64 ;;
aarch64 | arm64) ARCH=aarch64; CROSS=aarch64-linux-gnu- ; DEBARCH=arm64 ;;
*) echo "build-static.sh: unsupported architecture $ARCH (x86_64, aarch64)" >&2; exit 2 ;;
esac
JOBS=${JOBS:-2}
CACHE=${CISHARDEN_STATIC_CACHE:-/var/cache/cisharden-static}
SRCPKGS=(musl libyaml cjson audit curl)

# One time for everything the build stamps: the commit's date.
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || echo 0)
fi
export SOURCE_DATE_EPOCH
export LC_ALL=C TZ=UTC
umask 022

log() { echo "build-static: $*" >&2; }
die() { echo "build-static: $*" >&2; exit 1; }

command -v "${CROSS}gcc" >/dev/null || die "${CROSS}gcc is missing (apt-get install gcc${CROSS:+-aarch64-linux-gnu})"

# --- 1. the Debian source packages ------------------------------------------
# apt-get with its own source list (bookworm's deb-src) and lists, so the
# host's apt configuration needs no deb-src line and is left alone.
APTSRC=(-o "Dir::Etc::SourceList=$CACHE/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$CACHE/apt/lists" -o "Dir::Cache=$CACHE/apt/cache")
fetch_sources() {
	mkdir -p "$CACHE/src" "$CACHE/apt/lists/partial" "$CACHE/apt/cache/archives/partial"
	echo "deb-src http://deb.debian.org/debian bookworm main" >"$CACHE/apt/sources.list"
	local p updated=
	for p in "${SRCPKGS[@]}"; do
		compgen -G "$CACHE/src/${p}_*.dsc" >/dev/null && continue
		if [ -z "$updated" ]; then
			apt-get "${APTSRC[@]}" update >/dev/null 2>&1 || die "apt-get update (bookworm deb-src) failed"
			updated=1
		fi
		log "apt-get source $p"
		(cd "$CACHE/src" && apt-get "${APTSRC[@]}" source --download-only "$p" >/dev/null 2>&1) ||
			die "apt-get source $p failed"
	done
}

# unpack PKG DIR: the source package with Debian's patches applied.
unpack() {
	local dsc
	dsc=$(ls "$CACHE/src/${1}"_*.dsc | tail -n1)
	rm -rf "$2"
	dpkg-source --no-check -x "$dsc" "$2" >/dev/null
}

fetch_sources
# The cache key: the source package versions, the compiler, and DEPS_REV,
# raised whenever this script builds the dependencies differently.
DEPS_REV=1
KEY=$( (cd "$CACHE/src" && ls ./*.dsc; "${CROSS}gcc" --version | head -n1; echo "$DEPS_REV") |
	sha256sum | cut -c1-16)
DEPS=$CACHE/$ARCH
PREFIX=$DEPS/prefix
WORK=$DEPS/work
MUSLCC=$PREFIX/bin/musl-gcc
# Object files name sources as /deps/..., not this machine's paths.
DEPFLAGS="-O2 -ffile-prefix-map=$WORK=/deps -ffile-prefix-map=$PREFIX=/deps"

build_musl() {
	unpack musl "$WORK/musl"
	(cd "$WORK/musl" &&
		./configure CC="${CROSS}gcc" CROSS_COMPILE="$CROSS" CFLAGS="$DEPFLAGS" --prefix="$PREFIX" \
			--syslibdir="$PREFIX/lib" --disable-shared --enable-wrapper=gcc >/dev/null &&
		make -j"$JOBS" >/dev/null && make install >/dev/null)
	# musl has no kernel headers; libaudit needs linux/audit.h. Debian's
	# (linux-libc-dev, or its -cross variant for aarch64).
	local kinc=/usr/include asm=/usr/include/$ARCH-linux-gnu/asm
	if [ -n "$CROSS" ]; then kinc=/usr/${CROSS%-}/include; asm=$kinc/asm; fi
	cp -a "$kinc/linux" "$kinc/asm-generic" "$PREFIX/include/"
	cp -aL "$asm" "$PREFIX/include/asm"
	[ -x "$MUSLCC" ] || die "musl did not install its musl-gcc wrapper"
}

# The compilers and flags for the libraries built against musl.
HOST=$ARCH-linux-musl
CM=(-DCMAKE_C_COMPILER="$MUSLCC" -DCMAKE_AR="$(command -v "${CROSS}ar")"
	-DCMAKE_RANLIB="$(command -v "${CROSS}ranlib")" -DCMAKE_BUILD_TYPE=Release
	-DCMAKE_C_FLAGS_RELEASE="$DEPFLAGS" -DBUILD_SHARED_LIBS=OFF -DCMAKE_INSTALL_PREFIX="$PREFIX"
	-DCMAKE_INSTALL_LIBDIR=lib)
[ -z "$CROSS" ] || CM+=(-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR="$ARCH")
musl_env() { export CC=$MUSLCC CFLAGS="$DEPFLAGS" AR="${CROSS}ar" RANLIB="${CROSS}ranlib"; }

build_libyaml() {
	unpack libyaml "$WORK/libyaml"
	cmake -S "$WORK/libyaml" -B "$WORK/libyaml/b" "${CM[@]}" -DBUILD_TESTING=OFF >/dev/null
	cmake --build "$WORK/libyaml/b" -j"$JOBS" >/dev/null
	cmake --install "$WORK/libyaml/b" >/dev/null
	printf '%s\n' "prefix=$PREFIX" 'Name: LibYAML' 'Description: YAML parser' 'Version: 0.2.5' \
		'Cflags: -I${prefix}/include' 'Libs: -L${prefix}/lib -lyaml' >"$PREFIX/lib/pkgconfig/yaml-0.1.pc"
}

build_cjson() {
	unpack cjson "$WORK/cjson"
	cmake -S "$WORK/cjson" -B "$WORK/cjson/b" "${CM[@]}" -DENABLE_CJSON_TEST=OFF \
		-DENABLE_CUSTOM_COMPILER_FLAGS=OFF -DENABLE_CJSON_UTILS=OFF >/dev/null
	cmake --build "$WORK/cjson/b" -j"$JOBS" >/dev/null
	cmake --install "$WORK/cjson/b" >/dev/null
}

build_audit() {
	unpack audit "$WORK/audit"
	(cd "$WORK/audit" && musl_env &&
		CC_FOR_BUILD=gcc ./configure --host="$HOST" --build="$(gcc -dumpmachine)" --prefix="$PREFIX" \
			--disable-shared --enable-static --without-python --without-python3 --without-golang \
			--disable-zos-remote --without-libcap-ng --disable-gssapi-krb5 --without-io_uring \
			--without-arm --without-aarch64 >/dev/null &&
		make -C common -j"$JOBS" >/dev/null && make -C lib -j"$JOBS" >/dev/null &&
		make -C lib install >/dev/null)
	install -m 0644 "$WORK/audit/audit.pc" "$PREFIX/lib/pkgconfig/audit.pc" 2>/dev/null ||
		install -m 0644 "$WORK/audit/lib/audit.pc" "$PREFIX/lib/pkgconfig/audit.pc"
}

build_curl() {
	unpack curl "$WORK/curl"
	(cd "$WORK/curl" && musl_env &&
		./configure --host="$HOST" --build="$(gcc -dumpmachine)" --prefix="$PREFIX" \
			--disable-shared --enable-static --without-ssl --without-zlib --without-brotli \
			--without-zstd --without-libpsl --without-libidn2 --without-nghttp2 --without-ngtcp2 \
			--without-nghttp3 --without-libssh2 --without-librtmp --without-libgsasl \
			--disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet \
			--disable-tftp --disable-pop3 --disable-imap --disable-smtp --disable-gopher \
			--disable-mqtt --disable-smb --disable-ftp --disable-file --disable-manual \
			--disable-ntlm --disable-cookies --disable-alt-svc --disable-hsts --disable-doh \
			--disable-netrc --disable-progress-meter --disable-threaded-resolver \
			--disable-aws --disable-kerberos-auth --disable-negotiate-auth --disable-mime \
			--enable-unix-sockets --disable-versioned-symbols >/dev/null &&
		make -C lib -j"$JOBS" >/dev/null && make -C lib install >/dev/null &&
		make -C include install >/dev/null && make install-pkgconfigDATA >/dev/null)
	grep -q 'UnixSockets' "$PREFIX/lib/pkgconfig/libcurl.pc" || die "libcurl was built without unix sockets"
}

# Each library once per cache key: a stamp file marks it built.
if [ "$(cat "$DEPS/key" 2>/dev/null)" != "$KEY" ]; then
	rm -rf "$DEPS"
	mkdir -p "$WORK" "$PREFIX/lib/pkgconfig"
	echo "$KEY" >"$DEPS/key"
fi
for dep in musl libyaml cjson audit curl; do
	[ -e "$DEPS/built-$dep" ] && continue
	log "$ARCH: building $dep from Debian's source package (once; log in $WORK/$dep.log)"
	"build_$dep" >"$WORK/$dep.log" 2>&1 || { tail -n 30 "$WORK/$dep.log" >&2; die "$ARCH: building $dep failed"; }
	touch "$DEPS/built-$dep"
done
log "$ARCH: dependencies in $DEPS"

# --- 2. cisharden itself ----------------------------------------------------
B=${CISHARDEN_STATIC_BUILDDIR:-$SRCROOT/build-static-$ARCH}
cmargs=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER="$MUSLCC" -DCISHARDEN_STATIC=ON
	-DCMAKE_AR="$(command -v "${CROSS}ar")" -DCMAKE_RANLIB="$(command -v "${CROSS}ranlib")"
	-DCMAKE_STRIP="$(command -v "${CROSS}strip")" -DCISHARDEN_DEB_ARCH="$DEBARCH"
	-DCISHARDEN_WERROR="${CISHARDEN_WERROR:-OFF}" -DCISHARDEN_TESTS="${CISHARDEN_TESTS:-ON}")
[ -z "$CROSS" ] || cmargs+=(-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR="$ARCH"
	-DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v qemu-aarch64-static || echo qemu-aarch64-static)")
PKG_CONFIG_LIBDIR=$PREFIX/lib/pkgconfig PKG_CONFIG_PATH= \
	cmake -S "$SRCROOT" -B "$B" "${cmargs[@]}" >/dev/null
cmake --build "$B" -j"$JOBS" >/dev/null
"${CROSS}strip" --strip-all -o "$B/cisharden.stripped" "$B/cisharden"
mv "$B/cisharden.stripped" "$B/cisharden"
if "${CROSS}readelf" -l "$B/cisharden" | grep -q 'INTERP'; then
	die "$B/cisharden has a program interpreter: not static"
fi
rm -rf "$B/dist"
cpack --config "$B/CPackConfig.cmake" -B "$B/dist" >"$B/cpack.log" 2>&1 ||
	{ cat "$B/cpack.log" >&2; die "cpack failed"; }
rm -rf "$B/dist/_CPack_Packages"
(cd "$B" && sha256sum cisharden dist/*.tar.gz dist/*.rpm dist/*.deb)
