#!/usr/bin/env python3
"""Benchmark cisharden: dry-run, apply (no changes) and verify of sections 1-3.

Not a test: it measures and prints. Runs each command many times on this
host (read-only commands only, unless --host-apply) and on a fixture root,
and prints the median, the interquartile range and min/max in milliseconds.

    tests/bench/bench.py build/cisharden [--runs 200] [--host-apply]
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(argv, runs, ok_codes=(0, 3)):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append((time.perf_counter() - t0) * 1000.0)
        if p.returncode not in ok_codes:
            sys.exit(f"bench: {' '.join(argv)} exited {p.returncode}: {p.stderr.decode()}")
    times.sort()
    q = statistics.quantiles(times, n=4)
    return statistics.median(times), q[2] - q[0], times[0], times[-1]


def fixture_root(binary):
    """A Debian-like tree (tests/cases/bench.tree), then hardened once."""
    root = tempfile.mkdtemp(prefix="cisharden-bench.")
    r = os.path.join(root, "r")
    subprocess.run([sys.executable, os.path.join(HERE, "..", "cases", "run.py"), "--build-tree",
                    os.path.join(HERE, "..", "cases", "bench.tree"), r], check=True)
    subprocess.run([binary, "--root", r], stdout=subprocess.DEVNULL, check=False)
    return root, r


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.node()}: {os.cpu_count()} cores, {cpu}, Linux {platform.release()}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--host-apply", action="store_true",
                    help="also time `apply` on this host (only on a host already hardened)")
    a = ap.parse_args()
    b = os.path.abspath(a.binary)
    rows = []
    tmp, r = fixture_root(b)
    try:
        rows.append(("fixture root", "dry-run", measure([b, "--root", r, "--dry-run"], a.runs)))
        rows.append(("fixture root", "apply (no changes)", measure([b, "--root", r], a.runs)))
        rows.append(("fixture root", "verify", measure([b, "--root", r, "verify"], a.runs)))
    finally:
        shutil.rmtree(tmp)
    if os.geteuid() == 0:
        rows.append(("this host", "dry-run", measure([b, "--dry-run"], a.runs, (0, 3, 4))))
        if a.host_apply:
            rows.append(("this host", "apply (no changes)", measure([b], a.runs, (0, 3, 4))))
        rows.append(("this host", "verify", measure([b, "verify"], a.runs, (0, 3, 4))))
        rows.append(("this host", "verify --scope files",
                     measure([b, "verify", "--scope", "files"], a.runs, (0, 3, 4))))
    print(f"machine: {machine()}")
    print(f"runs per row: {a.runs}; times in ms, wall clock per process (exec included)")
    print(f"{'where':<13} {'command':<21} {'median':>8} {'IQR':>7} {'min':>7} {'max':>7}")
    for where, what, (med, iqr, lo, hi) in rows:
        print(f"{where:<13} {what:<21} {med:8.2f} {iqr:7.2f} {lo:7.2f} {hi:7.2f}")


if __name__ == "__main__":
    main()
