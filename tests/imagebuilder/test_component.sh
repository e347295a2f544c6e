#!/bin/bash
# Test the EC2 Image Builder component without AWS:
#  1. yamllint and the AWSTOE schema check pass on the document, the
#     check rejects broken documents, and the local runner passes its
#     self-test (phases, parameters, onFailure, retries, timeouts, 194...);
#  2. the local runner runs every phase of the document against a fixture
#     --root tree, installing the .tar.gz that cpack builds from BUILDDIR:
#     the plan writes nothing, apply changes the tree, verify passes, a
#     second build changes nothing;
#  3. failures fail: a non-compliant image fails the test phase with exit
#     3, a bad checksum, a tree broken after the build (verify exits 3), a
#     binary exiting 194 (mapped to 1, never passed through).
# Usage: test_component.sh /path/to/cisharden   (env SRCDIR, BUILDDIR)
set -euo pipefail

SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILDDIR=${BUILDDIR:-$SRCDIR/build}
. "$SRCDIR/tests/imagebuilder/pkglib.sh"
. "$SRCDIR/tests/formats/standinlib.sh"

DOC=$SRCDIR/imagebuilder/cisharden-component.yaml
DOC_S3=$SRCDIR/imagebuilder/cisharden-component-s3.yaml
HERE=$SRCDIR/tests/imagebuilder
PY=/usr/bin/python3	# Debian's, which has python3-yaml

need_apt yamllint python3-yaml

T=$WORK

# --- 1. static checks ---------------------------------------------------
yamllint -s -c "$HERE/yamllint.yml" "$DOC" || die "yamllint"
pass "yamllint"
"$PY" "$HERE/check_component.py" --policy cisharden "$DOC" || die "schema check"
pass "AWSTOE schema check"
"$PY" "$HERE/test_check_negative.py" "$DOC" >"$T/neg.log" ||
	{ cat "$T/neg.log"; die "the schema check accepts broken documents"; }
pass "schema check rejects $(grep -c '^ok:' "$T/neg.log") broken documents"

"$PY" "$HERE/test_runner.py" >"$T/runner.log" 2>&1 ||
	{ cat "$T/runner.log"; die "the local runner does not behave like AWSTOE"; }
pass "local runner self-test ($(grep -c '^ok:' "$T/runner.log") cases)"

# --- 2. run the document ------------------------------------------------
pkg_build_artifacts "$T/dist"
SHA=$(sha256sum "$PKG_TGZ" | cut -d' ' -f1)
ROOT=$T/root
pkg_fixture_root "$ROOT"

run_doc()
{
	# run_doc PHASES [Name=value...]: the document with the test's
	# parameters; prints the log to $T/run.log and returns the runner's status.
	local phases=$1
	shift
	local p=(--param "ArtifactUrl=file://$PKG_TGZ" --param "ArtifactSha256=$SHA"
		--param "InstallDir=$T/opt/cisharden" --param "DownloadDir=$T/download"
		--param "ReportDir=$T/reports" --param "Root=$ROOT"
		--param "SkipControls=2.9,2.12,2.13")	# fail until a profile gives values
	local kv
	for kv in "$@"; do p+=(--param "$kv"); done
	"$PY" "$HERE/run_component.py" --phases "$phases" "${p[@]}" "$DOC" >"$T/run.log" 2>&1
}

