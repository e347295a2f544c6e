# shellcheck shell=bash
# tests/lib/harness.sh - the one harness of the shell tests. Source it
# first; never run it. It offers (see docs/testing.md):
#   pass [WHAT] / fail WHAT   count a check (fail goes on: the test keeps going)
#   check WHAT CMD...         pass when CMD exits 0, else fail
#   check_rc WANT WHAT CMD... pass when CMD exits WANT; its stdout and
#                             stderr are kept in $WORK/out and $WORK/err
#   die WHAT                  fail and stop now (exit 1, cleanups run)
#   summary                   run the cleanups (their checks count), print
#                             "N passed, M failed", exit 0 or 1
#   skip WHY                  exit 77 (ctest's SKIP_RETURN_CODE); a failure
#                             instead when SKIP_IS_FAILURE=1 (CI's live tests)
#   need_root [WHY]  need_cmd CMD...  need_apt [--try] PKG...
#   at_exit CMD               run CMD on exit, last registered first
#   scratch NAME              a directory (on tmpfs when there is one),
#                             removed on exit; $WORK is one made at source
#   snapshot [--no-times] [--prune PATH]... DIR [PATH...]
#                             the state of a tree, one line a path
#   build_root TREEFILE DIR   a fake root from the one builder (run.py)
# With HARNESS_RECORD=FILE every check also appends "PASS WHAT" or
# "FAIL WHAT" (after HARNESS_TAG) to FILE: the VM suite's result lines.

# (once per shell: a domain library may source it again)
[ -n "${HARNESS_LOADED:-}" ] && return 0
HARNESS_LOADED=1
: "${SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${BUILDDIR:=$SRCDIR/build}"
HARNESS_PASSED=0
HARNESS_FAILED=0
HARNESS_EXITS=()

harness_record() { # harness_record PASS|FAIL WHAT
	[ -n "${HARNESS_RECORD:-}" ] || return 0
	echo "${HARNESS_TAG:-}$1 $2" >>"$HARNESS_RECORD"
}

