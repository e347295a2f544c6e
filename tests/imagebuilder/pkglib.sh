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
# daemon.json without any of the section 2 settings.
pkg_fixture_root()
{
	local r=$1
	mkdir -p "$r"/etc/docker "$r"/etc/default "$r"/etc/audit/rules.d \
		"$r"/lib/systemd/system "$r"/usr/bin "$r"/var/lib/docker \
		"$r"/run/containerd "$r"/etc/containerd
	# The data root on its own volume (1.1.1 needs a partition, which
	# cisharden checks but cannot create).
	printf '%s\n' 'UUID=0b1d8a3c-0000-4000-8000-000000000001 / ext4 defaults 0 1' \
		'/dev/xvdb /var/lib/docker xfs defaults,nofail 0 2' >"$r/etc/fstab"
	printf 'root:x:0:0:root:/root:/bin/bash\n' >"$r/etc/passwd"
	printf 'root:x:0:\ndocker:x:998:\n' >"$r/etc/group"
	printf '{\n  "log-driver": "json-file"\n}\n' >"$r/etc/docker/daemon.json"
	chmod 0666 "$r/etc/docker/daemon.json"
	chmod 0775 "$r/etc/docker"
	cat >"$r/lib/systemd/system/docker.service" <<'EOF'
[Unit]
Description=Docker Application Container Engine
After=network-online.target docker.socket containerd.service
Requires=docker.socket

[Service]
Type=notify
ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock
ExecReload=/bin/kill -s HUP $MAINPID
Restart=always

[Install]
WantedBy=multi-user.target
EOF
	chmod 0664 "$r/lib/systemd/system/docker.service"
	cat >"$r/lib/systemd/system/docker.socket" <<'EOF'
[Unit]
Description=Docker Socket for the API

[Socket]
ListenStream=/run/docker.sock
SocketMode=0660
SocketUser=root
SocketGroup=docker

[Install]
WantedBy=sockets.target
EOF
	chmod 0664 "$r/lib/systemd/system/docker.socket"
	printf '# Docker Upstart and SysVinit configuration file\n' >"$r/etc/default/docker"
	chmod 0666 "$r/etc/default/docker"
	printf 'version = 2\n' >"$r/etc/containerd/config.toml"
	local b
	for b in dockerd containerd containerd-shim-runc-v2 runc; do
		printf '#!/bin/sh\nexit 0\n' >"$r/usr/bin/$b"
		chmod 0755 "$r/usr/bin/$b"
	done
}

# Everything that identifies a tree's state: type, mode, owner, size,
# mtime and content hash of every entry. Two listings are equal only if
# nothing in the tree was created, removed, rewritten or chmod'ed.
pkg_tree_state()
{
	(cd "$1" && find . -printf '%p|%y|%m|%U:%G|%s|%T@\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
}
