# (run by the harness after ". /job/lib.sh", after test.sh in the first
# boot of the baked disk; see lifecycle.sh, step h)
# Step h: the same baked image under CIS v1.8.0, and 1.1.5's audit volume.
# The disk was baked with v1.5.0 (a recursive watch of /var/lib/docker, no
# exclusions): measure, apply v1.8.0's 1.1.5 (never-rules for overlay2 and
# volumes), verify --benchmark 1.8.0, check that the kernel lists the
# never-rules before the watch, measure again, then with containers/
# (json-file logs) excluded too. A guest is disposable: this boot changes
# only its own disk, and the last boot of it.
boot=$(cat /job/boot-name)
# A container that writes about 300 log lines a second and creates or
# truncates a file in its own layer for every tenth line: dash, sleep and
# their libraries, no registry.
# (each library once: tar -h of a path given twice makes a link to itself,
# which docker import refuses)
# (ldd names the binaries too, "/bin/dash:")
check "$boot h: a local logger image" sh -c 'tar -ch $(ldd /bin/dash /bin/sleep | grep -o "/[^ :]*" | sort -u) 2>/dev/null | docker import - vmlog:1'
# measure NAME: audit records (key docker) in 60 s while the logger runs
measure() {
	cid=$(docker run -d --log-driver json-file vmlog:1 /bin/dash -c \
	    'i=0; while :; do echo "log line $i"; i=$((i+1)); if [ $((i % 10)) = 0 ]; then : >/f; fi; if [ $((i % 30)) = 0 ]; then sleep 0.1; fi; done') || return 1
	sleep 5
	off=$(stat -c %s /var/log/audit/audit.log)
	n0=$(docker logs "$cid" 2>/dev/null | wc -l)
	sleep 60
	n1=$(docker logs "$cid" 2>/dev/null | wc -l)
	tail -c +"$((off + 1))" /var/log/audit/audit.log >"$OUT/audit-$1.log"
	docker rm -f "$cid" >/dev/null 2>&1
	recs=$(grep -c '^type=SYSCALL.*key="docker"' "$OUT/audit-$1.log")
	all=$(wc -l <"$OUT/audit-$1.log")
	ctn=$(grep -c '^type=SYSCALL.*comm="dash".*key="docker"' "$OUT/audit-$1.log")
	dkd=$(grep -c '^type=SYSCALL.*comm="dockerd".*key="docker"' "$OUT/audit-$1.log")
	ctr=$(grep '^type=PATH' "$OUT/audit-$1.log" | grep -c 'name="/var/lib/docker/containers/')
	echo "$1: $((n1 - n0)) log lines/min; events (key docker) $recs/min: the container's $ctn, dockerd's $dkd; PATH records under containers/ $ctr; audit.log lines $all" >>"$OUT/audit-volume.txt"
}
# never_first: the kernel lists the never-rules of the stores before the
# watch of /var/lib/docker. auditctl -l prints a never-rule on a path like a
# watch ("-w /var/lib/docker/overlay2 -p rwxa"), without its action, so the
# lines are found by path (the order is the exit list's evaluation order).
never_first() {
	auditctl -l >"$OUT/auditctl-l-1.8.0.txt"
	lno() { grep -nE -- "(-w $1/? |dir=$1 )" "$OUT/auditctl-l-1.8.0.txt" | head -1 | cut -d: -f1; }
	w=$(lno /var/lib/docker) o=$(lno /var/lib/docker/overlay2) v=$(lno /var/lib/docker/volumes)
	echo "auditctl -l lines: overlay2 $o, volumes $v, /var/lib/docker $w"
	[ -n "$w" ] && [ -n "$o" ] && [ -n "$v" ] && [ "$o" -lt "$w" ] && [ "$v" -lt "$w" ]
}
check "$boot h: apply --benchmark 1.8.0 --only 1.1.5 exits 0" cis apply-1.8.0 apply --benchmark 1.8.0 --only 1.1.5
check "$boot h: verify --benchmark 1.8.0 exits 0" cis verify-1.8.0 verify --benchmark 1.8.0
check "$boot h: the kernel lists 1.1.5's never-rules before the watch" never_first
# The audit volume with each set of 1.1.5 rules: the rules file from a
# profile (exclude_stores), loaded afresh with augenrules --load (this
# guest is disposable; cisharden itself never deletes kernel rules).
# vol NAME STORES: measure with exclude_stores STORES (a YAML list)
vol() {
	printf 'name: vm-site-%s\nextends: /job/site.yaml\ncontrols:\n  - id: "1.1.5"\n    parameters:\n      exclude_stores: %s\n' \
	    "$1" "$2" >"$OUT/$1.yaml"
	cisharden apply --benchmark 1.8.0 --only 1.1.5 -p "$OUT/$1.yaml" >"$OUT/apply-$1.txt" 2>&1 &&
	    augenrules --load >>"$OUT/apply-$1.txt" 2>&1; settle
	auditctl -l >"$OUT/auditctl-l-$1.txt"
	measure "$1"
}
check "$boot h: audit volume, recursive watch without exclusions (v1.5.0, v1.6.0)" vol watch-only '[]'
check "$boot h: audit volume, never-rules for overlay2 and volumes (v1.7.0, v1.8.0)" vol never '["overlay2", "volumes"]'
check "$boot h: audit volume, containers/ (json-file logs) excluded too" vol never-containers '["overlay2", "volumes", "containers"]'
cat "$OUT/audit-volume.txt" >>"$OUT/checks.log" 2>/dev/null || true
# docker-bench-security (v1.6.0 ids) beside cisharden, when the harness
# brought a copy (CISHARDEN_VM_DBS; it is never part of this repository)
if [ -f /job/dbs/docker-bench-security.sh ]; then
	(cd /job/dbs && sh docker-bench-security.sh -b -c check_1,check_2,check_3 \
	    -l "$OUT/dbs.log" >"$OUT/dbs.txt" 2>&1) || true
	cp /job/dbs/log/*.json "$OUT/" 2>/dev/null || cp "$OUT"/dbs.log.json "$OUT/dbs.json" 2>/dev/null || true
	cisharden verify --benchmark 1.6.0 -p /job/site.yaml -f json >"$OUT/cis-1.6.0.json" 2>"$OUT/cis-1.6.0.err" || true
fi
