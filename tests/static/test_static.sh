#!/bin/bash
# Acceptance test of the portable build (tools/build-static.sh ARCH):
#  1. the binary is static: no program interpreter, no dynamic section;
#  2. in an otherwise empty chroot (the binary, a fixture root, and for
#     aarch64 qemu-aarch64-static; no /proc) it plans, applies, verifies
#     and restores;
#  3. it asks the Engine API over a unix socket (libcurl linked in) like the
#     dynamic build, which dlopen()s libcurl;
#  4. the golden-output cases (tests/cases, sections 1-3) and the unit tests pass
#     with it (aarch64: under qemu);
#  5. the .rpm: rpm -qip / -qlp list what they must, and it installs with
#     rpm --root into a scratch tree, where its binary runs;
#  6. the .tar.gz's binary runs in a Debian 11 chroot (older glibc; the
#     binary needs none): debootstrap bullseye minbase, cached;
#  7. the .deb depends on nothing and holds the same files;
#  8. with REPRO=1: a second build in another directory gives the same bytes.
# Usage: test_static.sh ARCH   (x86_64 | aarch64; run as root)
set -euo pipefail
SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
ARCH=${1:?usage: test_static.sh x86_64|aarch64}
B=${STATIC_BUILDDIR:-$SRCDIR/build-static-$ARCH}
. "$SRCDIR/tests/imagebuilder/pkglib.sh"
. "$SRCDIR/tests/static/chrootlib.sh"

need_root "chroot, mount"
[ -x "$B/cisharden" ] || die "no $B/cisharden: run tools/build-static.sh $ARCH first"
RUN=()
CROSS=
if [ "$ARCH" = aarch64 ]; then
	RUN=("$(command -v qemu-aarch64-static)") || die "qemu-aarch64-static is missing (apt-get install qemu-user-static)"
	CROSS=aarch64-linux-gnu-
fi
T=$(mktemp -d /tmp/cisharden-static.XXXXXX)
MOUNTED=()
cleanup()
{
	local m
	for m in "${MOUNTED[@]}"; do chroot_umounts "$m"; done
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
at_exit cleanup

# --- 1. static --------------------------------------------------------------
"${CROSS}readelf" -h "$B/cisharden" | grep -q "Machine:.*$([ "$ARCH" = aarch64 ] && echo AArch64 || echo X86-64)" ||
	die "the binary is not for $ARCH"
if "${CROSS}readelf" -l "$B/cisharden" | grep -qi 'interp'; then die "the binary has a program interpreter"; fi
"${CROSS}readelf" -d "$B/cisharden" | grep -q 'There is no dynamic section' || die "the binary has a dynamic section"
"${RUN[@]}" "$B/cisharden" --version | grep -q "static-musl-$ARCH" || die "--version does not name the static build"
pass "static: no program interpreter, no dynamic section ($(stat -c %s "$B/cisharden") bytes); $("${RUN[@]}" "$B/cisharden" --version | tail -n1)"

# --- 2. an empty chroot -------------------------------------------------------
# Only what the test puts there: no libc, no /etc of a system, no shell,
# no /dev; /proc mounted.
C=$T/empty
mkdir -p "$C"
install -m 0755 "$B/cisharden" "$C/cisharden"
[ -z "${RUN[*]}" ] || install -m 0755 "${RUN[0]}" "$C/qemu"
crun() { # crun ARGS...: the binary inside the chroot
	if [ -n "${RUN[*]}" ]; then chroot "$C" /qemu /cisharden "$@"; else chroot "$C" /cisharden "$@"; fi
}
# Not even /proc: owner and mode change through the descriptor itself
# (fchownat and fchmodat2 with AT_EMPTY_PATH, or fchmod), never through
# /proc/self/fd.
[ ! -e "$C/proc" ] || die "the empty chroot has a /proc"
pkg_fixture_root "$C/fx"
# The state that must come back: type, mode, owner, size, content.
snapshot --no-times --prune var/backups "$C/fx" >"$T/s0"
snapshot "$C/fx" >"$T/full0"
crun apply --dry-run --root /fx >"$T/plan.txt" || die "dry-run failed in the empty chroot"
grep -Eq '^Planned changes \(dry run: nothing is written\): [1-9]' "$T/plan.txt" || die "the dry run planned nothing"
snapshot "$C/fx" >"$T/full1"
cmp -s "$T/full0" "$T/full1" || die "the dry run changed the tree"
# 2.9, 2.12 and 2.13 fail until a profile gives the site's value (exit 3)
NOVAL=(--skip 2.9,2.12,2.13)
crun apply --root /fx "${NOVAL[@]}" >"$T/apply.txt" || { cat "$T/apply.txt"; die "apply failed in the empty chroot"; }
[ "$(stat -c %a "$C/fx/etc/docker/daemon.json")" = 644 ] || die "apply did not fix daemon.json's mode"
grep -q '"icc": false' "$C/fx/etc/docker/daemon.json" || die "apply did not merge daemon.json"
[ -s "$C/fx/etc/audit/rules.d/50-cisharden-docker.rules" ] || die "apply wrote no audit rules"
crun verify --root /fx "${NOVAL[@]}" >"$T/verify.txt" || { cat "$T/verify.txt"; die "verify failed after apply"; }
crun apply --root /fx "${NOVAL[@]}" --format json >"$T/apply2.json" || die "second apply failed"
/usr/bin/python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["changed"] != 0)' "$T/apply2.json" ||
	die "the second apply changed something"
