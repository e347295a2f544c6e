# Sourced by the guest jobs: record named checks in /job/out/checks
# ("PASS name" / "FAIL name"), keep going, exit with the failure count.
OUT=/job/out
FAILS=0
PROFILE=$(cat /job/profile 2>/dev/null || true)
popt() { [ -z "$PROFILE" ] || printf '%s\n' -p "$PROFILE"; }
check() { # check NAME CMD...: PASS when CMD exits 0
	name=$1; shift
	if "$@" >>"$OUT/checks.log" 2>&1; then
		echo "PASS $name" >>"$OUT/checks"
	else
		echo "FAIL $name (exit $?)" >>"$OUT/checks"
		FAILS=$((FAILS + 1))
	fi
}
check_rc() { # check_rc WANT NAME CMD...: PASS when CMD exits WANT
	want=$1 name=$2; shift 2
	rc=0; "$@" >>"$OUT/checks.log" 2>&1 || rc=$?
	if [ "$rc" = "$want" ]; then echo "PASS $name" >>"$OUT/checks"
	else echo "FAIL $name (exit $rc, want $want)" >>"$OUT/checks"; FAILS=$((FAILS + 1)); fi
}
# cisharden with the job's profile; stdout to $OUT/$1.txt (+ .json report)
cis() { # cis NAME ARGS...
	n=$1; shift
	# shellcheck disable=SC2046
	cisharden "$@" $(popt) --report "$OUT/$n.json" >"$OUT/$n.txt" 2>&1
}
# Docker's files, owners, modes and contents (what a dry run must not touch)
tree_state() {
	find /etc /var/backups /lib/systemd/system -xdev \
		-printf '%p %y %m %U %G %s %T@ %C@\n' 2>/dev/null | sort
}
# Wait (up to 60 s) until systemd has no job left, e.g. the audit-runtime
# unit a daemon start or a new /run/docker entry pulled in.
settle() {
	i=0
	while [ -n "$(systemctl list-jobs --no-legend 2>/dev/null)" ] && [ $i -lt 60 ]; do
		sleep 1; i=$((i + 1))
	done
}
# Every rule of the rules.d files whose parent directory exists is listed
# by auditctl -l.
audit_agrees() {
	settle
	auditctl -l >"$OUT/auditctl-l.txt"
	missing=0
	for p in $(sed -nE 's/^-w ([^ ]+).*/\1/p; s/^-a .*-F (path|dir)=([^ ]+).*/\2/p' /etc/audit/rules.d/*.rules); do
		[ -d "$(dirname "$p")" ] || continue
		if ! grep -qE -- "(-w |path=|dir=)$p( |\$)" "$OUT/auditctl-l.txt"; then
			echo "not in the kernel: $p"; missing=$((missing + 1))
		fi
	done
	[ $missing = 0 ]
}
finish() {
	cat "$OUT/checks"
	exit "$FAILS"
}
