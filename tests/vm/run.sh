#!/usr/bin/env bash
# The VM suite (issue #10): build (or reuse) the Debian 12 and Debian 13
# images, then run the Image Builder lifecycle on each, two VMs at a time.
#   tests/vm/run.sh [BUILDDIR]         (as root; default BUILDDIR: build)
# Environment: CISHARDEN_VM_CACHE (images, default /var/cache/cisharden-vm),
# CISHARDEN_VM_WORK (scratch, default $CISHARDEN_VM_CACHE/work, emptied
# first), CISHARDEN_VM_SUITES ("bookworm trixie"), CISHARDEN_VM_STEPS
# ("a b c d e f g h"), CISHARDEN_VM_PROFILES ("default ecs-optimized"),
# CISHARDEN_VM_DISABLE_BOOT_UNIT=1 (remove the boot unit
# after apply: the suite must then fail), VM_ACCEL (kvm|tcg: skip the probe).
# Needs qemu-system-x86, qemu-utils, debootstrap, e2fsprogs, ansible-core.
# Changes nothing on this host outside those two directories.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/vmlib.sh"
src=$(cd "$here/../.." && pwd)
B=$(cd "${1:-$src/build}" && pwd) || exit 2
need_root "debootstrap, mkfs.ext4 -d of a root tree"
for t in qemu-system-x86_64 qemu-img debootstrap mkfs.ext4 debugfs ansible-playbook cpack; do
	command -v "$t" >/dev/null || die "$t is missing"
done
W=${CISHARDEN_VM_WORK:-$VM_CACHE/work}
suites=${CISHARDEN_VM_SUITES:-bookworm trixie}
rm -rf "$W"; mkdir -p "$W"
t0=$(date +%s)

# the .deb the project builds, as CI makes it
(cd "$B" && cpack -G DEB >"$W/cpack.log" 2>&1) || { cat "$W/cpack.log"; exit 1; }
deb=$(ls -t "$B"/cisharden_*.deb | head -1)
vm_log "package: $deb"

# images first, one at a time (debootstrap is mostly network and dpkg)
for s in $suites; do "$here/image.sh" "$s" >/dev/null || exit 1; done
t1=$(date +%s)
# the accelerator once for all VMs
VM_ACCEL=$(vm_accel "$(vm_image_dir "${suites%% *}")"); export VM_ACCEL

pids=()
for s in $suites; do
	"$here/lifecycle.sh" "$s" "$W/$s" "$deb" "$B/cisharden" >"$W/$s.log" 2>&1 &
	pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
t2=$(date +%s)

echo "== VM suite: $(echo $suites) on $VM_ACCEL; images $((t1 - t0)) s, lifecycle $((t2 - t1)) s, total $((t2 - t0)) s"
for s in $suites; do
	cat "$W/$s/checks" 2>/dev/null
	echo "-- $s boot times (s):" $(cat "$W/$s/times" 2>/dev/null | tr '\n' ' ')
done
[ $rc = 0 ] && echo "== VM suite passed" || echo "== VM suite FAILED (logs in $W)"
exit $rc
