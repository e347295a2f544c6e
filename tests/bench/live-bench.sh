#!/usr/bin/env bash
# The benchmark on a live, hardened host: start dockerd if needed, apply
# once (so that "apply" measures a run with no changes), time dry-run,
# apply and verify of sections 1-3 many times, then put the host back
# exactly as it was (files, kernel audit rules, dockerd).
#   tests/bench/live-bench.sh build/cisharden [runs]
. "$(dirname "$0")/../live/livelib.sh"
RUNS=${2:-200}
live_require_root
need_cmd dockerd auditctl curl python3
live_save_state
at_exit 'live_restore_state'
live_start_dockerd
"$CISHARDEN" --restart-docker >/dev/null || true
python3 "$(dirname "$0")/bench.py" "$CISHARDEN" --runs "$RUNS" --host-apply
