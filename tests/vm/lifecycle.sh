#!/usr/bin/env bash
# The Image Builder lifecycle on one Debian release (issue #10, steps a-f;
# g: restore on a booted instance, in the last boot of the second profile;
# h: v1.8.0 and 1.1.5's audit volume in the first boot of the default disk;
# i: audit locked with -e 2 at the end of d, and one more boot):
#   lifecycle.sh SUITE WORKDIR DEB CISHARDEN
# Writes WORKDIR/checks ("[SUITE] PASS|FAIL step: what", the harness's
# pass/fail with HARNESS_RECORD) and exits with the number of failed checks.
# Everything happens in guests or in WORKDIR.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/vmlib.sh"
suite=$1 W=$2 DEB=$3 BIN=$4
STEPS=${CISHARDEN_VM_STEPS:-a b c d e f g h i}
mkdir -p "$W"
export HARNESS_RECORD=$W/checks HARNESS_TAG="[$suite] "
img=$("$here/image.sh" "$suite") || die "$suite: image build"
VM_ACCEL=$(vm_accel "$img"); export VM_ACCEL
vm_log "$suite: image $img, accelerator $VM_ACCEL"

has() { case " $STEPS " in *" $1 "*) return 0 ;; esac; return 1; }

# job NAME PROFILE SCRIPTS [extra files...]: a job directory for one boot;
# SCRIPTS ("test.sh restart.sh") run one after the other in that boot
job() {
	local d=$W/job-$1; shift
	local prof=$1 script; shift
	rm -rf "$d"; mkdir -p "$d"
	cp "$here/jobs/lib.sh" "$d/lib.sh"
	{ echo ". /job/lib.sh"; for script in $1; do cat "$here/jobs/$script"; done
	  echo finish; } >"$d/job.sh"
	shift
	cp "$DEB" "$d/cisharden.deb"
	# "default": the embedded profile with the site's values (site.yaml)
	cp "$here/site.yaml" "$d/site.yaml"
	printf '%s' "${prof:-/job/site.yaml}" >"$d/profile"
	for f in "$@"; do cp -r "$f" "$d/"; done
	echo "$d"
}

# boot NAME ROOTDISK DATADISK JOBDIR [PORT]: boot, collect results
boot() {
	local name=$1 root=$2 data=$3 jd=$4 port=${5:-} t0 t1 rc
	vm_jobdisk "$jd" "$W/$name.job.img" || { fail "$name: job disk"; return 1; }
	t0=$(date +%s)
	vm_boot "$img" "$root" "$data" "$W/$name.job.img" "$W/$name.console" "$port"
	rc=$?
	t1=$(date +%s)
	vm_results "$W/$name.job.img" "$W/$name.out"
	echo "$name $((t1 - t0))" >>"$W/times"
	vm_log "$suite: $name: qemu exit $rc after $((t1 - t0)) s"
	if [ ! -f "$W/$name.out/rc" ]; then
		fail "$name: the guest did not report back (qemu exit $rc; see $W/$name.console)"
		return 1
	fi
	sed "s/^/$HARNESS_TAG/" "$W/$name.out/checks" >>"$HARNESS_RECORD" 2>/dev/null
	[ "$(cat "$W/$name.out/rc")" = 0 ]
}

# profiles by name; "default" is the embedded cis-docker-1.5.0 with the
# values a site chooses (site.yaml: 2.13 journald, 2.9 and 2.12 excluded)
profiles=()
for p in ${CISHARDEN_VM_PROFILES:-default ecs-optimized}; do
	[ "$p" = default ] && p=""
	profiles+=("$p")
done
pname() { echo "${1:-default}"; }

