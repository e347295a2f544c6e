#!/usr/bin/env bash
# Step f: the Ansible role from this host against a fresh build VM over SSH
# (QEMU user networking, a host forward on 127.0.0.1 only), the way fleets
# use it: install, check mode changes nothing, a run converges (with
# --restart-docker through systemd), a second run reports changed=0.
#   ansible.sh SUITE WORKDIR DEB IMAGEDIR
# Records "[SUITE] PASS|FAIL what" lines in HARNESS_RECORD (default
# WORKDIR/checks), the guest's too.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/vmlib.sh"
suite=$1 W=$2 DEB=$3 img=$4
SRC=$(cd "$here/../.." && pwd)
F=$W/f
rm -rf "$F"; mkdir -p "$F/job"
HARNESS_RECORD=${HARNESS_RECORD:-$W/checks} HARNESS_TAG=${HARNESS_TAG-[$suite] }

ssh-keygen -q -t ed25519 -N '' -f "$F/key" || die "f: ssh-keygen"
cp "$here/jobs/lib.sh" "$F/job/lib.sh"
{ echo ". /job/lib.sh"; cat "$here/jobs/serve.sh"; echo finish; } >"$F/job/job.sh"
cp "$F/key.pub" "$F/job/authorized_keys"
vm_overlay "$img/root.img" "$F/root.qcow2"
vm_overlay "$img/data.img" "$F/data.qcow2"
vm_jobdisk "$F/job" "$F/job.img"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
t0=$(date +%s)
vm_boot "$img" "$F/root.qcow2" "$F/data.qcow2" "$F/job.img" "$F/console" "$port" &
qpid=$!

SSH=(ssh -i "$F/key" -p "$port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
	-o ConnectTimeout=5 -o LogLevel=ERROR -o BatchMode=yes root@127.0.0.1)
up=0
for _ in $(seq 1 120); do
	if "${SSH[@]}" true 2>/dev/null; then up=1; break; fi
	kill -0 $qpid 2>/dev/null || break
	sleep 5
done
if [ $up = 0 ]; then
	fail "f: SSH to the build VM on 127.0.0.1:$port"
	kill $qpid 2>/dev/null; wait $qpid; exit 1
fi
pass "f: SSH to the build VM on 127.0.0.1:$port after $(( $(date +%s) - t0 )) s"

printf '[defaults]\n' >"$F/ansible.cfg"
export ANSIBLE_CONFIG=$F/ansible.cfg ANSIBLE_LOCAL_TEMP=$F/ansible-tmp ANSIBLE_NOCOLOR=1
export ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_ROLES_PATH=$SRC/ansible/roles ANSIBLE_HOST_KEY_CHECKING=0
printf '[docker_hosts]\nvm ansible_host=127.0.0.1 ansible_port=%s ansible_user=root ansible_ssh_private_key_file=%s ansible_python_interpreter=/usr/bin/python3 ansible_ssh_common_args="-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no"\n' \
	"$port" "$F/key" >"$F/inventory"
play() { # play LOG EXTRA-VARS-JSON [options]
	local log=$F/$1 vars=$2; shift 2
	ansible-playbook -i "$F/inventory" "$SRC/ansible/playbook.yml" -e "$vars" "$@" >"$log" 2>&1
}
recap() { sed -n "s/^vm .* $2=\([0-9]*\).*/\1/p" "$F/$1"; }
# (the harness's snapshot, run on the VM)
state() { "${SSH[@]}" "$(declare -f snapshot); snapshot / etc var/backups lib/systemd/system; auditctl -l" >"$F/$1"; }
# the site's choices for 2.9, 2.12 and 2.13 (cisharden does not choose them)
pkg="{\"cisharden_package\": \"$DEB\", \"cisharden_skip\": [\"2.9\", \"2.12\", \"2.13\"]"

# install only (no apply, no verify): what a fleet has before hardening
if play install.log "$pkg, \"cisharden_apply\": false, \"cisharden_verify\": false}"; then
	pass "f: the role installs the .deb"
else fail "f: the role installs the .deb (see $F/install.log)"; fi
state s0
if play check.log "$pkg}" --check --diff && [ "$(recap check.log failed)" = 0 ]; then
	pass "f: check mode runs (changed=$(recap check.log changed))"
else fail "f: check mode runs (see $F/check.log)"; fi
state s1
if [ "$(recap check.log changed)" -ge 1 ] 2>/dev/null; then pass "f: check mode reports the planned changes"
else fail "f: check mode reports the planned changes"; fi
if cmp -s "$F/s0" "$F/s1"; then pass "f: check mode changes nothing on the VM"
else fail "f: check mode changes nothing on the VM (diff $F/s0 $F/s1)"; fi
if play run1.log "$pkg}" && [ "$(recap run1.log failed)" = 0 ]; then
	pass "f: a run converges: apply with --restart-docker and verify pass (changed=$(recap run1.log changed))"
else fail "f: a run converges (see $F/run1.log)"; fi
if play run2.log "$pkg}" && [ "$(recap run2.log changed)" = 0 ]; then
	pass "f: a second run reports changed=0"
else fail "f: a second run reports changed=0 (changed=$(recap run2.log changed); see $F/run2.log)"; fi
if "${SSH[@]}" cisharden verify --skip 2.9,2.12,2.13 >"$F/verify.txt" 2>&1; then pass "f: cisharden verify (scope all) on the VM exits 0"
else fail "f: cisharden verify (scope all) on the VM exits 0 (see $F/verify.txt)"; fi

"${SSH[@]}" touch /run/cisharden-vm-done
wait $qpid
vm_results "$F/job.img" "$F/out"
sed "s/^/$HARNESS_TAG/" "$F/out/checks" >>"$HARNESS_RECORD" 2>/dev/null
echo "f $(( $(date +%s) - t0 ))" >>"$W/times"
