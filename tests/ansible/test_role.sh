#!/bin/bash
# Test the Ansible role for real with Debian's ansible-core, against
# localhost (connection local) and a fixture --root tree, through the
# example playbook ansible/playbook.yml:
#  1. --check --diff reports changes, prints the diffs, changes nothing;
#  2. a real run installs the .deb that cpack builds (removed again at the
#     end), changes the tree, and verify passes;
#  3. a second run reports changed=0, and so does a second check run;
#  3b. the .rpm (with rpm, into a scratch root) and the bare binary
#     install by the same variables, and a second run changes nothing;
#  4. verify-only on a tree that drifted fails the play, naming the control;
#  5. ansible-lint passes on the role and the playbook (Debian 12 has it).
# Usage: test_role.sh /path/to/cisharden   (env SRCDIR, BUILDDIR)
set -euo pipefail

BIN=${1:?usage: test_role.sh /path/to/cisharden}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILDDIR=${BUILDDIR:-$SRCDIR/build}
. "$SRCDIR/tests/imagebuilder/pkglib.sh"

need_apt ansible-core ansible-lint python3-apt

T=$(mktemp -d /tmp/cisharden-ansible.XXXXXX)
INSTALLED_BY_TEST=0
CACHE_EXISTED=0
[ ! -e /var/cache/cisharden ] || CACHE_EXISTED=1
cleanup()
{
	# Leave the host as found: the package and the role's package cache.
	if [ "$INSTALLED_BY_TEST" = 1 ]; then
		dpkg -r cisharden >/dev/null 2>&1 || echo "WARNING: could not remove the cisharden package" >&2
		[ "$CACHE_EXISTED" = 1 ] || rm -rf /var/cache/cisharden
	fi
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
at_exit cleanup

# Keep Ansible's own state out of the host's ~/.ansible and away from any
# ansible.cfg of the caller.
printf "[defaults]\n" >"$T/ansible.cfg"
export ANSIBLE_CONFIG=$T/ansible.cfg ANSIBLE_LOCAL_TEMP=$T/ansible-tmp ANSIBLE_REMOTE_TEMP=$T/ansible-tmp
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_RETRY_FILES_ENABLED=0
export ANSIBLE_ROLES_PATH=$SRCDIR/ansible/roles

pkg_build_artifacts "$T/dist"
ROOT=$T/root
pkg_fixture_root "$ROOT"
printf '[docker_hosts]\nlocalhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n' >"$T/inventory"

play()
{
	# play LOG EXTRA_VARS_JSON [ansible-playbook options...]: runs the
	# example playbook; the log is kept in $T/LOG.
	local log=$T/$1 vars=$2
	shift 2
	# 2.9, 2.12 and 2.13 fail until a profile gives the site's values
	# (a play's own cisharden_skip replaces this)
	ansible-playbook -i "$T/inventory" "$SRCDIR/ansible/playbook.yml" \
		-e ansible_become=false -e '{"cisharden_skip": ["2.9", "2.12", "2.13"]}' \
		-e "$vars" "$@" >"$log" 2>&1
}

recap()
{
	# recap LOG FIELD: a number from the PLAY RECAP line (changed, failed...)
	sed -n "s/^localhost .* $2=\([0-9]*\).*/\1/p" "$T/$1"
}

task_status()
{
	# task_status LOG TASK-NAME: "changed", "ok", "skipping" or "fatal" for
	# the named task, from the line after its TASK banner.
	awk -v t="TASK [cisharden : $2]" '
		index($0, t) == 1 { found = 1; next }
		found && /^(ok|changed|skipping|fatal|failed):/ { sub(/:.*/, ""); print; exit }' "$T/$1"
}

# --- 1. check mode ------------------------------------------------------
snapshot "$ROOT" >"$T/state0"
play check.log "{\"cisharden_package\": \"\", \"cisharden_binary\": \"$BIN\", \"cisharden_root\": \"$ROOT\"}" \
	--check --diff || { cat "$T/check.log"; die "check run failed"; }
[ "$(recap check.log failed)" = 0 ] || { cat "$T/check.log"; die "check run had failures"; }
[ "$(recap check.log changed)" -ge 1 ] || { cat "$T/check.log"; die "check run reported no change"; }
[ "$(task_status check.log 'Apply the CIS Docker Benchmark (dry run in check mode)')" = changed ] ||
	{ cat "$T/check.log"; die "check run: the apply task is not 'changed'"; }
grep -q 'etc/docker/daemon.json' "$T/check.log" || { cat "$T/check.log"; die "--diff did not show the daemon.json change"; }
# Every unified diff cisharden plans is printed: look for each '+++' header.
"$BIN" apply --dry-run --root "$ROOT" --format json |
	/usr/bin/python3 -c 'import json,sys
for a in json.load(sys.stdin)["actions"]:
    for l in (a["diff"] or "").splitlines():
        if l.startswith("+++ "): print(l)' >"$T/headers"
while IFS= read -r h; do
	grep -qF "\"$h\"" "$T/check.log" || { cat "$T/check.log"; die "--diff did not print the diff for $h"; }
done <"$T/headers"
snapshot "$ROOT" >"$T/state1"
diff -u "$T/state0" "$T/state1" || die "check mode changed the fixture tree"
pass "check mode reports $(recap check.log changed) change(s), shows the diffs and changes nothing"

# The role's variables reach the command line: profile, level, skip, only.
play vars.log "{\"cisharden_package\": \"\", \"cisharden_binary\": \"$BIN\", \"cisharden_root\": \"$ROOT\",
	\"cisharden_profile\": \"ecs-optimized\", \"cisharden_level\": 1, \"cisharden_skip\": [\"3.2\", \"3.4\"],
	\"cisharden_only\": [\"3.2\", \"3.4\", \"3.6\", \"3.18\"], \"cisharden_restart_docker\": true}" \
	--check --diff -v || { cat "$T/vars.log"; die "check run with variables failed"; }
want='"cmd": ["'$BIN'", "apply", "--format", "json", "--profile", "ecs-optimized", "--level", "1", "--skip", "3.2,3.4", "--only", "3.2,3.4,3.6,3.18", "--root", "'$ROOT'", "--dry-run"]'
grep -qF "$want" "$T/vars.log" || { grep '"cmd"' "$T/vars.log"; die "the variables did not make: $want"; }
# 3.6 (Level 1) is planned; 3.2 (skipped) and 3.18 (Level 2) are not.
grep -q '"3.6  /etc/docker  mode' "$T/vars.log" || { cat "$T/vars.log"; die "3.6 was not planned with --only"; }
if grep -q '"3.2  \|"3.18  ' "$T/vars.log"; then die "a skipped or Level 2 control was planned"; fi
snapshot "$ROOT" >"$T/state1b"
diff -u "$T/state0" "$T/state1b" || die "check mode changed the fixture tree"
pass "the role variables reach the command line (and --restart-docker is left out with a root)"

# --- 2. a real run, installing the package ------------------------------
vars="{\"cisharden_root\": \"$ROOT\"}"
if [ "$(dpkg-query -W -f='${Status}' cisharden 2>/dev/null)" = "install ok installed" ] ||
    [ -e /usr/sbin/cisharden ]; then
	# Never replace a cisharden the host already has: use the build.
	echo "cisharden is installed on this host: testing without the package install"
	vars="{\"cisharden_package\": \"\", \"cisharden_binary\": \"$BIN\", \"cisharden_root\": \"$ROOT\"}"
else
	INSTALLED_BY_TEST=1
	sha=$(sha256sum "$PKG_DEB" | cut -d' ' -f1)
	vars="{\"cisharden_package\": \"$PKG_DEB\", \"cisharden_package_sha256\": \"$sha\", \"cisharden_root\": \"$ROOT\"}"
	# Check mode on a host without the package: reports the install,
	# installs nothing, and says it cannot plan without the binary.
	play checkpkg.log "$vars" --check || { cat "$T/checkpkg.log"; die "check run with the package failed"; }
	[ "$(task_status checkpkg.log 'Copy the cisharden package')" = changed ] || die "check: copy not reported"
	grep -q 'is not installed yet: the check run cannot plan' "$T/checkpkg.log" ||
		{ cat "$T/checkpkg.log"; die "check: no note about the missing binary"; }
	[ ! -e /usr/sbin/cisharden ] || die "check mode installed the binary"
	if [ "$CACHE_EXISTED" = 0 ] && [ -e /var/cache/cisharden ]; then
		die "check mode created /var/cache/cisharden"
	fi
	snapshot "$ROOT" >"$T/state1c"
	diff -u "$T/state0" "$T/state1c" || die "check mode changed the fixture tree"
	pass "check mode with the package reports the install and installs nothing"
fi
play run1.log "$vars" --diff || { cat "$T/run1.log"; die "first run failed"; }
[ "$(task_status run1.log 'Apply the CIS Docker Benchmark (dry run in check mode)')" = changed ] ||
	{ cat "$T/run1.log"; die "first run: the apply task is not 'changed'"; }
[ "$(task_status run1.log 'Verify the CIS Docker Benchmark')" = ok ] ||
	{ cat "$T/run1.log"; die "first run: verify did not pass"; }
if [ "$INSTALLED_BY_TEST" = 1 ]; then
	[ -x /usr/sbin/cisharden ] || die "the package did not install /usr/sbin/cisharden"
	[ -f /usr/share/man/man8/cisharden.8.gz ] || die "the package did not install the man page"
	[ "$(task_status run1.log 'Install the cisharden package (.deb)')" = changed ] || die "install task not changed"
fi
snapshot "$ROOT" >"$T/state2"
cmp -s "$T/state1" "$T/state2" && die "the run did not change the fixture tree"
[ "$(stat -c %a "$ROOT/etc/docker/daemon.json")" = 644 ] || die "daemon.json mode not fixed"
pass "a run changes the tree ($(recap run1.log changed) changed task(s)) and verify passes"

# --- 3. idempotence -----------------------------------------------------
play run2.log "$vars" || { cat "$T/run2.log"; die "second run failed"; }
[ "$(recap run2.log changed)" = 0 ] || { cat "$T/run2.log"; die "second run reported changes"; }
[ "$(recap run2.log failed)" = 0 ] || die "second run failed"
snapshot "$ROOT" >"$T/state3"
play check2.log "$vars" --check || { cat "$T/check2.log"; die "second check run failed"; }
[ "$(recap check2.log changed)" = 0 ] || { cat "$T/check2.log"; die "check run after apply reported changes"; }
snapshot "$ROOT" >"$T/state4"
diff -u "$T/state3" "$T/state4" || die "second check run changed the tree"
pass "second run and second check run report changed=0"

# --- 3b. the .rpm and the bare binary ---------------------------------------
# Neither touches this host's /usr: the bare binary goes to a path under
# $T, and `rpm` is a stand-in on PATH that runs Debian's real rpm into a
# scratch root (--nodeps: the scratch root has no libraries; the portable
# .rpm needs none anyway).
mkdir -p "$T/fakebin" "$T/rpmroot"
cat >"$T/fakebin/rpm" <<EOF
#!/bin/sh
echo "rpm \$*" >>"$T/rpm.calls"
case " \$* " in *" -U "*) exec /usr/bin/rpm --root "$T/rpmroot" --nodeps "\$@" 2>/dev/null ;; esac
exec /usr/bin/rpm --root "$T/rpmroot" "\$@" 2>/dev/null
EOF
chmod 0755 "$T/fakebin/rpm"
PKG_RPM=$(ls "$T/dist"/cisharden-*.rpm)
ROOT3=$T/root3
pkg_fixture_root "$ROOT3"
sha=$(sha256sum "$PKG_RPM" | cut -d' ' -f1)
rvars="{\"cisharden_package\": \"$PKG_RPM\", \"cisharden_package_sha256\": \"$sha\",
	\"cisharden_package_cache\": \"$T/pkgcache\", \"cisharden_binary\": \"$T/rpmroot/usr/sbin/cisharden\",
	\"cisharden_root\": \"$ROOT3\"}"
