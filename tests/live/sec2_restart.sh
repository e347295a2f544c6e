# Live section 2 against the real dockerd (label "live", run as root):
#  1. apply with --restart-docker: the Engine API then shows ICC off on
#     the default bridge and live restore on; verify passes; a second
#     apply changes nothing and does not restart dockerd;
#  2. a dockerd started with --live-restore: apply leaves that key out
#     of daemon.json and dockerd still restarts, with the flag;
#  3. a forced bad config (an authorization plugin that does not exist):
#     dockerd does not come back, cisharden restores daemon.json, starts
#     dockerd again and exits 1 with dockerd's own error;
#  4. the systemd path, with stand-in systemctl and journalctl on PATH.
# /etc/docker, the dockerd state (running or not, and its command line)
# and /var/log/cisharden-dockerd.log are put back exactly as found.
# Exit 77 (skip) when not root or dockerd is missing, unless
# CISHARDEN_REQUIRE_LIVE=1 (CI), where that is a failure.
set -u
CISHARDEN=${1:?usage: sec2_restart.sh /path/to/cisharden}
# 2.9, 2.12 and 2.13 fail until a profile gives the site's value
S2=2.1,2.2,2.3,2.4,2.5,2.6,2.7,2.8,2.10,2.11,2.14,2.15,2.16,2.17,2.18
SOCK=/var/run/docker.sock
LOG=/var/log/cisharden-dockerd.log

# the one harness (tests/lib/harness.sh); CI fails instead of skipping
. "$(dirname "$0")/../lib/harness.sh"
SKIP_IS_FAILURE=${CISHARDEN_REQUIRE_LIVE:-0}
need_root
DOCKERD=$(command -v dockerd 2>/dev/null || true)
for d in /usr/sbin/dockerd /usr/bin/dockerd /usr/local/bin/dockerd; do
	[ -n "$DOCKERD" ] || { [ -x "$d" ] && DOCKERD=$d; }
done
[ -n "$DOCKERD" ] && [ -x "$DOCKERD" ] || skip "dockerd is not installed"
command -v curl >/dev/null || die "the live test needs curl"

api() { curl -sf --max-time 5 --unix-socket "$SOCK" "http://localhost$1"; }
ping_ok() { [ "$(api /_ping 2>/dev/null)" = OK ]; }
wait_ping() { local k; for k in $(seq 1 120); do ping_ok && return 0; sleep 0.5; done; return 1; }
dpid() { pgrep -x dockerd | while read -r p; do
	[ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != Z ] && echo "$p"; done | head -1; }
icc() { api /networks/bridge | python3 -c 'import json,sys; print(json.load(sys.stdin)["Options"].get("com.docker.network.bridge.enable_icc", "true"))'; }
live_restore() { api /info | python3 -c 'import json,sys; print(str(json.load(sys.stdin)["LiveRestoreEnabled"]).lower())'; }
jkey() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d.get(sys.argv[2])))' /etc/docker/daemon.json "$1"; }

# How this host runs dockerd: systemd (CI runners) or by hand (containers).
SYSTEMD=0
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null &&
    systemctl cat docker.service >/dev/null 2>&1; then
	SYSTEMD=1
fi
DROPIN=/etc/systemd/system/docker.service.d/zz-cisharden-live-test.conf

# stop_dockerd; start_dockerd [--live-restore]
stop_dockerd() {
	local p k
	if [ "$SYSTEMD" = 1 ]; then
		systemctl stop docker.service docker.socket >/dev/null 2>&1
		systemctl reset-failed docker.service >/dev/null 2>&1
		return 0
	fi
	p=$(dpid)
	[ -n "$p" ] || return 0
	kill -TERM "$p"
	for k in $(seq 1 150); do [ -z "$(dpid)" ] && return 0; sleep 0.2; done
	return 1
}
start_dockerd() {
	if [ "$SYSTEMD" = 1 ]; then
		rm -f "$DROPIN"
		if [ "${1:-}" = --live-restore ]; then
			# the unit's own ExecStart plus the flag
			local ex
			ex=$(systemctl show -p ExecStart --value docker.service |
			    sed -n 's/.*argv\[\]=\([^;]*\) ;.*/\1/p' | head -1)
			mkdir -p "$(dirname "$DROPIN")"
			printf '[Service]\nExecStart=\nExecStart=%s --live-restore\n' "$ex" >"$DROPIN"
		fi
		systemctl daemon-reload
		systemctl start docker.service || return 1
		wait_ping
		return
	fi
	# a marker in its environment: cisharden must restart it with it
	CISHARDEN_LIVE_MARK=1 setsid "$DOCKERD" "$@" >>/var/log/dockerd-test.log 2>&1 </dev/null &
	wait_ping
}

