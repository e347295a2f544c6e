#!/bin/bash
# tests/fuzz/longrun.sh - an unattended fuzzing run: tests/fuzz/run.sh in
# rounds, one target at a time (one core), until FUZZ_TOTAL executions.
#
#   FUZZ_TOTAL=100000000  FUZZ_SECONDS=300 (per target per round)
#   FUZZ_OUT=DIR (default build/fuzz-long)  FUZZ_SANITIZE (as run.sh)
#   FUZZ_TARGETS (as run.sh; re-read from FUZZ_TARGETS_FILE each round
#   when that is set, so targets can join a running campaign)
# Each round's summary line goes to $FUZZ_OUT/longrun.log; the corpus
# grows in $FUZZ_OUT/corpus-<target>/. Run it under nice -n 19.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export FUZZ_OUT=${FUZZ_OUT:-$top/build/fuzz-long}
export FUZZ_SECONDS=${FUZZ_SECONDS:-300}
total=${FUZZ_TOTAL:-100000000}
mkdir -p "$FUZZ_OUT"
log=$FUZZ_OUT/longrun.log
done_execs() {
	grep -o '[a-z_]*=[0-9]*' "$log" 2>/dev/null |
	    awk -F= '{ n += $2 } END { print n + 0 }'
}
round=0
while [ "$(done_execs)" -lt "$total" ]; do
	round=$((round + 1))
	if [ -n "${FUZZ_TARGETS_FILE:-}" ] && [ -s "$FUZZ_TARGETS_FILE" ]; then
		FUZZ_TARGETS=$(cat "$FUZZ_TARGETS_FILE")
		export FUZZ_TARGETS
	fi
	start=$(date +%s)
	"$here/run.sh" >"$FUZZ_OUT/round.log" 2>&1
	rc=$?
	echo "round $round $(date -u +%FT%TZ) $(( $(date +%s) - start ))s status $rc" \
	    "$(grep '^fuzz executions:' "$FUZZ_OUT/round.log" | sed 's/^fuzz executions://')" >>"$log"
	[ $rc -eq 0 ] || grep -E 'FAILED|ERROR|SUMMARY' "$FUZZ_OUT/round.log" >>"$log"
done
echo "total $(done_execs) executions" >>"$log"