json_get()
{
	# json_get FILE EXPR: print a value of a JSON report (EXPR in Python).
	"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

snapshot "$ROOT" >"$T/before"
run_doc build,validate,test || { cat "$T/run.log"; die "the component failed on a fixture root"; }
cat "$T/run.log"
for s in build.CheckReportParameters build.DownloadArtifact build.InstallCisharden build.PlanHardening \
    build.ApplyHardening validate.VerifyFiles test.VerifyLive test.VerifyLiveResult; do
	grep -q "^runner: PASS $s " "$T/run.log" || die "step $s did not run and pass"
done
[ -x "$T/opt/cisharden/sbin/cisharden" ] || die "the archive did not install sbin/cisharden"
[ -f "$T/opt/cisharden/share/man/man8/cisharden.8.gz" ] || die "the archive has no man page"
[ ! -e "$T/download" ] || die "the download directory was not removed"
for r in plan apply verify-files verify-live; do
	[ -s "$T/reports/$r.json" ] || die "no $r.json report"
done
planned=$(json_get "$T/reports/plan.json" 'd["changed"]')
applied=$(json_get "$T/reports/apply.json" 'd["changed"]')
[ "$(json_get "$T/reports/plan.json" 'd["dry_run"]')" = True ] || die "plan.json is not a dry run"
[ "$planned" -gt 0 ] || die "the plan found nothing to change on the fixture root"
[ "$applied" -gt 0 ] || die "apply changed nothing"
[ "$(json_get "$T/reports/verify-files.json" 'd["summary"]["fail"]')" = 0 ] || die "verify-files reports failures"
snapshot "$ROOT" >"$T/after"
cmp -s "$T/before" "$T/after" && die "the build phase did not change the fixture root"
[ "$(stat -c %a "$ROOT/etc/docker/daemon.json")" = 644 ] || die "daemon.json mode not fixed (3.18)"
pass "component ran: planned $planned, applied $applied changes, verified files and live"

# A second image build on the hardened tree plans and changes nothing.
run_doc build || { cat "$T/run.log"; die "second build failed"; }
[ "$(json_get "$T/reports/plan.json" 'd["changed"]')" = 0 ] || die "second plan is not empty"
[ "$(json_get "$T/reports/apply.json" 'd["changed"]')" = 0 ] || die "second apply changed something"
pass "second build is idempotent"

# The test phase is the verdict on an image: exit 0 for a compliant one
# (the hardened tree above passed it), exit 3 for one that is not (a
# fresh fixture tree, never hardened); an internal error (1) or a refusal
# (4) is never a pass.
pkg_fixture_root "$T/fresh"
if run_doc test "Root=$T/fresh"; then cat "$T/run.log"; die "the test phase passed a non-compliant image"; fi
grep -q '^runner: FAIL test.VerifyLiveResult: exit status 3 ' "$T/run.log" ||
    { cat "$T/run.log"; die "the test phase did not fail a non-compliant image with exit 3"; }
pass "test phase: exit 0 on the hardened image, 3 on a non-compliant one"
# On a live host (Root "/") it runs `verify --scope live`: it only reads
# the host, which complies (0) or does not (3); nothing else is a verdict.
rm -f "$T/reports/verify-live.json"
if run_doc test Root=/; then
	pass "test phase passes on this host (verify --scope live)"
else
	st=$(sed -n 's/^runner: FAIL test.VerifyLiveResult: exit status \([0-9]*\) .*/\1/p' "$T/run.log")
	case $st in
	3) pass "test phase ran verify --scope live (this host does not comply: exit 3)" ;;
	*) cat "$T/run.log"; die "the test phase's live verify exited '$st', not 0 or 3" ;;
	esac
fi
if [ -f "$T/reports/verify-live.json" ]; then
	[ "$(json_get "$T/reports/verify-live.json" 'd["root"]')" = / ] || die "live verify did not run on /"
	[ "$(json_get "$T/reports/verify-live.json" 'd["command"]')" = verify ] || die "live report is not verify's"
fi

# Profile and Level reach cisharden: the ECS profile, Level 1.
run_doc validate Profile=ecs-optimized Level=1 || { cat "$T/run.log"; die "validate with Profile=ecs-optimized failed"; }
[ "$(json_get "$T/reports/verify-files.json" 'd["profile"]')" = ecs-optimized ] || die "Profile did not reach cisharden"
[ "$(json_get "$T/reports/verify-files.json" 'sorted({c["level"] for c in d["controls"]})')" = "[1]" ] ||
	die "Level=1 did not reach cisharden"
pass "Profile and Level are passed to cisharden"

# SkipControls reaches cisharden: with 3.17,3.18 skipped, a world-writable
# daemon.json passes validation, and 3.18 is not checked (left out of the
# report or reported excluded).
chmod 0666 "$ROOT/etc/docker/daemon.json"
run_doc validate SkipControls=2.9,2.12,2.13,3.17,3.18 || { cat "$T/run.log"; die "validate with SkipControls failed"; }
[ "$(json_get "$T/reports/verify-files.json" '[c["status"] for c in d["controls"] if c["id"] in ("3.17", "3.18") and c["status"] != "excluded"]')" = "[]" ] ||
	die "SkipControls=3.17,3.18: 3.17/3.18 were still checked"