PATH=$T/fakebin:$PATH play rpm1.log "$rvars" || { cat "$T/rpm1.log"; die "run with the .rpm failed"; }
[ "$(task_status rpm1.log 'Install the .rpm with rpm')" = changed ] || { cat "$T/rpm1.log"; die "the .rpm was not installed"; }
[ "$(/usr/bin/rpm --root "$T/rpmroot" -q cisharden 2>/dev/null)" = "$(basename "$PKG_RPM" .rpm)" ] ||
	die "rpm does not list the installed package"
[ -f "$T/rpmroot/usr/share/man/man8/cisharden.8.gz" ] || die "the .rpm did not install the man page"
[ "$(stat -c %a "$ROOT3/etc/docker/daemon.json")" = 644 ] || die "the .rpm's binary did not apply"
PATH=$T/fakebin:$PATH play rpm2.log "$rvars" || { cat "$T/rpm2.log"; die "second run with the .rpm failed"; }
[ "$(recap rpm2.log changed)" = 0 ] || { cat "$T/rpm2.log"; die "second .rpm run reported changes"; }
[ "$(task_status rpm2.log 'Install the .rpm with rpm')" = skipping ] || die "the .rpm was installed again"
if grep -q 'TASK \[cisharden : Install the cisharden package (.deb)\]' "$T/rpm1.log" &&
    [ "$(task_status rpm1.log 'Install the cisharden package (.deb)')" != skipping ]; then
	die "the .rpm path ran the apt task"