# --- remember the host -------------------------------------------------------
ORIG_PID=$(dpid)
ORIG_CMD=()
if [ -n "$ORIG_PID" ]; then
	while IFS= read -r -d '' a; do ORIG_CMD+=("$a"); done <"/proc/$ORIG_PID/cmdline"
	ORIG_EXE=$(readlink "/proc/$ORIG_PID/exe")
fi
ETC_EXISTED=0
[ -d /etc/docker ] && { ETC_EXISTED=1; cp -a /etc/docker "$WORK/etc-docker"; }
LOG_EXISTED=0
[ -e "$LOG" ] && LOG_EXISTED=1
SD_CREATED=0
SDP_CREATED=0

cleanup() {
	# daemon.json as found first, so the daemon comes back as it was
	if [ "$ETC_EXISTED" = 1 ]; then
		rm -f /etc/docker/daemon.json
		[ -e "$WORK/etc-docker/daemon.json" ] && cp -a "$WORK/etc-docker/daemon.json" /etc/docker/daemon.json
	fi
	[ "$SD_CREATED" = 1 ] && rmdir /run/systemd/system 2>/dev/null
	[ "$SDP_CREATED" = 1 ] && rmdir /run/systemd 2>/dev/null
	stop_dockerd || echo "WARNING: dockerd did not stop" >&2
	if [ "$SYSTEMD" = 1 ]; then
		rm -f "$DROPIN"
		rmdir "$(dirname "$DROPIN")" 2>/dev/null
		systemctl daemon-reload
		[ -n "$ORIG_PID" ] && { systemctl start docker.service; wait_ping; }
	elif [ -n "$ORIG_PID" ]; then
		setsid "$ORIG_EXE" "${ORIG_CMD[@]:1}" >>/var/log/dockerd-test.log 2>&1 </dev/null &
		wait_ping || echo "WARNING: the original dockerd did not come back" >&2
	fi
	# /etc/docker exactly as found (dockerd 20.10 creates key.json)
	if [ "$ETC_EXISTED" = 1 ]; then
		rm -rf /etc/docker
		cp -a "$WORK/etc-docker" /etc/docker
	else
		rm -rf /etc/docker
	fi
	[ "$LOG_EXISTED" = 0 ] && rm -f "$LOG"
}
at_exit cleanup

mkdir -p /etc/docker
rm -f /etc/docker/daemon.json
if [ -z "$ORIG_PID" ]; then
	check "dockerd starts for the test" start_dockerd
else
	# the test needs the plain daemon.json-less state
	stop_dockerd
	check "dockerd restarts without daemon.json" start_dockerd
fi
BK="$WORK/bk"

# --- 1. apply with --restart-docker -----------------------------------------
check "before: ICC on" [ "$(icc)" = true ]
pid0=$(dpid)
check_rc 0 "apply --restart-docker" "$CISHARDEN" --only "$S2" --restart-docker --backup-dir "$BK"
check "dockerd answers after apply" ping_ok
check "dockerd was restarted" [ "$(dpid)" != "$pid0" ]
if [ "$SYSTEMD" = 0 ]; then
	check "restarted with its own environment" grep -qa 'CISHARDEN_LIVE_MARK=1' "/proc/$(dpid)/environ"
fi
check "Engine API: enable_icc false on the bridge" [ "$(icc)" = false ]
check "Engine API: LiveRestoreEnabled true" [ "$(live_restore)" = true ]
check "daemon.json created 0644 root:root" [ "$(stat -c %a:%u:%g /etc/docker/daemon.json)" = 644:0:0 ]
check_rc 0 "verify after apply" "$CISHARDEN" verify --only "$S2"
check "verify: no restart pending" sh -c "! grep -q PENDING '$WORK/out'"
pid1=$(dpid)
check_rc 0 "second apply" "$CISHARDEN" --only "$S2" --restart-docker --backup-dir "$BK"
check "second apply: 0 changes" grep -q '0 actions made' "$WORK/out"
check "second apply: no restart" [ "$(dpid)" = "$pid1" ]

