# shellcheck shell=bash
# Helpers shared by the packaging, Image Builder and Ansible tests
# (tests/fixtures/pkg_*.sh). Sourced, never run. Needs BUILDDIR (the CMake
# build directory) for pkg_build_artifacts.

pkg_die()
{
	echo "FAIL: $*" >&2
	exit 1
}

pkg_ok()
{
	echo "ok: $*"
}

# Install the Debian packages that are missing; CI starts from a fresh
# Debian 12 machine whose package lists may be stale or absent.
pkg_need_apt()
{
	local missing=() p
	for p in "$@"; do
		[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] ||
			missing+=("$p")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	echo "installing ${missing[*]}"
	# ctest -j runs these tests in parallel: one apt at a time (apt's own
	# lock timeout does not cover `apt-get update`).
	(
		flock -w 600 9 || pkg_die "apt lock"
		local apt=(apt-get -y -q -o DPkg::Lock::Timeout=300)
		export DEBIAN_FRONTEND=noninteractive
		if ! "${apt[@]}" install "${missing[@]}" >/dev/null; then
			"${apt[@]}" update >/dev/null &&
				"${apt[@]}" install "${missing[@]}" >/dev/null ||
				pkg_die "cannot install ${missing[*]}"
		fi
	) 9>/var/lock/cisharden-tests-apt.lock || exit 1
}

# cpack the build tree into $1; sets PKG_DEB and PKG_TGZ (absolute paths).
# -B keeps each test's staging and output apart, so tests can run in
# parallel from one build directory.
pkg_build_artifacts()
{
	local out=$1
	[ -n "${BUILDDIR:-}" ] || pkg_die "BUILDDIR is not set"
	[ -f "$BUILDDIR/CPackConfig.cmake" ] || pkg_die "no CPackConfig.cmake in $BUILDDIR"
	mkdir -p "$out"
	cpack --config "$BUILDDIR/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1 ||
		{ cat "$out/cpack.log" >&2; pkg_die "cpack failed"; }
	local debs=("$out"/cisharden_*.deb) tgzs=("$out"/cisharden-*.tar.gz)
	PKG_DEB=${debs[0]}
	PKG_TGZ=${tgzs[0]}
	[ -f "$PKG_DEB" ] || pkg_die "cpack made no .deb"
	[ -f "$PKG_TGZ" ] || pkg_die "cpack made no .tar.gz"
}

# A Docker host tree that breaks some controls of every section: group-
# and world-writable configuration files and units, no audit rules, a
# daemon.json without any of the section 2 settings
# (tests/cases/pkg-fixture.tree, built by the one fake-root builder).
pkg_fixture_root()
{
	local src
	src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	python3 "$src/tests/cases/run.py" --build-tree "$src/tests/cases/pkg-fixture.tree" "$1" ||
		pkg_die "cannot build the fixture root $1"
}

# Everything that identifies a tree's state: type, mode, owner, size,
# mtime and content hash of every entry. Two listings are equal only if
# nothing in the tree was created, removed, rewritten or chmod'ed.
pkg_tree_state()
{
	(cd "$1" && find . -printf '%p|%y|%m|%U:%G|%s|%T@\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
}