fi
pass "the .rpm installs with rpm (not apt), then the second run changes nothing"

mkdir -p "$T/binprefix"
ROOT4=$T/root4
pkg_fixture_root "$ROOT4"
bvars="{\"cisharden_package\": \"$BIN\", \"cisharden_package_sha256\": \"$(sha256sum "$BIN" | cut -d' ' -f1)\",
	\"cisharden_binary\": \"$T/binprefix/cisharden\", \"cisharden_root\": \"$ROOT4\"}"
play bin1.log "$bvars" || { cat "$T/bin1.log"; die "run with the bare binary failed"; }
[ "$(task_status bin1.log 'Install the cisharden binary')" = changed ] || die "the binary was not installed"
cmp -s "$BIN" "$T/binprefix/cisharden" || die "the installed binary is not the given one"
[ "$(stat -c %a "$T/binprefix/cisharden")" = 755 ] || die "the installed binary is not 0755"
[ "$(stat -c %a "$ROOT4/etc/docker/daemon.json")" = 644 ] || die "the bare binary did not apply"
play bin2.log "$bvars" || { cat "$T/bin2.log"; die "second run with the bare binary failed"; }
[ "$(recap bin2.log changed)" = 0 ] || { cat "$T/bin2.log"; die "second binary run reported changes"; }
bad="{\"cisharden_package\": \"$BIN\", \"cisharden_package_sha256\": \"$(printf '0%.0s' $(seq 64))\",
	\"cisharden_binary\": \"$T/binprefix2/cisharden\", \"cisharden_root\": \"$ROOT4\"}"