pass() {
	HARNESS_PASSED=$((HARNESS_PASSED + 1))
	[ $# -eq 0 ] && return 0
	echo "ok: $*"
	harness_record PASS "$*"
}

fail() {
	HARNESS_FAILED=$((HARNESS_FAILED + 1))
	echo "FAIL: $*" >&2
	harness_record FAIL "$*"
	return 0
}

die() {
	fail "$@"
	exit 1
}

check() { # check WHAT CMD...
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

check_rc() { # check_rc WANT WHAT CMD...
	local want=$1 what=$2 rc
	shift 2
	"$@" >"$WORK/out" 2>"$WORK/err" && rc=0 || rc=$?
	if [ "$rc" = "$want" ]; then
		pass "$what"
		return 0
	fi
	fail "$what: exit $rc, wanted $want"
	sed 's/^/  | /' "$WORK/out" "$WORK/err" | head -60 >&2
}

# The cleanups, last registered first, each once: summary runs them
# before counting (a cleanup may check that it put the host back), the
# EXIT trap runs what is left.
harness_cleanup() {
	local i cmd

	for ((i = ${#HARNESS_EXITS[@]} - 1; i >= 0; i--)); do
		cmd=${HARNESS_EXITS[$i]}
		unset 'HARNESS_EXITS[i]'
		eval "$cmd" || true
	done
	HARNESS_EXITS=()
}

at_exit() {
	HARNESS_EXITS+=("$*")
}

harness_exit() {
	local rc=$?

	harness_cleanup
	if [ -s "$HARNESS_BASE/scratch" ]; then
		while IFS= read -r d; do
			chmod -R u+rwx "$d" 2>/dev/null || true
			rm -rf "$d" || true
		done <"$HARNESS_BASE/scratch"
	fi
	rm -rf "$HARNESS_BASE"
	exit "$rc"
}

summary() {
	harness_cleanup
	echo "$HARNESS_PASSED passed, $HARNESS_FAILED failed"
	[ "$HARNESS_FAILED" -eq 0 ] || exit 1
	exit 0
}

skip() {
	if [ "${SKIP_IS_FAILURE:-0}" = 1 ]; then
		die "cannot skip (CISHARDEN_REQUIRE_LIVE=1): $*"
	fi
	echo "SKIP: $*"
	exit 77
}

need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root${1:+ ($1)}"
}

need_cmd() {
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null || skip "$c is not installed"
	done
}

# need_apt [--try] PKG...: install the Debian packages that are missing (a
# fresh Debian 12 machine's package lists may be stale or absent). Dies
# when it cannot; with --try, says so and returns 1 instead.
need_apt() {
	local try=no missing=() p

	[ "${1:-}" = --try ] && { try=yes; shift; }
	for p in "$@"; do
		[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] ||
			missing+=("$p")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "missing packages: ${missing[*]} (run as root to install them)" >&2
	else
		echo "installing ${missing[*]}" >&2
		# ctest -j runs tests in parallel: one apt at a time (apt's own
		# lock timeout does not cover `apt-get update`)
		(
			flock -w 600 9 || exit 1
			# (the lists name every package a test needs: no recommends)
			apt=(apt-get -y -q --no-install-recommends -o DPkg::Lock::Timeout=300)
			export DEBIAN_FRONTEND=noninteractive
			"${apt[@]}" install "${missing[@]}" >/dev/null 2>&1 ||
				{ "${apt[@]}" update >/dev/null 2>&1 &&
					"${apt[@]}" install "${missing[@]}" >/dev/null; }
		) 9>/tmp/cisharden-tests-apt.lock && return 0
	fi
	[ "$try" = yes ] || die "cannot install ${missing[*]}"
	echo "NOTE: cannot install ${missing[*]}" >&2
	return 1
}

# A scratch directory, on tmpfs when there is one (thousands of small
# trees are copied and fsync'ed, which a disk makes ten times slower);
# ROBUST_TMP overrides. Removed on exit, even from a $(scratch) subshell.
scratch() {
	local base=${ROBUST_TMP:-} d

	if [ -z "$base" ]; then
		base=/tmp
		[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
	fi
	d=$(mktemp -d "$base/cisharden-${1:-test}.XXXXXX") || return 1
	echo "$d" >>"$HARNESS_BASE/scratch"
	echo "$d"
}

# snapshot [--no-times] [--prune PATH]... DIR [PATH...]: one sorted line
# per path under DIR (or under each PATH of DIR that exists):
#   ./path type mode uid:gid size hash mtime ctime links
# hash: sha256 of a regular file, "->target" of a symlink, "-" else.
# Equal snapshots: nothing was created, removed, rewritten, chmod'ed,
# chown'ed or touched. --no-times leaves out the times, the link count
# and directory sizes (which depend on the file system), for comparing
# two copies of a tree or a tree rewritten to the same bytes. --prune
# leaves out a subtree (relative to DIR). Never follows a symlink, never
# opens anything but regular files.
snapshot() {
	local times=1 prune=() paths=() p dir

	while [ $# -gt 0 ]; do
		case $1 in
		--no-times) times=0 ;;
		--prune) prune+=(-path "./${2#./}" -prune -o); shift ;;
		*) break ;;
		esac
		shift
	done
	dir=${1:?usage: snapshot [--no-times] [--prune PATH]... DIR [PATH...]}
	shift
	(
		cd "$dir" || exit 1
		[ $# -eq 0 ] && set -- .
		for p in "$@"; do
			p=./${p#./}
			{ [ -e "$p" ] || [ -L "$p" ]; } && paths+=("${p%/.}")
		done
		[ ${#paths[@]} -gt 0 ] || exit 0
		# one find: the entries, and sha256sum of the regular files (their
		# lines may come last: the table is printed at the end)
		find "${paths[@]}" "${prune[@]}" -printf 'E\t%p\t%y %m %U:%G %s\t%T@ %C@ %n\t%l\n' \
			-type f -exec sha256sum {} + 2>/dev/null | awk -F '\t' -v times=$times '
		$1 != "E" { h[substr($0, 67)] = substr($0, 1, 64); next }
		{ n++; p[n] = $2; m[n] = $3; t[n] = $4; l[n] = $5 }
		END {
			for (i = 1; i <= n; i++) {
				split(m[i], f, " ")
				if (f[1] == "d" && !times)
					f[4] = "-"
				hash = "-"
				if (f[1] == "f")
					hash = (p[i] in h) ? h[p[i]] : "unreadable"
				else if (f[1] == "l")
					hash = "->" l[i]
				line = p[i] " " f[1] " " f[2] " " f[3] " " f[4] " " hash
				print times ? line " " t[i] : line
			}
		}' | LC_ALL=C sort
	)
}

# build_root TREEFILE DIR: the fake root TREEFILE describes (a path, or a
# name in tests/cases), built into DIR by the one builder (tests/cases/run.py).
build_root() {
	local tree=$1

	[ -e "$tree" ] || tree=$SRCDIR/tests/cases/$1
	python3 "$SRCDIR/tests/cases/run.py" --build-tree "$tree" "$2" ||
		die "cannot build the fake root $2 from $1"
}

HARNESS_BASE=$(mktemp -d /tmp/cisharden-test.XXXXXX) || {
	echo "FAIL: no temporary directory" >&2
	exit 1
}
WORK=$HARNESS_BASE/work
mkdir "$WORK"
trap harness_exit EXIT
