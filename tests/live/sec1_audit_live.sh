#!/bin/bash
# Live test of section 1 on this host (ctest label "live", run as root):
# apply writes /etc/audit/rules.d/50-cisharden-docker.rules and loads the
# rules into the running kernel through libaudit; `auditctl -l`, an
# independent reader, must list each of them; a second apply adds nothing;
# `auditctl -R` of the generated file loads cleanly. Afterwards exactly the
# kernel rules this test added are deleted and the rules.d file is put back
# as it was, so `auditctl -l` is what it was before.
# Never runs `auditctl -e` (it would lock the kernel until reboot), never
# touches auditd. Exit 77 (skip) when not root or the kernel has no usable
# audit; with CISHARDEN_REQUIRE_LIVE=1 (CI) those are failures instead.
# Usage: bash sec1_audit_live.sh /path/to/cisharden
set -u
BIN=${1:?usage: $0 /path/to/cisharden}
RULES=/etc/audit/rules.d/50-cisharden-docker.rules
IDS=1.1.3,1.1.4,1.1.5,1.1.6,1.1.7,1.1.8,1.1.9,1.1.10,1.1.11,1.1.12,1.1.13,1.1.14,1.1.15,1.1.16,1.1.17,1.1.18

# the one harness (tests/lib/harness.sh); CI fails instead of skipping
. "$(dirname "$0")/../lib/harness.sh"
SKIP_IS_FAILURE=${CISHARDEN_REQUIRE_LIVE:-0}

need_root
command -v auditctl > /dev/null || skip "auditctl (auditd) is not installed"
STATUS=$(auditctl -s 2>&1) || skip "kernel audit unavailable: $STATUS"
echo "$STATUS" | grep -q '^enabled 2' && skip "kernel audit rules are immutable (enabled 2)"
[ -d /etc/audit/rules.d ] || skip "no /etc/audit/rules.d"

TMP=$WORK
BEFORE=$TMP/before.txt
auditctl -l > "$BEFORE" || skip "auditctl -l failed"
HAD_RULES=0
if [ -e "$RULES" ]; then
	HAD_RULES=1
	cp -p "$RULES" "$TMP/rules.orig"
fi

# auditctl -l lines, one rule each, trailing '/' of dir watches dropped
# (newer auditctl prints "-w /dir/"), "No rules" dropped.
listing() {
	auditctl -l | grep -v '^No rules' | sed -E 's#^(-w /[^ ]*[^/ ])/ #\1 #' | sort
}

# Delete one rule given in `auditctl -l` form: the kernel knows it as
# path= or dir=, and auditctl -W would pick by stat, so try both.
. "$(dirname "$0")/auditlib.sh"

cleanup() {
	local line
	listing > "$TMP/end.txt"
	# exactly the rules that were not there before
	comm -13 <(sed -E 's#^(-w /[^ ]*[^/ ])/ #\1 #' "$BEFORE" | grep -v '^No rules' | sort) \
		"$TMP/end.txt" | while IFS= read -r line; do
		live_delete_rule "$line" || echo "cleanup: could not delete: $line" >&2
	done
	# what the apply wrote besides the rules file (on a host with systemd
	# installed, the boot unit for runtime rules) goes with its backup
	"$BIN" restore --backup-dir "$TMP/backups" >/dev/null 2>&1 || true
	if [ "$HAD_RULES" = 1 ]; then
		cp -p "$TMP/rules.orig" "$RULES"
	else
		rm -f "$RULES"
	fi
	if ! diff -u "$BEFORE" <(auditctl -l) > "$TMP/restore.diff"; then
		fail "kernel audit rules not restored"
		cat "$TMP/restore.diff" >&2
	else
		pass "kernel audit rules restored"
	fi
}
at_exit cleanup
# Start from the state the test is about: our file absent.
rm -f "$RULES"

# --- apply ---------------------------------------------------------------
"$BIN" --only "$IDS" --backup-dir "$TMP/backups" --format json > "$TMP/a1.json" 2> "$TMP/a1.err"
rc=$?
[ "$rc" = 0 ] && pass "apply exit 0" || fail "apply exit $rc: $(cat "$TMP/a1.err")"
[ -f "$RULES" ] && pass "rules file written" || die "no $RULES"
grep -q '"result":[[:space:]]*"changed"' "$TMP/a1.json" || grep -q '"changed":[[:space:]]*[1-9]' "$TMP/a1.json" &&
	pass "apply reports changes" || fail "apply reported no change"

# every rule of the file, in auditctl -l form, must be in the kernel
listing > "$TMP/after1.txt"
n=0
while IFS= read -r line; do
	case $line in
	-w\ *) want=$(sed -E 's/^-w ([^ ]+) -p ([rwxa]+)(.*)$/-w \1 -p \2\3/' <<< "$line") ;;
	-a\ always,exit\ *) want=$(sed -E 's/^-a always,exit -F (path|dir)=([^ ]+) -F perm=([rwxa]+)(.*)$/-w \2 -p \3\4/' <<< "$line") ;;
	*) continue ;;
	esac
	path=$(awk '{print $2}' <<< "$want")
	[ -d "$(dirname "$path")" ] || continue	# a runtime parent gone since
	n=$((n + 1))
	grep -qxF -- "$want" "$TMP/after1.txt" || fail "auditctl -l lacks: $want (file line: $line)"