crun restore --root /fx >"$T/restore.txt" || { cat "$T/restore.txt"; die "restore failed"; }
snapshot --no-times --prune var/backups "$C/fx" >"$T/s1"
diff -u "$T/s0" "$T/s1" || die "restore did not bring the tree back"
pass "empty chroot without /proc: dry-run (tree untouched), apply, verify, idempotent apply, restore (tree back)"

# --- 3. the Engine API over a unix socket ---------------------------------
# A stand-in Engine API answers /info and /networks/bridge; the static
# binary must ask it (libcurl linked in, not dlopen()ed), and say what the
# dynamic build (DYNAMIC_BIN, same machine) says about it.
cat >"$T/api.py" <<'PY'
import http.server, json, socketserver, sys
sock, log = sys.argv[1], sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(log, "a") as f:
            f.write(self.path + "\n")
        path = self.path.split("?")[0]
        body = None
        if path.endswith("/info"):
            body = {"ServerVersion": "20.10.24", "LoggingDriver": "json-file", "LiveRestoreEnabled": False,
                    "SecurityOptions": [], "Swarm": {"LocalNodeState": "inactive"}}
        elif path.endswith("/networks/bridge"):
            body = {"Name": "bridge", "Options": {"com.docker.network.bridge.enable_icc": "true"}}
        data = json.dumps(body if body is not None else {"message": "not found"}).encode()
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *a):
        pass
class S(socketserver.UnixStreamServer):
    def get_request(self):
        r, _ = super().get_request()
        return r, ("local", 0)
S(sock, H).serve_forever()
PY
ask_api() { # ask_api NAME BINARY...: verify --scope live against the stand-in
	local name=$1 sock=$T/$1.sock pid
	shift
	/usr/bin/python3 "$T/api.py" "$sock" "$T/$name.api" &
	pid=$!
	for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	[ -S "$sock" ] || die "the stand-in Engine API did not start"
	"$@" verify --scope live --docker-socket "$sock" --only 2.2,2.3,2.15 --format json >"$T/$name.json" 2>"$T/$name.err" || true
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	grep -q 'info' "$T/$name.api" 2>/dev/null || { cat "$T/$name.err"; die "$name did not ask the Engine API"; }
}
ask_api static "${RUN[@]}" "$B/cisharden"
if [ -n "${DYNAMIC_BIN:-}" ] && [ -z "${RUN[*]}" ]; then
	ask_api dynamic "$DYNAMIC_BIN"
	diff -u "$T/dynamic.api" "$T/static.api" || die "the static build asks the Engine API differently"
	diff -u "$T/dynamic.json" "$T/static.json" || die "the static build reports the Engine API differently"
	same=" (the dynamic build's requests and report, byte for byte)"
