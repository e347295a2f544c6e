# shellcheck shell=bash
# Helpers for the tests that run cisharden in chroots (tests/static/).
# Sourced, never run; on top of the one harness.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/harness.sh"

# Minimal Debian trees made by debootstrap --variant=minbase are cached as
# tarballs outside the clone, so that CI builds each one once.
CHROOT_CACHE=${CISHARDEN_CHROOT_CACHE:-/var/cache/cisharden-debootstrap}

# minbase_tarball SUITE: print the path of SUITE's cached minbase tarball,
# making it first when missing (one maker at a time).
minbase_tarball()
{
	local suite=$1 tb=$CHROOT_CACHE/$1-minbase.tar.gz
	mkdir -p "$CHROOT_CACHE"
	(
		flock -w 1800 9 || { echo "chrootlib: lock" >&2; exit 1; }
		[ -s "$tb" ] && exit 0
		command -v debootstrap >/dev/null || { echo "chrootlib: debootstrap is not installed" >&2; exit 1; }
		local d
		d=$(mktemp -d "$CHROOT_CACHE/$suite.XXXXXX")
		echo "chrootlib: debootstrap --variant=minbase $suite (once; cached in $tb)" >&2
		if ! debootstrap --variant=minbase "$suite" "$d" http://deb.debian.org/debian >"$d.log" 2>&1; then
			tail -n 20 "$d.log" >&2
			rm -rf "$d" "$d.log"
			exit 1
		fi
		chmod 0755 "$d"
		tar -C "$d" -czf "$tb.tmp" . && mv "$tb.tmp" "$tb"
		rm -rf "$d" "$d.log"
	) 9>"$CHROOT_CACHE/$suite.lock" || return 1
	echo "$tb"
}

# chroot_mounts DIR / chroot_umounts DIR: /proc, /dev and /sys in a chroot
# (bound read-only where possible), and the host's resolv.conf for apt.
chroot_mounts()
{
	mount -t proc proc "$1/proc"
	mount --rbind /dev "$1/dev" && mount --make-rslave "$1/dev"
	mount -t sysfs -o ro sysfs "$1/sys"
	cp -L /etc/resolv.conf "$1/etc/resolv.conf"
}
chroot_umounts()
{
	local m
	for m in sys dev proc; do
		mountpoint -q "$1/$m" && umount -R "$1/$m"
	done
	return 0
}