chmod 0644 "$ROOT/etc/docker/daemon.json"
pass "SkipControls is passed as --skip"

# --- 3. failures fail ---------------------------------------------------
# A wrong checksum stops the build before anything is installed.
rm -rf "$T/opt"
if run_doc build "ArtifactSha256=$(printf '0%.0s' $(seq 64))"; then
	die "the build passed with a wrong ArtifactSha256"
fi
grep -q '^runner: FAIL build.DownloadArtifact: .*checksum mismatch' "$T/run.log" || { cat "$T/run.log"; die "no checksum failure"; }
[ ! -e "$T/opt/cisharden/sbin/cisharden" ] || die "installed despite a bad checksum"
pass "a wrong checksum fails the build"

# An archive whose binary does not run here (built for another system: a
# shared library missing here, as a dynamic build on another distribution,
# or another architecture) stops at InstallCisharden, before anything is
# planned or changed.
if command -v cc >/dev/null; then
	mkdir -p "$T/alien/src" "$T/alien/pkg/cisharden-0.0.0-Linux-x/sbin"
	printf 'int cisharden_alien(void) { return 0; }\n' >"$T/alien/src/lib.c"
	printf 'int cisharden_alien(void);\nint main(void) { return cisharden_alien(); }\n' >"$T/alien/src/main.c"
	cc -shared -fPIC -o "$T/alien/src/libcishardenalien.so" "$T/alien/src/lib.c"
	cc -o "$T/alien/pkg/cisharden-0.0.0-Linux-x/sbin/cisharden" "$T/alien/src/main.c" \
		-L"$T/alien/src" -lcishardenalien
	tar -C "$T/alien/pkg" -czf "$T/alien/alien.tar.gz" cisharden-0.0.0-Linux-x
	snapshot "$ROOT" >"$T/alien/before"
	if run_doc build "ArtifactUrl=file://$T/alien/alien.tar.gz" \
	    "ArtifactSha256=$(sha256sum "$T/alien/alien.tar.gz" | cut -d' ' -f1)" "InstallDir=$T/alien/opt"; then
		die "the build passed with a binary that does not run"
	fi
	if ! grep -q '^runner: FAIL build.InstallCisharden: exit status 1 ' "$T/run.log" ||
	    ! grep -q "the archive's binary does not run here" "$T/run.log"; then
		cat "$T/run.log"
		die "no failure for a binary that does not run"
	fi
	snapshot "$ROOT" >"$T/alien/after"
	cmp -s "$T/alien/before" "$T/alien/after" || die "the tree changed although the install failed"
	pass "an archive whose binary does not run here fails at InstallCisharden"
fi

# A tree that drifts after the build fails the validate phase (exit 3).
run_doc build >/dev/null || { cat "$T/run.log"; die "rebuild failed"; }
chmod 0666 "$ROOT/etc/docker/daemon.json"
if run_doc validate; then
	cat "$T/run.log"
	die "validate passed on a world-writable daemon.json"
fi
grep -q '^runner: FAIL validate.VerifyFiles: exit status 3' "$T/run.log" || { cat "$T/run.log"; die "VerifyFiles did not fail with 3"; }
if run_doc test; then die "test phase passed on a world-writable daemon.json"; fi
pass "a failing verification fails the validate and test steps"

# Exit 194 from any command is mapped to 1: AWSTOE must never reboot.
mkdir -p "$T/fake/sbin"
printf '#!/bin/sh\nexit 194\n' >"$T/fake/sbin/cisharden"
chmod 0755 "$T/fake/sbin/cisharden"
if run_doc validate,test "InstallDir=$T/fake"; then die "a binary exiting 194 passed"; fi
grep -q '^runner: FAIL validate.VerifyFiles: exit status 1 ' "$T/run.log" || { cat "$T/run.log"; die "194 not mapped to 1"; }
grep -q 'exit 194 -> 1' "$T/run.log" || die "the 194 mapping did not report itself"
if grep -q 'AWSTOE would reboot' "$T/run.log"; then die "194 reached the runner"; fi
pass "exit 194 is mapped to 1"