fi
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit([c["id"] for c in d["controls"]] != ["2.2", "2.3", "2.15"])' \
	"$T/static.json" || { cat "$T/static.json" "$T/static.err"; die "no report of 2.2, 2.3, 2.15 from verify --scope live"; }
pass "Engine API over a unix socket: asked $(sort -u "$T/static.api" | tr '\n' ' ')${same:-}"

# --- 4. the golden-output cases ---------------------------------------------
BIN=$B/cisharden
if [ -n "${RUN[*]}" ]; then
	# (beside the binary: some fixture checks run it as nobody, who
	# cannot enter $T)
	BIN=$B/cisharden-qemu
	# qemu-user passes no Landlock system call through: the binary's one
	# "no Landlock" note is expected there and is not part of the cases
	printf '#!/bin/bash\n{ %s %s "$@" 2>&1 1>&3 3>&- | grep -v "^cisharden: this kernel has no Landlock" 1>&2 3>&-; exit "${PIPESTATUS[0]}"; } 3>&1\n' \
	    "${RUN[0]}" "$B/cisharden" >"$BIN"
	chmod 0755 "$BIN"
fi
# the golden-output cases (sections 1-3, the CLI) with this binary
python3 "$SRCDIR/tests/cases/run.py" "$BIN" >"$T/cases.log" 2>&1 ||
	{ grep -A30 '^FAIL' "$T/cases.log" | head -n 60; die "golden-output cases failed with the static binary"; }
pass "golden-output cases: $(tail -n1 "$T/cases.log")"

# The unit tests, linked statically like the binary (aarch64: ctest runs
# them through qemu, the build's CMAKE_CROSSCOMPILING_EMULATOR).
if [ -f "$B/CTestTestfile.cmake" ] && grep -q unit_test "$B/tests/CTestTestfile.cmake" 2>/dev/null; then
	(cd "$B" && ctest -L unit -j2 --output-on-failure) >"$T/unit.log" 2>&1 ||
		{ cat "$T/unit.log"; die "unit tests failed in the static build"; }
	pass "unit tests of the static build: $(grep -o '[0-9]*% tests passed.*' "$T/unit.log")"
fi

# --- 5. the .rpm --------------------------------------------------------------
RPM=$(ls "$B"/dist/cisharden-*.rpm)
rpm -qip "$RPM" >"$T/qip" 2>/dev/null
cat "$T/qip"
ver=$("${RUN[@]}" "$B/cisharden" --version | awk 'NR == 1 { print $2 }')
grep -q '^Name *: cisharden$' "$T/qip" || die "rpm Name"
grep -q "^Version *: $ver\$" "$T/qip" || die "rpm Version is not the binary's $ver"
grep -q "^Architecture: $ARCH\$" "$T/qip" || die "rpm Architecture is not $ARCH"
grep -q '^License *: Apache-2.0$' "$T/qip" || die "rpm License"
grep -q 'CIS Docker Benchmark' "$T/qip" || die "rpm Summary/Description"
rpm -qlp "$RPM" 2>/dev/null >"$T/qlp"
for f in /usr/sbin/cisharden /usr/share/cisharden/profiles/cis-docker-1.5.0.yaml \
    /usr/share/cisharden/profiles/ecs-optimized.yaml /usr/share/man/man8/cisharden.8.gz \
    /usr/share/doc/cisharden/LICENSE /usr/share/doc/cisharden/copyright; do
	grep -qx "$f" "$T/qlp" || die "rpm -qlp lacks $f"
done
for d in /usr /usr/sbin /usr/share /usr/share/man /usr/share/man/man8; do
	if grep -qx "$d" "$T/qlp"; then die "the .rpm claims $d (the filesystem package's)"; fi
