#!/usr/bin/env bash
# Paired timings of two builds on the live host (dockerd running):
# `verify --only 1.1.3`, a full `verify`, and dockerd's GET /info alone
# (curl --unix-socket), each run alternately OLD, NEW so both see the same
# host load. Only reads the host; a dockerd it starts is stopped again.
#   tests/bench/paired.sh OLD/cisharden NEW/cisharden [runs]
. "$(dirname "$0")/../live/livelib.sh"
OLD=${1:?usage: paired.sh OLD NEW [runs]}
NEW=${2:?usage: paired.sh OLD NEW [runs]}
RUNS=${3:-100}
live_require_root
need_cmd dockerd curl python3
at_exit '[ "$LIVE_STARTED_DOCKERD" = 1 ] && live_stop_dockerd'
live_start_dockerd
python3 - "$OLD" "$NEW" "$RUNS" <<'PY'
import statistics, subprocess, sys, time
old, new, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
cases = [
    ('verify --only 1.1.3', ['verify', '--only', '1.1.3']),
    ('verify (all controls)', ['verify']),
]
def t(argv):
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t0) * 1000
info = ['curl', '-s', '--unix-socket', '/var/run/docker.sock', 'http://localhost/info']
print('| command | before (ms, median) | after (ms, median) |')
print('|---|---|---|')
for name, args in cases:
    a, b = [], []
    for _ in range(runs):
        a.append(t([old] + args))
        b.append(t([new] + args))
    print(f'| {name} | {statistics.median(a):.1f} | {statistics.median(b):.1f} |')
c = [t(info) for _ in range(runs)]
print(f'| curl GET /info alone | {statistics.median(c):.1f} | |')
PY