# --- 4. reports that leave the instance, and fleet publishing ----------------
# S3Upload writes into a local bucket directory; the AWS CLI and IMDSv2 are
# the stand-in on 127.0.0.1 (tests/formats/standin.py), reached through
# `aws` and `curl` wrappers first on PATH: the document itself is unchanged.
need_apt awscli curl openscap-scanner
standin_start "$T"
fleet()
{
	# fleet PHASES [Name=value...]: run_doc with the stand-ins and a bucket of owner 111122223333
	local phases=$1
	shift
	PATH=$T/bin:$PATH TOE_S3_DIR=$T/bucket TOE_S3_OWNER=111122223333 run_doc "$phases" \
		ReportS3Prefix=s3://reports/ci ReportBucketOwner=111122223333 "$@"
}
rm -rf "$T/reports" "$T/bucket"
fleet build,validate,test Publish=securityhub || { cat "$T/run.log"; die "the component failed with ReportS3Prefix and Publish"; }
for f in build/plan.json build/apply.json build/apply.xccdf.xml test/verify-live.json \
    test/verify-live.xccdf.xml test/verify-live.ocsf.json test/verify-live.asff.json test/verify-live.ssm.json; do
	[ -s "$T/bucket/reports/ci/$f" ] || { cat "$T/run.log"; die "s3://reports/ci/$f was not uploaded"; }
done
oscap xccdf validate "$T/bucket/reports/ci/test/verify-live.xccdf.xml" >/dev/null 2>&1 ||
	die "the uploaded XCCDF is not valid"
[ "$(standin_requests "$T" /findings/import)" = 1 ] || die "Publish=securityhub did not call BatchImportFindings once"
[ "$(json_get "$T/bucket/reports/ci/test/verify-live.asff.json" \
    'd[0]["AwsAccountId"] + " " + d[0]["Resources"][0]["Id"]')" = \
    "111122223333 arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0" ] ||
	die "the ASFF identity is not the one IMDSv2 gave"
pass "ReportS3Prefix uploads every report of build and test; Publish=securityhub sends the findings (identity from IMDSv2)"

# A failed verification: the reports are uploaded and published first, then
# the test phase fails (VerifyLiveResult, exit 3).
chmod 0666 "$ROOT/etc/docker/daemon.json"
if fleet test Publish=ssm; then die "the test phase passed on a world-writable daemon.json"; fi
grep -q '^runner: FAIL test.VerifyLiveResult: exit status 3' "$T/run.log" ||
	{ cat "$T/run.log"; die "the verdict step did not fail with 3"; }
grep -q '^runner: PASS test.UploadTestReports ' "$T/run.log" || die "the reports were not uploaded before the failure"
grep -q '^runner: PASS test.PublishFindings ' "$T/run.log" || die "the findings were not published before the failure"
[ "$(json_get "$T/bucket/reports/ci/test/verify-live.json" 'd["summary"]["fail"] > 0')" = True ] ||
	die "the uploaded report is not the failing verification"
[ "$(standin_requests "$T" AmazonSSM.PutComplianceItems)" = 1 ] || die "Publish=ssm did not call PutComplianceItems once"
"$PY" -c '
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
body = [x["body"] for x in r if x["target"] == "AmazonSSM.PutComplianceItems"][-1]
assert body["ComplianceType"] == "Custom:CISDocker_1_5_0" and body["ResourceId"] == "i-0123456789abcdef0"
assert any(i["Id"] == "3.18" and i["Status"] == "NON_COMPLIANT" for i in body["Items"])
' "$T/standin.log" || die "the SSM request does not report 3.18 NON_COMPLIANT"
chmod 0644 "$ROOT/etc/docker/daemon.json"
pass "a failed verification is uploaded and published, then fails the test phase"

# Bad fleet parameters stop the build before anything is downloaded; a
# bucket of another owner fails the upload.
for bad in "Publish=sns" "ReportBucketOwner=none" "ReportS3Prefix=reports/ci"; do
	if fleet build "$bad"; then die "the build passed with $bad"; fi
	grep -q '^runner: FAIL build.CheckReportParameters: ' "$T/run.log" ||
		{ cat "$T/run.log"; die "$bad was not refused first"; }
done
if PATH=$T/bin:$PATH TOE_S3_DIR=$T/bucket TOE_S3_OWNER=999999999999 run_doc test \
    ReportS3Prefix=s3://reports/ci ReportBucketOwner=111122223333; then
	die "the upload passed to a bucket of another owner"
