#!/usr/bin/python3
"""The schema check must reject broken documents.

Each case edits the real component document in one place and expects the
checker to fail with a message that names the problem. The unedited
document must pass. Exit 0 when every case behaves, 1 otherwise.

Usage: test_check_negative.py DOCUMENT.yaml
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_component  # noqa: E402

CASES = [
    # (name, old text, new text, expected message fragment)
    ("missing schemaVersion", "schemaVersion: 1.0\n", "", "schemaVersion is required"),
    ("wrong schemaVersion", "schemaVersion: 1.0\n", "schemaVersion: 2.0\n", "schemaVersion must be 1.0"),
    ("unknown top-level key", "schemaVersion: 1.0\n", "schemaVersion: 1.0\nsteps: []\n", "unknown top-level key"),
    ("unknown phase", "  - name: validate\n", "  - name: verify\n", "phase name 'verify'"),
    ("duplicate phase", "  - name: test\n", "  - name: validate\n", "phase 'validate' appears twice"),
    ("duplicate step", "      - name: ApplyHardening\n", "      - name: PlanHardening\n",
     "step 'PlanHardening' appears twice"),
    ("unknown action", "action: WebDownload", "action: HttpDownload", "unknown action module"),
    ("missing inputs", "        timeoutSeconds: 900\n        inputs:\n", "        timeoutSeconds: 900\n        input:\n",
     "inputs is required"),
    ("bad timeout", "timeoutSeconds: 900", "timeoutSeconds: 0", "timeoutSeconds must be"),
    ("bad onFailure", "        maxAttempts: 3\n", "        maxAttempts: 3\n        onFailure: Retry\n",
     "onFailure must be"),
    ("short parameter name", "  - Level:\n", "  - Lv:\n", "3-128 characters"),
    ("parameter name with a dot", "  - Level:\n", "  - Cis.Level:\n", "3-128 characters"),
    ("non-string parameter type", "      default: '2'\n", "      type: integer\n      default: '2'\n",
     None),  # duplicate key: YAML keeps the last one -> type integer
    ("integer default", "      default: '2'\n", "      default: 2\n", "default must be a string"),
    # A plain scalar that starts with {{ is a YAML flow mapping: not a string.
    ("reference as a flow mapping", "          - source: '{{ ArtifactUrl }}'\n",
     "          - source: {{ ArtifactUrl }}\n", "not valid YAML"),
    # A plain scalar with {{ inside parses, but AWSTOE wants it quoted.
    ("unquoted reference", "          - source: '{{ ArtifactUrl }}'\n",
     "          - source: https://{{ ArtifactUrl }}\n", "must be inside a quoted string"),
    ("undefined reference", "'{{ Profile }}'", "'{{ ProfileName }}'", "not a defined parameter"),
    ("checksum without algorithm", "            algorithm: SHA256\n", "", "checksum and algorithm go together"),
    ("unknown algorithm", "algorithm: SHA256", "algorithm: CRC32", "algorithm must be one of"),
    # conditionals and S3Upload (the fleet steps)
    ("unknown if operator", "            stringEquals: 'none'\n            value: '{{ ReportS3Prefix }}'",
     "            stringIs: 'none'\n            value: '{{ ReportS3Prefix }}'", "unknown if operator"),
    ("comparison without value", "            stringEquals: 'none'\n            value: '{{ ReportS3Prefix }}'",
     "            stringEquals: 'none'", "needs a value"),
    ("bad then action", "          not:\n            stringEquals: 'none'\n            value: '{{ Publish }}'",
     "          then: Continue\n          not:\n            stringEquals: 'none'\n            value: '{{ Publish }}'",
     "must be Abort, Execute or Skip"),
    ("S3Upload without destination", "            destination: '{{ ReportS3Prefix }}/test/'\n", "",
     "needs source and destination"),
    ("unknown S3Upload input", "            expectedBucketOwner: '{{ ReportBucketOwner }}'\n",
     "            bucketOwner: '{{ ReportBucketOwner }}'\n", "unknown input"),
    # cisharden policy
    ("no set -euo pipefail", "set -euo pipefail\n              trap", "set -eu\n              trap",
     "must start with 'set -euo pipefail'"),
    ("no 194 mapping", "trap '[ \"$?\" -ne 194 ] || { echo \"exit 194 -> 1: no reboot\" >&2; exit 1; }' EXIT\n              installdir='{{ InstallDir }}'\n              reportdir='{{ ReportDir }}'\n              root='{{ Root }}'\n              skip='{{ SkipControls }}'\n              args=(--profile '{{ Profile }}' --level '{{ Level }}')\n              if [ '{{ Benchmark }}' != profile ]; then args+=(--benchmark '{{ Benchmark }}'); fi\n              if [ \"$root\" != / ]; then args+=(--root \"$root\"); fi\n              if [ -n \"$skip\" ] && [ \"$skip\" != none ]; then args+=(--skip \"$skip\"); fi\n              install -d -m 0750 \"$reportdir\"\n              # Log",
     "installdir='{{ InstallDir }}'\n              reportdir='{{ ReportDir }}'\n              root='{{ Root }}'\n              skip='{{ SkipControls }}'\n              args=(--profile '{{ Profile }}' --level '{{ Level }}')\n              if [ '{{ Benchmark }}' != profile ]; then args+=(--benchmark '{{ Benchmark }}'); fi\n              if [ \"$root\" != / ]; then args+=(--root \"$root\"); fi\n              if [ -n \"$skip\" ] && [ \"$skip\" != none ]; then args+=(--skip \"$skip\"); fi\n              install -d -m 0750 \"$reportdir\"\n              # Log",
     "must map exit 194"),
    ("parameter outside shell quotes", "root='{{ Root }}'", "root={{ Root }}", "must be written '{{ Root }}'"),
    ("restart while baking", "apply \"${args[@]}\" --report \"$reportdir/apply.json\"",
     "apply --restart-docker \"${args[@]}\" --report \"$reportdir/apply.json\"", "no --restart-docker"),
    ("ExecuteBinary", "action: ExecuteBash\n        timeoutSeconds: 900\n        inputs:\n          commands:",
     "action: ExecuteBinary\n        timeoutSeconds: 900\n        inputs:\n          path: /bin/true\n          x:",
     "use ExecuteBash"),
]


def check_text(text):
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        c = check_component.Checker(path, "cisharden")
        c.run()
        return c.errors
    finally:
        os.unlink(path)


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        good = f.read()
    bad = 0
    errs = check_text(good)
    if errs:
        print("FAIL: the real document does not pass:\n  " + "\n  ".join(errs))
        bad += 1
    for name, old, new, want in CASES:
        if good.count(old) < 1:
            print("FAIL: %s: the document no longer contains %r" % (name, old[:60]))
            bad += 1
            continue
        errs = check_text(good.replace(old, new, 1))
        if not errs:
            print("FAIL: %s: the checker accepted the broken document" % name)
            bad += 1
        elif want is not None and not any(want in e for e in errs):
            print("FAIL: %s: expected %r, got:\n  %s" % (name, want, "\n  ".join(errs)))
            bad += 1
        else:
            print("ok: %s: %s" % (name, errs[0]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