done
if rpm -qp --requires "$RPM" 2>/dev/null | grep -v '^rpmlib('; then die "the static .rpm requires something"; fi
mkdir -p "$T/rpmroot"
rpmargs=()
[ "$ARCH" = "$(uname -m)" ] || rpmargs=(--ignorearch)	# the package is for another machine
rpm --root "$T/rpmroot" -i "${rpmargs[@]}" "$RPM" 2>"$T/rpm.err" || { cat "$T/rpm.err"; die "rpm --root -i failed"; }
[ "$(rpm --root "$T/rpmroot" -q cisharden 2>/dev/null)" = "$(basename "$RPM" .rpm)" ] || die "rpm -q after install"
[ -x "$T/rpmroot/usr/sbin/cisharden" ] || die "the .rpm did not install /usr/sbin/cisharden"
"${RUN[@]}" "$T/rpmroot/usr/sbin/cisharden" list --profile "$T/rpmroot/usr/share/cisharden/profiles/ecs-optimized.yaml" \
	>/dev/null || die "the installed binary cannot load the installed profile"
rpm --root "$T/rpmroot" -V cisharden 2>/dev/null || die "rpm -V reports changed files"
pass ".rpm: -qip/-qlp list name, version, arch, licence, binary, profiles, man page, licence files; installs with --root"

# --- 6. Debian 11 ------------------------------------------------------------
tb=$(minbase_tarball bullseye) || die "no Debian 11 tree"
D=$T/bullseye
mkdir -p "$D"
tar -C "$D" -xzf "$tb"
chmod 0755 "$D"
grep -q '^11' "$D/etc/debian_version" || die "the tree is not Debian 11"
chroot_mounts "$D"
MOUNTED+=("$D")
TGZ=$(ls "$B"/dist/cisharden-*.tar.gz)
mkdir -p "$D/opt/cisharden"
tar -xzf "$TGZ" -C "$D/opt/cisharden" --strip-components=1 --no-same-owner
[ -z "${RUN[*]}" ] || install -m 0755 "${RUN[0]}" "$D/usr/local/bin/qemu"
pkg_fixture_root "$D/fx"
QEMU=()
[ -z "${RUN[*]}" ] || QEMU=(/usr/local/bin/qemu)
chroot "$D" "${QEMU[@]}" /opt/cisharden/sbin/cisharden --version >"$T/b.ver" || die "the binary does not run on Debian 11"
chroot "$D" "${QEMU[@]}" /opt/cisharden/sbin/cisharden apply --root /fx "${NOVAL[@]}" >"$T/b.apply" ||
	{ cat "$T/b.apply"; die "apply failed on Debian 11"; }
chroot "$D" "${QEMU[@]}" /opt/cisharden/sbin/cisharden verify --root /fx "${NOVAL[@]}" >/dev/null || die "verify failed on Debian 11"
pass "the .tar.gz's binary runs on Debian 11 ($(chroot "$D" /usr/bin/ldd --version | head -n1 | awk '{print $NF}') glibc there)"

# --- 7. the .deb ----------------------------------------------------------------
DEB=$(ls "$B"/dist/cisharden_*.deb)
[ -z "$(dpkg-deb -f "$DEB" Depends)" ] || die "the static .deb has Depends"
dpkg-deb -c "$DEB" | awk '{print $6}' | grep -qx ./usr/share/doc/cisharden/copyright || die "the .deb has no copyright file"
pass ".deb: no Depends, copyright file"

# --- 8. reproducible ------------------------------------------------------------
if [ -n "${REPRO:-}" ]; then
	CISHARDEN_TESTS=OFF CISHARDEN_STATIC_BUILDDIR=$T/rebuild "$SRCDIR/tools/build-static.sh" "$ARCH" >"$T/rebuild.log" 2>&1 ||
		{ cat "$T/rebuild.log"; die "the second build failed"; }
	(cd "$B" && sha256sum cisharden dist/*) >"$T/sum1"
	(cd "$T/rebuild" && sha256sum cisharden dist/*) >"$T/sum2"
	cat "$T/sum1"
	diff -u "$T/sum1" "$T/sum2" || die "two builds differ"
	pass "reproducible: a second build in another directory gives the same bytes"
fi
summary