fi
grep -q '^runner: FAIL test.UploadTestReports: .*not owned' "$T/run.log" ||
	{ cat "$T/run.log"; die "no bucket owner failure"; }
pass "bad Publish, ReportS3Prefix or ReportBucketOwner values and a foreign bucket are refused"

# --- 5. the S3Download variant -------------------------------------------
# The same document but for the download step and its parameters, so that a
# fix to one cannot miss the other.
"$PY" - "$DOC" "$DOC_S3" <<'PYEOF' || die "cisharden-component-s3.yaml is not cisharden-component.yaml with S3Download"
import sys, yaml
web, s3 = (yaml.safe_load(open(p)) for p in sys.argv[1:3])
def norm(d, params):
    d = dict(d)
    d.pop("name")
    d["parameters"] = [p for p in d["parameters"] if next(iter(p)) not in params]
    for ph in d["phases"]:
        ph["steps"] = [s for s in ph["steps"] if s["name"] not in ("PrepareDownload", "DownloadArtifact")]
    return d
dl = lambda d: next(s for s in d["phases"][0]["steps"] if s["name"] == "DownloadArtifact")
assert dl(web)["action"] == "WebDownload" and dl(s3)["action"] == "S3Download"
assert dl(s3)["inputs"][0]["source"] == "{{ ArtifactS3Uri }}"
assert dl(s3)["inputs"][0]["destination"] == dl(web)["inputs"][0]["destination"]
# S3Download does not create folders: a step before it does.
names = [s["name"] for s in s3["phases"][0]["steps"]]
assert names.index("PrepareDownload") == names.index("DownloadArtifact") - 1
assert norm(web, {"ArtifactUrl"}) == norm(s3, {"ArtifactS3Uri", "ExpectedBucketOwner"})
PYEOF
yamllint -s -c "$HERE/yamllint.yml" "$DOC_S3" || die "yamllint (S3 variant)"
"$PY" "$HERE/check_component.py" --policy cisharden "$DOC_S3" || die "schema check (S3 variant)"
pass "the S3Download variant is the same document but for its download step"

# It runs: S3Download (a local bucket directory here), then the hash check
# that S3Download itself does not make.
mkdir -p "$T/s3/my-bucket/cisharden"
cp "$PKG_TGZ" "$T/s3/my-bucket/cisharden/cisharden.tar.gz"
run_s3()
{
	TOE_S3_DIR=$T/s3 TOE_S3_OWNER=111122223333 "$PY" "$HERE/run_component.py" --phases build,validate \
		--param "ArtifactS3Uri=s3://my-bucket/cisharden/cisharden.tar.gz" --param "ArtifactSha256=$1" \
		--param "ExpectedBucketOwner=$2" --param "InstallDir=$T/s3opt" --param "DownloadDir=$T/s3dl" \
		--param "ReportDir=$T/s3reports" --param "Root=$ROOT" \
		--param "SkipControls=2.9,2.12,2.13" "$DOC_S3" >"$T/run.log" 2>&1
}
rm -rf "$T/s3opt"
run_s3 "$SHA" 111122223333 || { cat "$T/run.log"; die "the S3 variant failed"; }
[ -x "$T/s3opt/sbin/cisharden" ] || die "the S3 variant did not install sbin/cisharden"
grep -q '^runner: PASS validate.VerifyFiles ' "$T/run.log" || die "the S3 variant did not verify"
[ ! -e "$T/s3dl" ] || die "the S3 variant left its download directory"
rm -rf "$T/s3opt"
if run_s3 "$(printf '0%.0s' $(seq 64))" 111122223333; then die "the S3 variant passed with a wrong SHA-256"; fi
grep -q '^runner: FAIL build.InstallCisharden: ' "$T/run.log" || { cat "$T/run.log"; die "no hash failure in the S3 variant"; }
[ ! -e "$T/s3opt/sbin/cisharden" ] || die "the S3 variant installed despite a wrong SHA-256"
if run_s3 "$SHA" 999999999999; then die "the S3 variant passed with another bucket owner"; fi
pass "the S3 variant installs, verifies, and refuses a wrong hash or bucket owner"

summary
