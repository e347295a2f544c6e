# Live section 2 verdicts (label "live", run as root): a real dockerd is
# started with one configuration after another (daemon.json only, flags
# only, both, /etc/default/docker DOCKER_OPTS, weak, hardened, syslog,
# journald and local logging, debug, a file not yet loaded, an insecure
# registry), and for each:
#  - `cisharden verify` gives the hand-written status of every section 2
#    control (the expectations below, from the CIS v1.5.0 audit text);
#  - each verdict agrees with what the engine itself reports (Engine API
#    /info and the bridge network), judged here without cisharden: a
#    control the engine shows as not compliant never passes, and 2.2,
#    2.13, 2.15 and 2.18 pass exactly when the engine complies (unless the
#    case expects "restart pending");
#  - a control whose key is set nowhere and whose engine default complies
#    (2.3, 2.4, 2.5, 2.6, 2.7, 2.10, 2.11, 2.18) never fails;
#  - the exit status is 0 when everything passes, else 3.
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

# judge NAME EXPECT: verify, then compare with EXPECT ("2.2=pass ...", every
# section 2 control) and with the engine's own state.
judge() {
	local name=$1 expect=$2 rc
	api /info >"$WORK/info.json" && api /networks/bridge >"$WORK/bridge.json" ||
		{ fail "$name: the Engine API does not answer"; return; }
	"$CISHARDEN" verify --only "$S2" --format json >"$WORK/verify.json" 2>"$WORK/err"
	rc=$?
	if python3 - "$name" "$expect" "$rc" "$WORK/verify.json" "$WORK/info.json" \
	    "$WORK/bridge.json" "$DJ" "$(tr '\0' ' ' <"/proc/$(live_dockerd_pid)/cmdline")" \
	    >"$WORK/judge" 2>&1 <<'PY'
import json, os, sys
name, expect, rc, vpath, ipath, bpath, djpath, cmdline = sys.argv[1:]
v = json.load(open(vpath))
info = json.load(open(ipath))
bridge = json.load(open(bpath))
dj = json.load(open(djpath)) if os.path.exists(djpath) else {}
flags = cmdline.split()
st = {c["id"]: c["status"] for c in v["controls"]}
why = {c["id"]: c["reason"] for c in v["controls"]}
bad = []
# 1. the hand-written verdicts
want = dict(kv.split("=") for kv in expect.split())
for cid, s in want.items():
    if st.get(cid) != s:
        bad.append("%s is %s, wanted %s: %s" % (cid, st.get(cid), s, why.get(cid)))
# 2. the engine's own state, read here
secopts = info.get("SecurityOptions") or []
engine_ok = {
    "2.2": bridge.get("Options", {}).get("com.docker.network.bridge.enable_icc") == "false",
    "2.13": info.get("LoggingDriver") not in ("json-file", "local", "none"),
    "2.15": info.get("LiveRestoreEnabled") is True,
    "2.18": info.get("ExperimentalBuild") is False,
}
reg = info.get("RegistryConfig") or {}
engine_no = {
    "2.3": info.get("Debug") is True,
    "2.5": any(c.get("Secure") is False for c in (reg.get("IndexConfigs") or {}).values())
           or any(c not in ("127.0.0.0/8", "::1/128") for c in reg.get("InsecureRegistryCIDRs") or []),
    "2.6": info.get("Driver") == "aufs",
    "2.9": not any(o.startswith("name=userns") for o in secopts),
    "2.12": not ((info.get("Plugins") or {}).get("Authorization")),
    "2.17": any("profile=unconfined" in o for o in secopts),
}
for cid, ok in engine_ok.items():
    engine_no[cid] = not ok
    if st[cid] == "restart_pending":
        continue
    if (st[cid] == "pass") != ok:
        bad.append("%s is %s, but the engine %s" % (cid, st[cid],
                   "complies" if ok else "does not comply"))
for cid, no in engine_no.items():
    if no and st[cid] == "pass":
        bad.append("%s passes, but the engine does not comply" % cid)
# 3. unset everywhere and the default complies: never fail
defaults = {"2.3": ["log-level", "debug"], "2.4": ["iptables"],
            "2.5": ["insecure-registries"], "2.6": ["storage-driver"],
            "2.7": ["hosts"], "2.10": ["cgroup-parent"],
            "2.11": ["storage-opts"], "2.18": ["experimental"]}
flagnames = {"log-level": ["--log-level", "-l"], "debug": ["--debug", "-D"],
             "iptables": ["--iptables"], "insecure-registries": ["--insecure-registry"],
             "storage-driver": ["--storage-driver", "-s"], "hosts": ["--host", "-H"],
             "cgroup-parent": ["--cgroup-parent"], "storage-opts": ["--storage-opt"],
             "experimental": ["--experimental"]}
for cid, keys in defaults.items():
    unset = all(k not in dj and not any(f.split("=")[0] in flagnames[k] for f in flags)
                for k in keys)
    if unset and st[cid] == "fail" and not engine_no.get(cid, False):
        bad.append("%s fails, but it is unset and the engine default complies: %s"
                   % (cid, why[cid]))
# 4. the exit status
automated_bad = any(s in ("fail", "restart_pending", "refused", "error") for s in st.values())
if int(rc) != (3 if automated_bad else 0):
    bad.append("exit %s" % rc)
for b in bad:
    print("%s: %s" % (name, b))
sys.exit(1 if bad else 0)
PY
	then pass "$name"; else fail "$name"; cat "$WORK/judge" >&2; fi
}

