#!/bin/bash
# The README's first command on a fresh machine: a minimal Debian 12 tree
# (debootstrap --variant=minbase bookworm, cached as a tarball outside the
# clone) gets a copy of this clone's files and runs `tests/run.sh dry-run`
# in it through chroot, as root, with /proc, /dev and /sys mounted and the
# host's resolv.conf (apt downloads what is missing). A build dependency
# missing from tests/run.sh fails this test instead of a user.
# Downloaded .debs are kept in the cache (a bind mount), not the tree.
# Usage: test_fresh_machine.sh   (as root)
set -euo pipefail
SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRCDIR/tests/imagebuilder/pkglib.sh"
. "$SRCDIR/tests/static/chrootlib.sh"

need_root "chroot, mount"
tb=$(minbase_tarball bookworm) || die "no Debian 12 minbase tree"
T=$(mktemp -d /tmp/cisharden-fresh.XXXXXX)
R=$T/root
cleanup()
{
	chroot_umounts "$R"
	mountpoint -q "$R/var/cache/apt/archives" && umount "$R/var/cache/apt/archives"
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
at_exit cleanup

mkdir -p "$R"
tar -C "$R" -xzf "$tb"
chmod 0755 "$R"
grep -q '^12' "$R/etc/debian_version" || die "the tree is not Debian 12"
# What a fresh machine lacks must stay lacking: no compiler, no cmake.
for p in gcc libc6-dev cmake pkg-config libyaml-dev; do
	if chroot "$R" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		die "the minbase tree already has $p"
	fi
done
chroot_mounts "$R"
mkdir -p "$CHROOT_CACHE/apt-archives/partial"
mount --bind "$CHROOT_CACHE/apt-archives" "$R/var/cache/apt/archives"
# A chroot has no init: packages must not try to start daemons.
printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
chmod 0755 "$R/usr/sbin/policy-rc.d"

# The clone's files as they are now (committed or not, ignored files left out).
mkdir -p "$R/src/cisharden"
(cd "$SRCDIR" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 -I{} sh -c '[ -e "{}" ] && printf "%s\0" "{}"' | tar --null -T - -cf -) | tar -C "$R/src/cisharden" -xf -

set +e
chroot "$R" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	/bin/bash -c 'cd /src/cisharden && tests/run.sh dry-run' >"$T/dry-run.log" 2>&1
rc=$?
set -e
grep '^summary: ' "$T/dry-run.log" || true
# The last step is `exec build/cisharden --dry-run`: its exit status is the
# plan's verdict on this bare tree (3: controls fail, 4: refused, e.g. no
# auditd to hold audit rules), not an install or build failure. Anything
# before it (apt, cmake, the compiler) must succeed and the plan must print.
[ -x "$R/src/cisharden/build/cisharden" ] || { cat "$T/dry-run.log"; die "no build/cisharden (exit $rc)"; }
grep -q '^summary: .* planned$' "$T/dry-run.log" || { cat "$T/dry-run.log"; die "no plan in the output (exit $rc)"; }
case $rc in
0 | 3 | 4) ;;
*) cat "$T/dry-run.log"; die "tests/run.sh dry-run failed on a fresh Debian 12 (exit $rc)" ;;
esac
pass "fresh Debian 12 (minbase): tests/run.sh dry-run installs what it needs, builds and plans (cisharden's verdict: exit $rc)"
summary