done < "$RULES"
[ "$n" -gt 10 ] && pass "auditctl -l lists all $n rules of the file" || fail "only $n rules checked"
grep -q '^-w /var/lib/docker -p rwxa -k docker$' "$TMP/after1.txt" && pass "/var/lib/docker watched" ||
	fail "/var/lib/docker not in auditctl -l"

# verify (both layers) passes for the audit controls
"$BIN" verify --only "$IDS" > "$TMP/v.txt" 2>&1
rc=$?
[ "$rc" = 0 ] && pass "verify exit 0" || { fail "verify exit $rc"; cat "$TMP/v.txt" >&2; }
grep -q 'and in the kernel' "$TMP/v.txt" && pass "verify checked the kernel" || fail "verify did not check the kernel"

# --- second apply adds nothing -------------------------------------------
m1=$(stat -c %Y.%i "$RULES")
"$BIN" --only "$IDS" --backup-dir "$TMP/backups" --format json > "$TMP/a2.json" 2> "$TMP/a2.err"
rc=$?
[ "$rc" = 0 ] && pass "second apply exit 0" || fail "second apply exit $rc: $(cat "$TMP/a2.err")"
grep -Eq '"changed":[[:space:]]*0,' "$TMP/a2.json" && pass "second apply changed 0" || fail "second apply changed something"
[ "$m1" = "$(stat -c %Y.%i "$RULES")" ] && pass "rules file untouched" || fail "rules file rewritten"
listing > "$TMP/after2.txt"
cmp -s "$TMP/after1.txt" "$TMP/after2.txt" && pass "no kernel rule added twice" || {
	fail "kernel rules changed on the second apply"
	diff "$TMP/after1.txt" "$TMP/after2.txt" >&2
}

# --- the generated file loads cleanly with auditctl -R ---------------------
# Remove what this test added, load the file as augenrules would (our
# file's part of audit.rules), and compare. The full concatenation is not
# loaded: it starts with -D and sets -b/-f, which would touch rules and
# settings that are not this test's.
comm -13 <(sed -E 's#^(-w /[^ ]*[^/ ])/ #\1 #' "$BEFORE" | grep -v '^No rules' | sort) \
	"$TMP/after1.txt" | while IFS= read -r line; do
	live_delete_rule "$line" || echo "could not delete: $line" >&2
done
# On a root that boots systemd (this host has systemd installed, even if
# it does not run it) the runtime rules are written even before their
# directory exists, for the boot unit to load later: those lines, and
# only those, may fail here, after the file's -c.
R_BAD=
if ! auditctl -R "$RULES" > "$TMP/R.out" 2>&1; then
	for n in $(sed -n 's/^There was an error in line \([0-9]*\) of .*/\1/p' "$TMP/R.out"); do
		line=$(sed -n "${n}p" "$RULES")
		path=$(printf '%s\n' "$line" | sed -E 's/^-w ([^ ]+).*/\1/; s/^-a .*-F path=([^ ]+).*/\1/')
		case $path in
		/run/*|/var/run/*) [ ! -e "$(dirname "$path")" ] && continue ;;
		esac
		R_BAD="$R_BAD line $n: $line;"
	done
	grep -q 'There was an error' "$TMP/R.out" || R_BAD="$(cat "$TMP/R.out")"
fi
if [ -z "$R_BAD" ]; then
	pass "auditctl -R of the generated file: every line loads, but runtime paths whose directory does not exist yet"
else
	fail "auditctl -R failed:$R_BAD $(cat "$TMP/R.out")"
fi
listing > "$TMP/after3.txt"
cmp -s "$TMP/after1.txt" "$TMP/after3.txt" && pass "auditctl -R loads the same rules cisharden loaded" || {
	fail "auditctl -R loaded different rules"
	diff "$TMP/after1.txt" "$TMP/after3.txt" >&2
}
if command -v augenrules > /dev/null; then
	augenrules --check > "$TMP/aug.out" 2>&1 && pass "augenrules --check: $(cat "$TMP/aug.out")" ||
		fail "augenrules --check failed: $(cat "$TMP/aug.out")"
fi

# --- why the file starts with -c -------------------------------------------------
# auditctl -R stops at the first failing line (here: a watch whose parent
# directory is missing, as /run/containerd is at boot) unless -c came
# first; with -c it loads the later lines too and exits 1.
D=$TMP/cdir
mkdir -p "$D"
printf -- '-w /nonexistent-cisharden/x -p wa -k cisharden-test\n-w %s -p wa -k cisharden-test\n' "$D" > "$TMP/noc.rules"
{ printf -- '-c\n'; cat "$TMP/noc.rules"; } > "$TMP/c.rules"
auditctl -R "$TMP/noc.rules" > /dev/null 2>&1
rc=$?
if auditctl -l | grep -qF -- "-w $D -p wa -k cisharden-test"; then
	fail "without -c auditctl -R loaded the line after the failing one"
	auditctl -W "$D" -p wa -k cisharden-test
else
	[ "$rc" != 0 ] && pass "without -c: load stopped at the failing line (exit $rc)" ||
		fail "without -c: exit 0 despite a failing line"
fi
auditctl -R "$TMP/c.rules" > /dev/null 2>&1
rc=$?
if auditctl -l | grep -qF -- "-w $D -p wa -k cisharden-test"; then
	pass "with -c: the line after the failing one loaded (exit $rc)"
	auditctl -W "$D" -p wa -k cisharden-test
else
	fail "with -c: the line after the failing one did not load"
fi
summary
