# Helpers for live tests: they change the real kernel audit rules, files
# under /etc and the running dockerd, so every test saves the host state
# first and puts it back on exit. Never lock the audit config (-e 2).
# On top of the one harness (tests/lib/harness.sh); $1 of the test is the
# binary. CI (CISHARDEN_REQUIRE_LIVE=1) fails a live test that would skip.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/harness.sh"
. "$(dirname "${BASH_SOURCE[0]}")/auditlib.sh"
CISHARDEN=${1:?usage: $0 /path/to/cisharden}
SKIP_IS_FAILURE=${CISHARDEN_REQUIRE_LIVE:-0}

LIVE_SAVE=$WORK/saved
LIVE_PATHS=(/etc/docker /etc/audit/rules.d /etc/default/docker /etc/sysconfig/docker
	/etc/systemd/system/docker.socket.d /etc/systemd/system/docker.service.d
	/var/backups/cisharden)
LIVE_STARTED_DOCKERD=0
LIVE_DOCKERD_LOG=/var/log/cisharden-test-dockerd.log

live_require_root() {
	need_root
	auditctl -s >/dev/null 2>&1 || skip "no kernel audit here"
	if auditctl -s | grep -q '^enabled 2'; then
		skip "audit configuration is immutable (-e 2)"
	fi
}

# PID 1 of some VMs does not reap: skip zombie dockerds.
live_dockerd_pid() { ps -C dockerd -o pid=,stat= | awk '$2 !~ /^Z/ {print $1; exit}'; }

live_wait_api() { # wait until the Engine API answers, up to 60 s
	local i
	for i in $(seq 1 120); do
		curl -sf --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	echo "dockerd did not answer; log:" >&2
	tail -n 20 "$LIVE_DOCKERD_LOG" >&2
	return 1
}

live_start_dockerd() {
	[ -n "$(live_dockerd_pid)" ] && { live_wait_api; return; }
	(setsid dockerd >>"$LIVE_DOCKERD_LOG" 2>&1 </dev/null &)
	LIVE_STARTED_DOCKERD=1
	live_wait_api
}

live_stop_dockerd() {
	local pid i
	pid=$(live_dockerd_pid)
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	for i in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.2
	done
	kill -9 "$pid" 2>/dev/null || true
}

# Restart with the same command line it runs with now (there is no systemd here).
live_restart_dockerd() {
	local pid args
	pid=$(live_dockerd_pid)
	[ -n "$pid" ] || { live_start_dockerd; return; }
	args=$(tr '\0' ' ' <"/proc/$pid/cmdline")
	live_stop_dockerd
	(setsid $args >>"$LIVE_DOCKERD_LOG" 2>&1 </dev/null &)
	live_wait_api
}

live_save_state() {
	local p
	mkdir -p "$LIVE_SAVE"
	auditctl -l >"$LIVE_SAVE/rules" 2>/dev/null || true
	: >"$LIVE_SAVE/present"
	for p in "${LIVE_PATHS[@]}"; do
		[ -e "$p" ] || continue
		echo "$p" >>"$LIVE_SAVE/present"
	done
	tar -C / --xattrs -cpf "$LIVE_SAVE/files.tar" $(sed 's|^/||' "$LIVE_SAVE/present") 2>/dev/null || true
	stat -c '%n %a %u %g' /lib/systemd/system/docker.service /lib/systemd/system/docker.socket \
	    /etc/default/docker 2>/dev/null >"$LIVE_SAVE/modes" || true
	LIVE_DOCKERD_WAS=$(live_dockerd_pid)
}

# Delete, one by one, the kernel rules that were not there before.
live_restore_rules() {
	auditctl -l 2>/dev/null | while IFS= read -r rule; do
		[ "$rule" = "No rules" ] && continue
		grep -qxF -- "$rule" "$LIVE_SAVE/rules" && continue
		live_delete_rule "$rule" || echo "could not delete audit rule: $rule" >&2
	done
}

live_restore_state() {
	local p n m u g
	live_restore_rules
	for p in "${LIVE_PATHS[@]}"; do
		rm -rf "$p"
	done
	[ -s "$LIVE_SAVE/files.tar" ] && tar -C / --xattrs -xpf "$LIVE_SAVE/files.tar"
	while read -r n m u g; do
		chmod "$m" "$n"; chown "$u:$g" "$n"
	done <"$LIVE_SAVE/modes"
	# dockerd: back to its old configuration, or gone if we started it
	if [ "$LIVE_STARTED_DOCKERD" = 1 ] || [ -z "${LIVE_DOCKERD_WAS:-}" ]; then
		live_stop_dockerd
	else
		live_restart_dockerd || true
	fi
	if ! diff -q <(auditctl -l 2>/dev/null) "$LIVE_SAVE/rules" >/dev/null; then
		echo "WARNING: kernel audit rules differ from before the test" >&2
		diff <(auditctl -l 2>/dev/null) "$LIVE_SAVE/rules" >&2 || true
	fi
}

# What the host looks like: files (with metadata and hashes) and kernel rules.
live_snapshot() {
	snapshot / etc/docker etc/audit/rules.d etc/default/docker \
	    etc/systemd/system/docker.socket.d lib/systemd/system/docker.service \
	    lib/systemd/system/docker.socket
	auditctl -l 2>/dev/null
}
