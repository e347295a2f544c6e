# lib.sh - the robustness tests' own helpers (tests/fixtures/robust_*.sh;
# sourced, not run), on top of the one harness (tests/lib/harness.sh):
# the fault shim, fixture roots, and the checks every robustness test
# makes: each file is its old or its complete new self, no temporary
# ".#name.XXXXXXXX" is left, nothing outside the root moved.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/harness.sh"

# The shim, built once per build dir.
build_shim() {
	bash "$SRCDIR/tests/faults/build.sh" "$BUILDDIR/faults"
}

# make_root DIR VARIANT - a small Debian-like root with something for
# every write path cisharden has (tests/cases/faults-VARIANT.tree, built by
# the one fake-root builder, tests/cases/run.py --build-tree):
#   - docker.socket with SocketMode=0666 (3.16 -> drop-in write)
#   - variant "dropin": an existing, different 50-cisharden.conf (the
#     write replaces it, so the backup holds a copy of the old bytes)
#     variant "fresh": no /etc/systemd/system at all (mkdirs on the way)
#   - daemon.json 0664 (3.18 chmod; section 2 merges its keys into it,
#     so it is replaced and backed up)
#   - /etc/default/docker 0666 owned 1000:1000 (3.19/3.20 chown+chmod)
#   - registry certificates 0644 (3.8 chmod, key to 0400)
#   - /etc/docker 0775 (3.6)
make_root() {
	local r=$1 variant=${2:-dropin}

	rm -rf "$r"
	build_root "faults-$variant.tree" "$r"
}

# apply_opts VARIANT - options every apply on a make_root tree gets.
# 1.1.1 (a separate partition for /var/lib/docker) cannot pass in a
# fixture.
apply_opts() {
	# 2.9, 2.12 and 2.13 fail until a profile gives the site's value.
	echo "--skip 1.1.1,2.9,2.12,2.13"
}

# How the robustness tests compare trees (snapshot "${TREE[@]}" DIR): one
# line per object outside the backup directory, "path type mode uid:gid
# size hash" (no times: they change on rewrite; no directory sizes: they
# depend on the file system).
TREE=(--no-times --prune var/backups)

# old_or_new OLD NEW CUR [fields] - every path in CUR is its OLD or NEW
# state (an absent file counts as a state too), one change at a time:
# the content (one write) and the owner with the mode (one owner/mode
# change) may each be old or new, since two controls (daemon.json's
# keys and its mode) may succeed or fail apart. With "fields", owner and
# mode may also differ from each other (a control refused because of a
# read error; SIGKILL between chmod and chown). Prints offending paths.
old_or_new() {
	awk -v fields="${4:-}" '
	# groups: 2 type, 3 mode (+ owner unless fields), 4 owner, 5 content
	function pick(line, i,   a) {
		split(line, a, " ")
		if (i == 5)
			return a[5] " " a[6]
		if (i == 3 && fields == "")
			return a[3] " " a[4]
		return a[i]
	}
	function ok(cur, old, new,   i) {
		if (cur == old || cur == new)
			return 1
		if (cur == "ABSENT" || old == "ABSENT" || new == "ABSENT")
			return 0
		for (i = 2; i <= 5; i++)
			if (pick(cur, i) != pick(old, i) && pick(cur, i) != pick(new, i))
				return 0
		return 1
	}
	FILENAME == ARGV[1] { o[$1] = $0; p[$1] = 1; next }
	FILENAME == ARGV[2] { n[$1] = $0; p[$1] = 1; next }
	{ c[$1] = $0; p[$1] = 1 }
	END {
		bad = 0
		for (k in p) {
			cur = (k in c) ? c[k] : "ABSENT"
			old = (k in o) ? o[k] : "ABSENT"
			new = (k in n) ? n[k] : "ABSENT"
			if (!ok(cur, old, new)) {
				print "  " k ": now [" cur "] old [" old "] new [" new "]"
				bad = 1
			}
		}
		exit bad
	}' "$1" "$2" "$3"
}

# no_temps DIR - fails when a cisharden temporary is anywhere in DIR.
no_temps() {
	local t

	t=$(find "$1" -name '.#*' -print)
	[ -z "$t" ] || { echo "  temporaries left: $t"; return 1; }
}

# Against a -DCISHARDEN_SANITIZE=ON build: let the shim be preloaded,
# send every sanitizer report to files, and fail the test on any.
sanitizer_setup() {
	mkdir -p "$1/san"
	export ASAN_OPTIONS="verify_asan_link_order=0:detect_leaks=1:log_path=$1/san/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
	export UBSAN_OPTIONS="print_stacktrace=1:log_path=$1/san/ubsan${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
	san_dir=$1/san
}

sanitizer_check() {
	if [ -n "$(ls "$san_dir" 2>/dev/null)" ]; then
		head -40 "$san_dir"/* >&2
		die "sanitizer reports: $(ls "$san_dir" | wc -l)"
	fi
}