# a (+ c, d, e): the build phase on a running VM, then boots of that disk
for prof in "${profiles[@]}"; do
	p=$(pname "$prof")
	has a || break
	root=$W/a-$p.root.qcow2 data=$W/a-$p.data.qcow2
	vm_overlay "$img/root.img" "$root"
	vm_overlay "$img/data.img" "$data"
	extra=()
	if [ -n "${CISHARDEN_VM_DISABLE_BOOT_UNIT:-}" ]; then
		touch "$W/disable-boot-unit"; extra=("$W/disable-boot-unit")
	fi
	boot "a-$p" "$root" "$data" "$(job "a-$p" "$prof" build.sh "${extra[@]}")" || continue
	for b in c d; do
		has $b || continue
		scripts=test.sh
		# e in the same boot as d: --restart-docker after the reboot check
		if [ $b = d ] && has e && [ "$p" = default ]; then scripts="test.sh restart.sh"; fi
		# h: the first boot of the default disk, in v1.8.0 (jobs/editions.sh)
		if [ $b = c ] && has h && [ "$p" = default ]; then scripts="test.sh editions.sh"; fi
		# g: the last boot of this disk, so the restore changes nothing later
		if [ $b = d ] && has g && [ "$p" != default ]; then scripts="test.sh restore.sh"; fi
		# i: -e 2 at the end of d, then one reboot (jobs/audit-*.sh)
		if [ $b = d ] && has i && [ "$p" = default ]; then scripts="$scripts audit-lock.sh"; fi
		extra=()	# h: docker-bench-security, if the caller has a copy
		if [ "$scripts" = "test.sh editions.sh" ] && [ -d "${CISHARDEN_VM_DBS:-}" ]; then extra=("$CISHARDEN_VM_DBS"); fi
		jd=$(job "$b-a-$p" "$prof" "$scripts" "${extra[@]}"); echo "$b" >"$jd/boot-name"
		boot "$b-a-$p" "$root" "$data" "$jd"
	done
	if has d && has i && [ "$p" = default ]; then
		boot "i-a-$p" "$root" "$data" "$(job "i-a-$p" "$prof" audit-reboot.sh)"
	fi
done

# b (+ c, d): the offline bake with cisharden --root on the image tree
for prof in "${profiles[@]}"; do
	p=$(pname "$prof")
	has b || break
	tree=$W/b-$p.tree
	rm -rf "$tree"; cp -a "$img/tree" "$tree"
	popt=(-p "${prof:-$here/site.yaml}")
	if dpkg --root="$tree" -i "$DEB" >"$W/b-$p.dpkg.log" 2>&1; then pass "b-$p: dpkg --root installs the .deb"
	else fail "b-$p: dpkg --root installs the .deb"; continue; fi
	snapshot "$tree" etc var/backups lib/systemd/system >"$W/b-$p.state0"
	if "$BIN" --root "$tree" "${popt[@]}" --dry-run >"$W/b-$p.dry-run.txt" 2>&1; then pass "b-$p: --root dry run exits 0"
	else fail "b-$p: --root dry run exits 0"; fi
	snapshot "$tree" etc var/backups lib/systemd/system >"$W/b-$p.state1"
	if cmp -s "$W/b-$p.state0" "$W/b-$p.state1"; then pass "b-$p: --root dry run writes nothing"
	else fail "b-$p: --root dry run writes nothing"; fi
	if "$BIN" --root "$tree" "${popt[@]}" >"$W/b-$p.apply.txt" 2>&1; then pass "b-$p: --root apply exits 0"
	else fail "b-$p: --root apply exits 0"; fi
	if "$BIN" verify --root "$tree" "${popt[@]}" >"$W/b-$p.verify.txt" 2>&1; then pass "b-$p: --root verify exits 0"
	else fail "b-$p: --root verify exits 0"; fi
	if [ -n "${CISHARDEN_VM_DISABLE_BOOT_UNIT:-}" ]; then
		rm -f "$tree"/etc/systemd/system/cisharden-audit-runtime.* \
			"$tree"/etc/systemd/system/*.service.d/50-cisharden-audit-runtime.conf
	fi
	rm -f "$W/b-$p.root.img"
	mkfs.ext4 -q -F -L root -d "$tree" "$W/b-$p.root.img" "$VM_ROOT_SIZE" >/dev/null
	rm -rf "$tree"
	root=$W/b-$p.root.qcow2 data=$W/b-$p.data.qcow2
	vm_overlay "$W/b-$p.root.img" "$root"
	vm_overlay "$img/data.img" "$data"
	for b in c d; do
		has $b || continue
		jd=$(job "$b-b-$p" "$prof" test.sh); echo "$b" >"$jd/boot-name"
		boot "$b-b-$p" "$root" "$data" "$jd"
	done
done

# f: the Ansible role over SSH against a fresh build VM
if has f; then
	"$here/ansible.sh" "$suite" "$W" "$DEB" "$img"
fi
nfail=$(grep -c "^\[$suite\] FAIL" "$W/checks" || true)
vm_log "$suite: $(grep -c "^\[$suite\] PASS" "$W/checks") passed, $nfail failed"
exit "$nfail"
