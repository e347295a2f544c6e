#!/usr/bin/env bash
# Build (or reuse) the cached bootable image of one Debian release, from Debian
# packages only: debootstrap a tree, configure it for the harness, turn it into
# an ext4 disk with `mkfs.ext4 -d` (nothing is mounted on the host).
#   tests/vm/image.sh bookworm|trixie      prints the image directory
# The directory is keyed by a hash of the package list and the harness version,
# so a second run (or CI run) on the same machine reuses it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/vmlib.sh"

suite=${1:?usage: image.sh bookworm|trixie}
dir=$(vm_image_dir "$suite")
[ -f "$dir/ready" ] && { echo "$dir"; exit 0; }

mkdir -p "$VM_CACHE"
exec 9>"$VM_CACHE/.build-$suite.lock"
flock 9
[ -f "$dir/ready" ] && { echo "$dir"; exit 0; }

rm -rf "$dir.tmp"; mkdir -p "$dir.tmp"
tree=$dir.tmp/tree
pkgs=$(vm_packages "$suite" | paste -sd,)
log=$dir.tmp/debootstrap.log
vm_log "debootstrap $suite (log: $log)"
if ! debootstrap --variant=minbase --include="$pkgs" "$suite" "$tree" "$VM_MIRROR" >"$log" 2>&1; then
	tail -20 "$log" >&2; exit 1
fi

# The guest: root on vda, Docker's data root on its own disk (1.1.1), the
# job disk (labelled cisjob) mounted by the job unit itself.
cat >"$tree/etc/fstab" <<'FSTAB'
/dev/vda  /                ext4  defaults  0 1
/dev/vdb  /var/lib/docker  ext4  defaults  0 2
FSTAB
echo "cisharden-vm-$suite" >"$tree/etc/hostname"
# DHCP on QEMU's user network (used by the Ansible step only).
cat >"$tree/etc/systemd/network/10-dhcp.network" <<'NET'
[Match]
Name=en* eth*
[Network]
DHCP=ipv4
NET
ln -sf /lib/systemd/system/systemd-networkd.service \
	"$tree/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
# Timers that only cost boot time in a throwaway VM.
for t in apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer; do
	ln -sf /dev/null "$tree/etc/systemd/system/$t"
done
# The job runner: runs /job/job.sh from the job disk once the boot has
# settled (Type=simple, so its own start does not hold the boot up).
install -m 0755 "$here/guest/vmjob" "$tree/usr/local/sbin/cisharden-vmjob"
install -m 0644 "$here/guest/cisharden-vmjob.service" "$tree/etc/systemd/system/"
ln -sf /etc/systemd/system/cisharden-vmjob.service \
	"$tree/etc/systemd/system/multi-user.target.wants/cisharden-vmjob.service"
mkdir -p "$tree/job" "$tree/root/.ssh"; chmod 0700 "$tree/root/.ssh"

kver=$(ls "$tree/lib/modules" | head -1)
cp "$tree/boot/vmlinuz-$kver" "$dir.tmp/vmlinuz"
cp "$tree/boot/initrd.img-$kver" "$dir.tmp/initrd.img"
rm -rf "$tree/var/cache/apt/archives/"*.deb
# Keep the tree too: the offline bake (cisharden --root) works on a copy of it.
mkfs.ext4 -q -F -L root -d "$tree" "$dir.tmp/root.img" "$VM_ROOT_SIZE"
truncate -s "$VM_DATA_SIZE" "$dir.tmp/data.img"
mkfs.ext4 -q -F -L dockerdata "$dir.tmp/data.img"
vm_packages "$suite" >"$dir.tmp/packages"
chroot "$tree" dpkg-query -W docker.io containerd auditd linux-image-cloud-amd64 systemd >"$dir.tmp/versions"
touch "$dir.tmp/ready"
rm -rf "$dir"; mv "$dir.tmp" "$dir"
# older images of this release (another package list or harness version)
for old in "$VM_CACHE/$suite"-*; do
	[ "$old" = "$dir" ] || rm -rf "$old"
done
vm_log "image $suite ready: $dir"
echo "$dir"
