#!/bin/bash
# Test the Systems Manager Command document ssm/cisharden-verify.yaml
# without AWS: yamllint and check_document.py's lint (schema 2.2, quoting,
# the component's parameters), then its script as Run Command would run it
# on a fixture root, with IMDSv2, S3, SSM and Security Hub played by the
# stand-in on 127.0.0.1 (tests/formats/standin.py): the reports are
# uploaded, the compliance items or findings published, a second run
# updates them (same ids), and a failing host exits 3 after publishing.
# Usage: test_document.sh /path/to/cisharden   (env SRCDIR)
set -euo pipefail
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRCDIR/tests/formats/standinlib.sh"
BIN=$(realpath "${1:?usage: test_document.sh CISHARDEN}")
DOC=$SRCDIR/ssm/cisharden-verify.yaml
PY=/usr/bin/python3
CHECK=$SRCDIR/tests/ssm/check_document.py

need_apt yamllint python3-yaml awscli curl
T=$WORK

yamllint -s -c "$SRCDIR/tests/imagebuilder/yamllint.yml" "$DOC" || die "yamllint"
check "the document passes its lint" "$PY" "$CHECK" lint "$DOC" "$SRCDIR/imagebuilder/cisharden-component.yaml"

standin_start "$T"
mkdir -p "$T/opt/sbin"
ln -s "$BIN" "$T/opt/sbin/cisharden"
build_root base-debian.tree "$T/root"
# the image tree after the component's apply: fix what apply fixes
"$BIN" apply --root "$T/root" --skip 1.1.1,2.9,2.12,2.13 >/dev/null || true
ssm_run()
{
	PATH=$T/bin:$PATH "$PY" "$CHECK" run "$DOC" "InstallDir=$T/opt" "ReportDir=$T/reports" \
		"Root=$T/root" SkipControls=1.1.1,2.9,2.12,2.13 ReportS3Prefix=s3://fleet-reports/cis \
		ReportBucketOwner=111122223333 "$@" >"$T/run.log" 2>&1
}
rc=0
ssm_run Publish=ssm || rc=$?
[ "$rc" = 0 ] || cat "$T/run.log"
check "the document runs on a compliant image tree (exit $rc)" test "$rc" = 0
check "PutComplianceItems was sent once" test "$(standin_requests "$T" AmazonSSM.PutComplianceItems)" = 1
check "every report was uploaded to s3://fleet-reports/cis/INSTANCE/" \
	test "$(standin_requests "$T" /fleet-reports/cis/i-0123456789abcdef0/fleet-verify.ssm.json)" = 1
for f in json xccdf.xml ocsf.json asff.json; do
	check "fleet-verify.$f uploaded" \
		test "$(standin_requests "$T" "/fleet-reports/cis/i-0123456789abcdef0/fleet-verify.$f")" = 1
done

# Security Hub, twice: the second run updates the same findings.
ssm_run Publish=securityhub || die "Publish=securityhub failed: $(cat "$T/run.log")"
ssm_run Publish=securityhub || die "the second Publish=securityhub failed: $(cat "$T/run.log")"
"$PY" -c '
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
calls = [x["body"]["Findings"] for x in r if x["path"] == "/findings/import"]
assert len(calls) == 2, len(calls)
a, b = ([f["Id"] for f in c] for c in calls)
assert a == b and len(set(a)) == len(a) == 58, (len(a), len(set(a)))
' "$T/standin.log" || die "the two Security Hub runs did not send the same 58 finding ids"
pass "two runs send the same 58 finding ids (Security Hub updates, adds none)"

# A failing host: the verdict (exit 3) comes after the upload and the items.
chmod 0666 "$T/root/etc/docker/daemon.json"
rc=0
ssm_run Publish=ssm || rc=$?
check "a failing control exits 3" test "$rc" = 3
check "... after its items were published" test "$(standin_requests "$T" AmazonSSM.PutComplianceItems)" = 2
"$PY" -c '
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
b = [x["body"] for x in r if x["target"] == "AmazonSSM.PutComplianceItems"][-1]
assert any(i["Id"] == "3.18" and i["Status"] == "NON_COMPLIANT" for i in b["Items"])
' "$T/standin.log" || die "3.18 is not NON_COMPLIANT in the published items"
pass "3.18 is published NON_COMPLIANT"

# Values the document does not allow never run; a foreign bucket fails.
rc=0
ssm_run "Profile=x'; touch $T/pwned; '" || rc=$?
check "a value with a quote is refused before anything runs" test "$rc" = 2 -a ! -e "$T/pwned"
rc=0
ssm_run Publish=ssm ReportBucketOwner=999999999999 || rc=$?
check "a bucket of another owner fails the run" test "$rc" = 254 -o "$rc" = 1 -o "$rc" = 255
grep -q 'AccessDenied\|Forbidden\|403' "$T/run.log" || { cat "$T/run.log"; fail "no access denied from S3"; }
summary
