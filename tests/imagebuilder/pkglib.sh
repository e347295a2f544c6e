# shellcheck shell=bash
# The packaging helpers of the packaging, Image Builder, Ansible and static
# tests (tests/fixtures/pkg_*.sh and others), on top of the one harness
# (tests/lib/harness.sh). Sourced, never run. Needs BUILDDIR (the CMake
# build directory) for pkg_build_artifacts.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/harness.sh"

# cpack the build tree into $1; sets PKG_DEB and PKG_TGZ (absolute paths).
# -B keeps each test's staging and output apart, so tests can run in
# parallel from one build directory.
pkg_build_artifacts()
{
	local out=$1
	[ -n "${BUILDDIR:-}" ] || die "BUILDDIR is not set"
	[ -f "$BUILDDIR/CPackConfig.cmake" ] || die "no CPackConfig.cmake in $BUILDDIR"
	mkdir -p "$out"
	cpack --config "$BUILDDIR/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1 ||
		{ cat "$out/cpack.log" >&2; die "cpack failed"; }
	local debs=("$out"/cisharden_*.deb) tgzs=("$out"/cisharden-*.tar.gz)
	PKG_DEB=${debs[0]}
	PKG_TGZ=${tgzs[0]}
	[ -f "$PKG_DEB" ] || die "cpack made no .deb"
	[ -f "$PKG_TGZ" ] || die "cpack made no .tar.gz"
}

# A Docker host tree that breaks some controls of every section: group-
# and world-writable configuration files and units, no audit rules, a
# daemon.json without any of the section 2 settings
# (tests/cases/pkg-fixture.tree, built by the one fake-root builder).
pkg_fixture_root()
{
	build_root pkg-fixture.tree "$1"
}