# the stock statuses, with changes given per case
B="2.1=manual 2.2=fail 2.3=pass 2.4=pass 2.5=pass 2.6=pass 2.7=not_applicable 2.8=manual 2.9=fail 2.10=pass 2.11=pass 2.12=fail 2.13=fail 2.14=fail 2.15=fail 2.16=fail 2.17=manual 2.18=pass"
with() { # with "ID=STATUS ...": $B with those changed (later wins in python's dict)
	echo "$B $*"
}
rm -f /etc/default/docker

# 1. stock: nothing configured; the defaults of 2.3, 2.4, 2.18 comply
start_with -
judge stock "$B"
check "stock: 2.3 names the engine default" grep -q 'engine default (unset): info' "$WORK/verify.json"

# 2. hardened daemon.json
HARD='{"icc": false, "log-level": "info", "iptables": true, "no-new-privileges": true, "live-restore": true, "userland-proxy": false, "experimental": false, "log-driver": "syslog", "log-opts": {"syslog-address": "udp://127.0.0.1:514"}, "default-ulimits": {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 64000}}}'
start_with "$HARD"
judge hardened-file "$(with 2.2=pass 2.8=pass 2.13=pass 2.14=pass 2.15=pass 2.16=pass)"

# 3. a file changed behind the running daemon: restart pending, not pass
start_with -
printf '%s\n' "$HARD" >"$DJ"
judge file-not-loaded "$(with 2.2=restart_pending 2.8=pass 2.13=restart_pending 2.14=pass 2.15=restart_pending 2.16=pass)"

# 4. flags only
start_with - --icc=false --live-restore --no-new-privileges --userland-proxy=false --log-driver=journald -l info
judge flags-only "$(with 2.2=pass 2.13=pass 2.14=pass 2.15=pass 2.16=pass)"
check "flags-only: 2.13 names the flag" grep -q 'flag --log-driver=journald in /proc/' "$WORK/verify.json"

# 5. mixed: keys in the file, a non-compliant flag: verify fails naming it
start_with '{"icc": false, "live-restore": true}' --log-level=warn --log-driver=syslog
judge mixed "$(with 2.2=pass 2.3=fail 2.13=pass 2.15=pass)"
check "mixed: 2.3 names the flag" grep -q 'flag --log-level=warn in /proc/' "$WORK/verify.json"

# 6. DOCKER_OPTS in /etc/default/docker (the unit's EnvironmentFile), as
#    systemd would pass it
printf 'DOCKER_OPTS="--log-level=warn --icc=false"\n' >/etc/default/docker
start_with - --log-level=warn --icc=false
judge docker-opts "$(with 2.2=pass 2.3=fail)"
check "docker-opts: 2.3 names /etc/default/docker or the cmdline" \
	grep -Eq 'flag --log-level=warn in [^"]*(DOCKER_OPTS|/proc/)' "$WORK/verify.json"
rm -f /etc/default/docker

# 7. weak: every key set to a value that does not comply
start_with '{"icc": true, "log-level": "warn", "iptables": false, "experimental": true, "log-driver": "json-file", "live-restore": false, "no-new-privileges": false, "userland-proxy": true, "userns-remap": "", "authorization-plugins": []}'
judge weak "$(with 2.3=fail 2.4=fail 2.18=fail)"

# 8. logging: syslog, journald, local (local logging is not remote)
start_with '{"log-driver": "syslog"}'
judge syslog "$(with 2.13=pass)"
start_with '{"log-driver": "journald"}'
judge journald "$(with 2.13=pass)"
start_with '{"log-driver": "local"}'
judge local-logging "$(with 2.13=fail)"

# 9. log-level in capitals: dockerd takes it, so does cisharden
start_with '{"log-level": "INFO"}'
judge log-level-INFO "$B"

# 10. debug on: dockerd logs at debug level whatever log-level says
start_with '{"debug": true, "log-level": "info"}'
judge debug "$(with 2.3=fail)"

# 11. an insecure registry
start_with '{"insecure-registries": ["reg.local:5000"]}'
judge insecure-registry "$(with 2.5=fail)"

summary