if play bin3.log "$bad"; then die "a wrong SHA-256 passed"; fi
grep -q 'SHA-256 is not' "$T/bin3.log" || { cat "$T/bin3.log"; die "no checksum failure"; }
[ ! -e "$T/binprefix2" ] || die "the binary was copied despite a wrong SHA-256"
pass "the bare binary installs where cisharden_binary says; a wrong SHA-256 copies nothing"

# --- 4. a failing verification fails the play ---------------------------
chmod 0666 "$ROOT/etc/docker/daemon.json"
verify_vars="{\"cisharden_package\": \"\", \"cisharden_binary\": \"$BIN\", \"cisharden_root\": \"$ROOT\", \"cisharden_apply\": false}"
if play drift.log "$verify_vars"; then
	cat "$T/drift.log"
	die "verify-only passed on a world-writable daemon.json"
fi
grep -q 'cisharden verify failed: .*3\.18' "$T/drift.log" || { cat "$T/drift.log"; die "the failure does not name 3.18"; }
[ "$(stat -c %a "$ROOT/etc/docker/daemon.json")" = 666 ] || die "verify-only changed the tree"
pass "verify-only fails the play on drift and names the control"

# An apply that cannot make a control compliant (1.1.1 wants a partition,
# which cisharden cannot create) fails the play and names the control.
ROOT2=$T/root2
pkg_fixture_root "$ROOT2"
sed -i '/\/var\/lib\/docker/d' "$ROOT2/etc/fstab"
if play nofix.log "{\"cisharden_package\": \"\", \"cisharden_binary\": \"$BIN\", \"cisharden_root\": \"$ROOT2\"}"; then
	cat "$T/nofix.log"
	die "the play passed although 1.1.1 cannot be fixed"