# a file changed behind the daemon's back is "restart pending"
printf '{"icc": true}\n' >/etc/docker/daemon.json
stop_dockerd; start_dockerd
printf '{"icc": false}\n' >/etc/docker/daemon.json
check_rc 3 "verify: compliant file, daemon not yet" "$CISHARDEN" verify --only 2.2
check "verify says restart pending" grep -q 'restart pending' "$WORK/out"

# --- 2. dockerd runs with --live-restore --------------------------------------
rm -f /etc/docker/daemon.json
stop_dockerd
check "dockerd starts with --live-restore" start_dockerd --live-restore
pid2=$(dpid)
check_rc 0 "apply with --live-restore on the command line" "$CISHARDEN" --only "$S2" --restart-docker --backup-dir "$BK"
check "2.15 passes by flag" grep -q 'flag --live-restore in /proc/' "$WORK/out"
check "live-restore left out of daemon.json" [ "$(jkey live-restore)" = null ]
check "icc written" [ "$(jkey icc)" = false ]
check "dockerd restarted" [ -n "$(dpid)" ] && [ "$(dpid)" != "$pid2" ]
check "dockerd kept --live-restore" grep -qa -- '--live-restore' "/proc/$(dpid)/cmdline"
check "Engine API: live restore on, ICC off" [ "$(live_restore):$(icc)" = true:false ]

# --- 3. a config dockerd refuses: rollback -----------------------------------
printf 'name: live-bad\nextends: cis-docker-1.5.0.yaml\ncontrols:\n  - id: "2.12"\n    parameters:\n      value: "cisharden-no-such-plugin"\n' >"$WORK/bad.yaml"
cp /etc/docker/daemon.json "$WORK/before.json"
check_rc 1 "bad config: apply fails" "$CISHARDEN" --only 2.12 -p "$WORK/bad.yaml" --restart-docker --backup-dir "$BK"
check "bad config: dockerd's own error is shown" grep -q 'failed to validate authorization plugin' "$WORK/out"
check "bad config: says it rolled back" grep -q 'restored the previous /etc/docker/daemon.json and dockerd runs again' "$WORK/out"
check "bad config: daemon.json byte-identical to before" cmp -s /etc/docker/daemon.json "$WORK/before.json"
check "bad config: dockerd runs again" ping_ok
check "bad config: still with --live-restore" grep -qa -- '--live-restore' "/proc/$(dpid)/cmdline"

# --- 4. systemd: stand-in systemctl on PATH ----------------------------------
if [ "$SYSTEMD" = 0 ] && [ ! -d /run/systemd/system ]; then
	[ -d /run/systemd ] || SDP_CREATED=1
	mkdir -p /run/systemd/system && SD_CREATED=1
	mkdir -p "$WORK/bin"
	cat >"$WORK/bin/systemctl" <<EOF
#!/bin/bash
echo "systemctl \$*" >>"$WORK/systemctl.log"
[ "\$*" = "restart docker" ] || exit 1
p=\$(pgrep -x dockerd | head -1)
[ -n "\$p" ] && kill -TERM "\$p" && while kill -0 "\$p" 2>/dev/null && [ "\$(awk '{print \$3}' /proc/\$p/stat 2>/dev/null)" != Z ]; do sleep 0.2; done
setsid "$DOCKERD" >>/var/log/dockerd-test.log 2>&1 </dev/null &
for k in \$(seq 1 100); do [ "\$(curl -sf --unix-socket $SOCK http://localhost/_ping)" = OK ] && exit 0; sleep 0.2; done
exit 1
EOF
	printf '#!/bin/sh\necho "journalctl $*" >>"%s/systemctl.log"\necho "dockerd: stand-in journal"\n' "$WORK" >"$WORK/bin/journalctl"
	chmod 0755 "$WORK/bin/systemctl" "$WORK/bin/journalctl"
	rm -f /etc/docker/daemon.json
	check_rc 0 "systemd: apply --restart-docker" env PATH="$WORK/bin:$PATH" "$CISHARDEN" --only 2.2,2.3 --restart-docker --backup-dir "$BK"
	check "systemd: systemctl restart docker was used" grep -qx 'systemctl restart docker' "$WORK/systemctl.log"
	check "systemd: dockerd answers" ping_ok
	check "systemd: ICC off" [ "$(icc)" = false ]
	rmdir /run/systemd/system
	[ "$SDP_CREATED" = 1 ] && rmdir /run/systemd
	SD_CREATED=0
	SDP_CREATED=0
else
	echo "note: systemd runs this host: cases 1-3 used the real systemctl"
fi

summary
