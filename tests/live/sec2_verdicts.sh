# Live section 2 verdicts (label "live", run as root): a real dockerd is
# started with one configuration after another of the table
# sec2_table.txt (daemon.json only, flags only, both, /etc/default/docker
# DOCKER_OPTS, weak, hardened, syslog, journald and local logging, debug, a
# file not yet loaded, an insecure registry), and for each sec2_judge.py
# compares `cisharden verify` with the table's status of every section 2
# control (from the CIS v1.5.0 audit text) and with what the engine itself
# reports (Engine API /info and the bridge network). The VM suite judges
# the same table against Engine 28 under systemd (tests/vm/jobs/engine.sh).
# The host is put back as found (livelib.sh: /etc/docker,
# /etc/default/docker, dockerd running or not with its command line).
# Run by hand under `flock /tmp/cisharden-live.lock`.
. "$(dirname "$0")/livelib.sh"

need_root
need_cmd dockerd curl python3
live_save_state
# the dockerd found running comes back with its own command line, after
# its files are back (live_restore_state would reuse the last test one)
ORIG_CMD=()
if [ -n "$LIVE_DOCKERD_WAS" ]; then
	while IFS= read -r -d '' a; do ORIG_CMD+=("$a"); done <"/proc/$LIVE_DOCKERD_WAS/cmdline"
fi
cleanup() {
	live_stop_dockerd
	LIVE_DOCKERD_WAS=
	LIVE_STARTED_DOCKERD=0
	live_restore_state
	if [ "${#ORIG_CMD[@]}" -gt 0 ]; then
		(setsid "${ORIG_CMD[@]}" >>"$LIVE_DOCKERD_LOG" 2>&1 </dev/null &)
		live_wait_api || echo "WARNING: the original dockerd did not come back" >&2
	fi
}
at_exit cleanup
TABLE=$(dirname "$0")/sec2_table.txt JUDGE=$(dirname "$0")/sec2_judge.py
S2=2.1,2.2,2.3,2.4,2.5,2.6,2.7,2.8,2.9,2.10,2.11,2.12,2.13,2.14,2.15,2.16,2.17,2.18
SOCK=/var/run/docker.sock
DJ=/etc/docker/daemon.json
api() { curl -sf --max-time 5 --unix-socket "$SOCK" "http://localhost$1"; }

# start_with JSON|- FLAGS...: a dockerd with that daemon.json and command line
start_with() {
	local json=$1
	shift
	live_stop_dockerd
	mkdir -p /etc/docker
	if [ "$json" = - ]; then rm -f "$DJ"; else printf '%s\n' "$json" >"$DJ"; fi
	(setsid dockerd "$@" >>"$LIVE_DOCKERD_LOG" 2>&1 </dev/null &)
	live_wait_api
}

# judge NAME: verify, then compare with the table's case NAME and with the
# engine's own state (sec2_judge.py)
judge() {
	local name=$1 rc
	api /info >"$WORK/info.json" && api /networks/bridge >"$WORK/bridge.json" ||
		{ fail "$name: the Engine API does not answer"; return; }
	"$CISHARDEN" verify --only "$S2" --format json >"$WORK/verify.json" 2>"$WORK/err"
	rc=$?
	if python3 "$JUDGE" "$TABLE" judge "$name" "$rc" "$WORK/verify.json" "$WORK/info.json" \
	    "$WORK/bridge.json" "$DJ" "$(tr '\0' ' ' <"/proc/$(live_dockerd_pid)/cmdline")" \
	    >"$WORK/judge" 2>&1
	then pass "$name"; else fail "$name"; cat "$WORK/judge" >&2; fi
}

field() { python3 "$JUDGE" "$TABLE" field "$1" "$2"; }
rm -f /etc/default/docker
for name in $(python3 "$JUDGE" "$TABLE" cases); do
	json=$(field "$name" json) after=$(field "$name" json-after)
	flags=$(field "$name" flags) env=$(field "$name" env)
	# DOCKER_OPTS in /etc/default/docker (the unit's EnvironmentFile), on
	# the command line as systemd would pass it
	if [ -n "$env" ]; then printf 'DOCKER_OPTS="%s"\n' "$env" >/etc/default/docker; fi
	# shellcheck disable=SC2086
	start_with "${json:--}" $flags $env
	if [ -n "$after" ]; then printf '%s\n' "$after" >"$DJ"; fi
	judge "$name"
	rm -f /etc/default/docker
done

summary