fi
grep -q 'cisharden apply left controls failing: 1\.1\.1 (fail' "$T/nofix.log" ||
	{ cat "$T/nofix.log"; die "the apply failure does not name 1.1.1"; }
# the play failed, but the apply did change the tree: it says so
[ "$(task_status nofix.log 'Apply the CIS Docker Benchmark (dry run in check mode)')" = changed ] ||
	{ cat "$T/nofix.log"; die "a failing play hides the changes the apply made"; }
pass "an apply that leaves a control failing fails the play and names it"

# A refused input (#12): a daemon.json with a trailing comma. The play
# fails, nothing in the tree changes (not even the chmod of daemon.json
# other controls want), and the apply task reports changed=false, which
# matches the tree.
ROOT3=$T/root3
pkg_fixture_root "$ROOT3"
printf '{"icc": true,}\n' >"$ROOT3/etc/docker/daemon.json"
chmod 0666 "$ROOT3/etc/docker/daemon.json"
snapshot "$ROOT3" >"$T/state5"
if play refused.log "{\"cisharden_package\": \"\", \"cisharden_binary\": \"$BIN\", \"cisharden_root\": \"$ROOT3\"}"; then
	cat "$T/refused.log"
	die "the play passed although daemon.json is refused"
fi
snapshot "$ROOT3" >"$T/state6"
diff -u "$T/state5" "$T/state6" || die "a refused plan changed the tree"
st=$(task_status refused.log 'Apply the CIS Docker Benchmark (dry run in check mode)')
[ "$st" = fatal ] || { cat "$T/refused.log"; die "refused: the apply task is '$st', not fatal"; }
grep -q '"changed": false' "$T/refused.log" || { cat "$T/refused.log"; die "refused: changed is not false"; }
grep -q '"rc": 4' "$T/refused.log" || { cat "$T/refused.log"; die "refused: exit status is not 4"; }
[ "$(recap refused.log changed)" = 0 ] || { cat "$T/refused.log"; die "refused: the recap counts a change"; }
pass "a refused input fails the play, changes nothing and reports changed=false"

# --- 5. ansible-lint ----------------------------------------------------
(cd "$SRCDIR/ansible" && ansible-lint --offline -q playbook.yml roles/cisharden) >"$T/lint.log" 2>&1 ||
	{ cat "$T/lint.log"; die "ansible-lint"; }
pass "ansible-lint"

summary
