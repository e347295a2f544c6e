#!/bin/bash
# its own harness: every line below is a finding
PASSED=0
pass() { PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*" >&2; }
pkg_die() { echo "FAIL: $*" >&2; exit 1; }
state() { (cd "$1" && find . -printf '%p %m %U\n' | sort); }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
apt-get install -y strace
