#!/usr/bin/env bash
# The two entry points of the README's quick start, on a fresh Debian 12 (as root):
#   tests/run.sh dry-run   install build dependencies, build, run `cisharden --dry-run` on this host
#   tests/run.sh check     install test dependencies, build (plain and ASan+UBSan), run the whole suite
#   tests/run.sh vm        the VM suite (ctest -L vm): Debian 12 and 13 images under QEMU
set -euo pipefail
cd "$(dirname "$0")/.."

# libc6-dev: gcc alone (--no-install-recommends) has no crt files or libc headers.
BUILD_DEPS=(gcc libc6-dev cmake make pkg-config libyaml-dev libcjson-dev libaudit-dev libcurl4-openssl-dev)
TEST_DEPS=(python3 python3-yaml auditd docker.io ansible-core yamllint clang libclang-rt-14-dev
           strace file dpkg-dev ansible-lint python3-apt groff-base util-linux curl
           openscap-scanner python3-botocore awscli)
# The portable build and its tests (tests/static/): rpm for CPack's .rpm,
# the aarch64 cross compiler and its kernel headers, qemu to run its tests,
# debootstrap for the Debian 11 and fresh Debian 12 chroots.
STATIC_DEPS=(rpm gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static debootstrap binutils)

# need_apt: install the Debian packages that are missing (tests/lib/harness.sh)
. tests/lib/harness.sh

build() { # build DIR [cmake args...]
	local dir=$1; shift
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
	cmake --build "$dir" -j"$(nproc)"
}

case "${1:-}" in
dry-run)
	need_apt "${BUILD_DEPS[@]}"
	build build
	build/cisharden --dry-run
	;;
check)
	need_apt "${BUILD_DEPS[@]}" "${TEST_DEPS[@]}" "${STATIC_DEPS[@]}"
	# warnings are errors here (CISHARDEN_WERROR), not in a packager's build
	build build -DCISHARDEN_WERROR=ON
	build build-asan -DCISHARDEN_SANITIZE=ON -DCISHARDEN_WERROR=ON
	echo "== Release builds with gcc and clang (-O3, warnings are errors), unit tests"
	for cc in gcc clang; do
		build "build-release-$cc" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER="$cc" -DCISHARDEN_WERROR=ON
		(cd "build-release-$cc" && ctest --output-on-failure -L unit -j2) || exit 1
	done
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	rc=0
	echo "== ASan+UBSan build: unit and fixture tests"
	# (the fuzz smoke run builds its own sanitized targets: once is enough)
	(cd build-asan && ctest --output-on-failure -LE 'live|vm' -E robust_fuzz -j2) || rc=1
	echo "== plain build: the whole suite, live tests included"
	(cd build && ctest --output-on-failure -j2 -LE 'live|vm') || rc=1
	# (other checkouts on this host run live tests too: one at a time)
	(cd build && flock /tmp/cisharden-live.lock ctest --output-on-failure -L live) || rc=1
	echo "== portable build: static x86_64 and aarch64 (qemu), packages, chroots, reproducibility"
	# (the libraries are built once into /var/cache/cisharden-static, then cached)
	for arch in x86_64 aarch64; do
		repro=; [ "$arch" = x86_64 ] && repro=1
		{ CISHARDEN_WERROR=ON tools/build-static.sh "$arch" &&
			REPRO=$repro DYNAMIC_BIN=$PWD/build/cisharden tests/static/test_static.sh "$arch"; } || rc=1
	done
	echo "== fresh machine: the README's first command in a minimal Debian 12"
	tests/static/test_fresh_machine.sh || rc=1
	exit $rc
	;;
vm)
	# the VM suite alone (tests/vm/run.sh): Debian 12 and 13 under QEMU
	need_apt "${BUILD_DEPS[@]}" qemu-system-x86 qemu-utils debootstrap e2fsprogs ansible-core openssh-client
	build build
	cd build && exec ctest --output-on-failure -L vm
	;;
*)
	echo "usage: tests/run.sh dry-run|check|vm" >&2
	exit 2
	;;
esac
