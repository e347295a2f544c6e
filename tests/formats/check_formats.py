#!/usr/bin/env python3
"""The auditor and fleet report formats, checked with the ecosystem's own tools.

usage: check_formats.py BINARY WORKDIR   (WORKDIR holds root-a and root-b, two
copies of fleet.tree built by the harness)

- XCCDF: `oscap xccdf validate` and `oscap xccdf generate report`, for every
  edition --benchmark accepts (v1.5.0 alone without it); the rule-results say
  pass, fail, notapplicable, notchecked (Manual), notselected (excluded, with
  the profile's reason; left out by --only) and fixed (what this apply fixed,
  matched against the same run's JSON report).
- ASFF and SSM: botocore's ParamValidator against the securityhub and ssm
  models, plus each shape's max, pattern and enum (the validator checks min only).
- OCSF: every field class 2003 of schema 1.6.0 requires, and its enums.
- The real AWS CLI (/usr/bin/aws) sends both to a stand-in endpoint on
  127.0.0.1 that records the requests; a second run updates the findings
  (same ids, none added) and replaces the compliance items.
- Identity: a format without the option it needs is a usage error naming it.
Prints "ok: ..." per check and "FAIL: ..." per failure; exit 1 on any failure.
"""
import datetime
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import botocore.session
from botocore.validate import ParamValidator

from standin import Standin, serve

HERE = os.path.dirname(os.path.abspath(__file__))
PROFILE = os.path.join(HERE, "fleet-profile.yaml")
NS = {"x": "http://checklists.nist.gov/xccdf/1.2"}
RULE = "xccdf_org.cisharden_rule_"
IDENT = ["--aws-account-id", "111122223333", "--aws-region", "eu-west-1",
         "--instance-id", "i-0123456789abcdef0"]
AWS = "/usr/bin/aws"    # Debian's awscli, not whatever else PATH holds
FAILED = []


def ok(what, cond, detail=""):
    if cond:
        print("ok: " + what)
    else:
        FAILED.append(what)
        print("FAIL: %s%s" % (what, (": " + detail) if detail else ""))


def run(binary, args, want=None):
    p = subprocess.run([binary] + args, capture_output=True, text=True,
                       env=dict(os.environ, NO_COLOR="1", LC_ALL="C"))
    if want is not None and p.returncode not in want:
        ok("cisharden %s exits %s" % (" ".join(args), want), False,
           "exit %d: %s" % (p.returncode, p.stderr))
    return p


# --- botocore: the models' own constraints -------------------------------
def model_errors(value, shape, path="", out=None):
    """max, pattern and enum of every member (ParamValidator does the rest)."""
    out = [] if out is None else out
    t = shape.type_name
    m = shape.metadata
    if t == "structure":
        for name, sub in shape.members.items():
            if name in value:
                model_errors(value[name], sub, path + "." + name, out)
    elif t == "list":
        if "max" in m and len(value) > m["max"]:
            out.append("%s: %d entries, at most %d" % (path, len(value), m["max"]))
        for i, v in enumerate(value):
            model_errors(v, shape.member, "%s[%d]" % (path, i), out)
    elif t == "map":
        for k, v in value.items():
            model_errors(k, shape.key, path + " key " + k, out)
            model_errors(v, shape.value, path + "." + k, out)
    elif t == "string":
        if "max" in m and len(value) > m["max"]:
            out.append("%s: %d characters, at most %d" % (path, len(value), m["max"]))
        if shape.enum and value not in shape.enum:
            out.append("%s: %r is not one of %s" % (path, value, shape.enum))
        if "pattern" in m:
            try:
                if not re.fullmatch(m["pattern"], value, re.S):
                    out.append("%s: %r does not match %s" % (path, value, m["pattern"]))
            except re.error:
                pass    # a Java-only pattern: the CLI run below still checks it
    return out


def validate(service, op, params, what):
    shape = botocore.session.get_session().get_service_model(service) \
        .operation_model(op).input_shape
    report = ParamValidator().validate(params, shape)
    ok("%s passes botocore validation (%s %s)" % (what, service, op),
       not report.has_errors(), report.generate_report())
    errs = model_errors(params, shape)
    ok("%s keeps the model's max, pattern and enum" % what, not errs, "; ".join(errs))


def aws(url, work, *args):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="secret",
               AWS_DEFAULT_REGION="eu-west-1", AWS_CONFIG_FILE="/dev/null",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_EC2_METADATA_DISABLED="true",
               AWS_PAGER="", HOME=work)
    return subprocess.run([AWS, "--endpoint-url", url, "--output", "json"] + list(args),
                          capture_output=True, text=True, env=env)


# --- XCCDF -------------------------------------------------------------------
def results(xml_path):
    doc = ET.parse(xml_path).getroot()
    return {rr.get("idref")[len(RULE):]: (rr.find("x:result", NS).text,
                                          [m.text for m in rr.findall("x:message", NS)])
            for rr in doc.findall(".//x:TestResult/x:rule-result", NS)}


def oscap(xml_path, what):
    v = subprocess.run(["oscap", "xccdf", "validate", xml_path], capture_output=True, text=True)
    ok("oscap xccdf validate accepts %s" % what, v.returncode == 0, v.stdout + v.stderr)
    html = xml_path + ".html"
    g = subprocess.run(["oscap", "xccdf", "generate", "report", "--output", html, xml_path],
                       capture_output=True, text=True)
    text = open(html).read() if os.path.exists(html) else ""
    ok("oscap xccdf generate report renders %s" % what,
       g.returncode == 0 and "Ensure network traffic is restricted" in text, g.stderr)


def editions(binary):
    """What --benchmark accepts, once it exists; the default edition until then."""
    helptext = run(binary, ["--help"]).stdout
    if "--benchmark" not in helptext:
        return [None]
    return ["1.5.0", "1.6.0", "1.7.0", "1.8.0"]


def check_xccdf(binary, work, root):
    for ed in editions(binary):
        extra = [] if ed is None else ["--benchmark", ed]
        out = os.path.join(work, "verify-%s.xml" % (ed or "default"))
        p = run(binary, ["verify", "--root", root, "-p", PROFILE, "--report", "xccdf:" + out]
                + extra, want=(3,))
        oscap(out, "the XCCDF of edition %s" % (ed or "1.5.0 (default)"))
    # the default edition's document (v1.5.0: 62 controls)
    first = editions(binary)[0] or "default"
    r = results(os.path.join(work, "verify-%s.xml" % first))
    ok("one rule-result per control (62)", len(r) == 62, str(len(r)))
    ok("2.2 fails", r.get("daemon.icc", ("",))[0] == "fail", str(r.get("daemon.icc")))
    ok("an excluded control is notselected with the profile's reason",
       r.get("daemon.live-restore") == ("notselected",
                                        ["swarm manager: live-restore is incompatible with swarm"]),
       str(r.get("daemon.live-restore")))
    ok("a Manual control is notchecked", r.get("host.hardened", ("",))[0] == "notchecked")
    ok("a control with nothing to check is notapplicable",
       r.get("audit.containerd-config", ("",))[0] == "notapplicable",
       str(r.get("audit.containerd-config")))
    ok("passing controls pass", r.get("daemon.log-level", ("",))[0] == "pass")
    doc = ET.parse(os.path.join(work, "verify-%s.xml" % first)).getroot()
    sev = {x.get("id")[len(RULE):]: x.get("severity") for x in doc.iter("{%s}Rule" % NS["x"])}
    ok("the profile's severity override reaches the Rule (2.2 CRITICAL -> high)",
       sev.get("daemon.icc") == "high" and sev.get("daemon.log-level") == "low", str(sev.get("daemon.icc")))
    tr = doc.find("x:TestResult", NS)
    ok("the TestResult names the --root target and has start and end times",
       tr.find("x:target", NS).text == root and tr.get("start-time") and tr.get("end-time"))
    # --only: the rest is notselected, never silently missing
    out = os.path.join(work, "only.xml")
    run(binary, ["verify", "--root", root, "--only", "2.2", "-f", "xccdf"], want=(3,))
    p = run(binary, ["verify", "--root", root, "--only", "2.2", "--report", "xccdf:" + out], want=(3,))
    r = results(out)
    left = [k for k, v in r.items() if v[0] == "notselected"]
    ok("--only 2.2: 61 rules notselected (left out of the run)", len(left) == 61, str(len(left)))


def check_apply(binary, work, root, url):
    """One apply, several reports; fixed = passes now, and an action of this
    run changed something for it (the JSON report of the same run)."""
    rep = {f: os.path.join(work, "apply." + f) for f in ("json", "xccdf", "asff", "ocsf", "ssm")}
    args = ["--root", root, "-p", PROFILE] + IDENT
    for f, path in rep.items():
        args += ["--report", "%s:%s" % (f, path)]
    p = run(binary, args, want=(0, 3))
    ok("one apply wrote five reports", all(os.path.exists(x) for x in rep.values()))
    j = json.load(open(rep["json"]))
    changed = set()
    for a in j["actions"]:
        if a["result"] == "changed":
            changed.update(a["controls"].split(","))
    want = {c["id"] for c in j["controls"] if c["status"] == "pass" and c["id"] in changed}
    r = results(rep["xccdf"])
    doc = ET.parse(rep["xccdf"]).getroot()
    key_of = {x.get("id")[len(RULE):]: x.find("x:title", NS).text.split()[0]
              for x in doc.iter("{%s}Rule" % NS["x"])}
    fixed = {key_of[k] for k, v in r.items() if v[0] == "fixed"}
    ok("fixed = the controls this apply made pass (%d)" % len(want), fixed == want and want,
       "xccdf %s, json %s" % (sorted(fixed), sorted(want)))
    oscap(rep["xccdf"], "the XCCDF of an apply")
    return rep


def check_asff(doc, what, ids_before=None):
    validate("securityhub", "BatchImportFindings", {"Findings": doc}, what)
    ids = [f["Id"] for f in doc]
    ok("%s: one finding per reported control, ids unique" % what,
       len(ids) == len(set(ids)) == 62, str(len(ids)))
    ok("%s: ProductArn, Types and the instance ARN" % what, all(
        f["ProductArn"] == "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default"
        and f["Types"] == ["Software and Configuration Checks/Industry and Regulatory Standards/"
                           "CIS Host Hardening Benchmarks"]
        and f["Resources"][0]["Id"] == "arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0"
        for f in doc))
    by = {f["ProductFields"]["cisharden/Key"]: f for f in doc}
    ok("%s: the profile's severity (2.2 CRITICAL), the table's elsewhere" % what,
       by["daemon.icc"]["Severity"]["Label"] == "CRITICAL" and
       by["perms.docker-sock-mode"]["Severity"]["Label"] == "HIGH")
    if ids_before is not None:
        ok("%s: the same ids as the first run" % what, set(ids) == set(ids_before))
    return by


def check_ssm(doc, what):
    validate("ssm", "PutComplianceItems", doc, what)
    ok("%s: ComplianceType Custom:CISDocker_1_5_0, COMPLETE" % what,
       doc["ComplianceType"] == "Custom:CISDocker_1_5_0" and doc["UploadType"] == "COMPLETE")
    ids = [i["Id"] for i in doc["Items"]]
    kinds = {i["Details"]["Result"] for i in doc["Items"]}
    ok("%s: items only for verdicts and errors (no manual, n/a, excluded)" % what,
       kinds <= {"pass", "fixed", "fail", "error"} and len(ids) == len(set(ids)) and
       "2.15" not in ids and "1.2.1" not in ids, str(kinds))


OCSF_REQUIRED = ["activity_id", "category_uid", "class_uid", "metadata", "severity_id",
                 "time", "type_uid", "finding_info", "compliance"]


def check_ocsf(doc, what):
    bad = []
    for e in doc:
        miss = [k for k in OCSF_REQUIRED if k not in e]
        if miss:
            bad.append("%s lacks %s" % (e.get("finding_info", {}).get("uid"), miss))
            continue
        if (e["class_uid"], e["category_uid"]) != (2003, 2) or \
                e["type_uid"] != e["class_uid"] * 100 + e["activity_id"]:
            bad.append("class/category/type")
        if e["metadata"].get("version") != "1.6.0" or not e["metadata"]["product"].get("name"):
            bad.append("metadata")
        if not e["finding_info"].get("uid") or e["severity_id"] not in (0, 1, 2, 3, 4, 5, 6, 99):
            bad.append("finding_info.uid / severity_id")
        c = e["compliance"]
        if not c.get("standards") or not c.get("control") or \
                c.get("status_id") not in (0, 1, 2, 3, 99):
            bad.append("compliance %r" % c)
        if not isinstance(e["time"], int) or e["time"] < 10 ** 12:
            bad.append("time is not milliseconds")
    uids = [e["finding_info"]["uid"] for e in doc]
    ok("%s: every required field of class 2003 (schema 1.6.0)" % what, not bad, "; ".join(bad[:5]))
    ok("%s: finding_info.uid unique per control" % what, len(uids) == len(set(uids)) == 62)
    return uids


def same_ssm(sent, written):
    """The request the CLI sent is the file, but for ExecutionTime, which the
    wire format carries as epoch seconds."""
    sent, written = json.loads(json.dumps(sent)), json.loads(json.dumps(written))
    t = written["ExecutionSummary"].pop("ExecutionTime")
    epoch = datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()
    return sent["ExecutionSummary"].pop("ExecutionTime") == epoch and sent == written


def check_usage(binary, root):
    cases = [
        (["-f", "asff", "--aws-region", "eu-west-1", "--instance-id", "i-0123456789abcdef0"],
         "--aws-account-id"),
        (["-f", "asff", "--aws-account-id", "111122223333", "--instance-id", "i-0123456789abcdef0"],
         "--aws-region"),
        (["--report", "asff:/nonexistent/x", "--aws-account-id", "111122223333",
          "--aws-region", "eu-west-1"], "--instance-id"),
        (["-f", "ssm"], "--instance-id"),
        (["-f", "ssm", "--instance-id", "web-1"], "--instance-id"),
        (["-f", "asff", "--aws-account-id", "1111", "--aws-region", "eu-west-1",
          "--instance-id", "i-0123456789abcdef0"], "--aws-account-id"),
        (["-f", "yaml"], "--format"),
    ]
    for args, opt in cases:
        p = run(binary, ["verify", "--root", root] + args)
        ok("usage error naming %s: %s" % (opt, " ".join(args)),
           p.returncode == 2 and opt in p.stderr and p.stdout == "", p.stderr)
    p = run(binary, ["verify", "--root", root, "-f", "xccdf"])
    ok("xccdf and ocsf need no identity", p.returncode == 3 and p.stdout.startswith("<?xml"))


def check_writer(binary, work, root):
    """Reports go through the one atomic writer: a symlink is refused, its
    target untouched, and the other reports of the run are still written."""
    victim = os.path.join(work, "victim")
    with open(victim, "w") as f:
        f.write("keep\n")
    link = os.path.join(work, "link.xml")
    os.symlink(victim, link)
    good = os.path.join(work, "good.xml")
    p = run(binary, ["verify", "--root", root, "--report", "xccdf:" + link,
                     "--report", "xccdf:" + good])
    ok("a report path that is a symlink is refused (exit 1), its target kept",
       p.returncode == 1 and open(victim).read() == "keep\n" and os.path.islink(link), p.stderr)
    ok("... and the run's other report is written", os.path.exists(good))


def main(argv):
    binary, work = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    root_a, root_b = os.path.join(work, "root-a"), os.path.join(work, "root-b")
    srv, url = serve()

    check_usage(binary, root_b)
    check_writer(binary, work, root_b)
    check_xccdf(binary, work, root_a)

    # first run: verify before apply
    first = {}
    for f in ("asff", "ocsf", "ssm"):
        first[f] = os.path.join(work, "verify1." + f)
        run(binary, ["verify", "--root", root_a, "-p", PROFILE, "--report",
                     "%s:%s" % (f, first[f])] + IDENT, want=(3,))
    asff1 = json.load(open(first["asff"]))
    by1 = check_asff(asff1, "ASFF (verify)")
    check_ssm(json.load(open(first["ssm"])), "SSM (verify)")
    uids1 = check_ocsf(json.load(open(first["ocsf"])), "OCSF (verify)")
    p = aws(url, work, "securityhub", "batch-import-findings", "--findings", "file://" + first["asff"])
    ok("aws securityhub batch-import-findings sends the ASFF file", p.returncode == 0, p.stderr)
    p = aws(url, work, "ssm", "put-compliance-items", "--cli-input-json", "file://" + first["ssm"])
    ok("aws ssm put-compliance-items --cli-input-json sends the SSM file", p.returncode == 0, p.stderr)
    reqs = Standin.requests
    ok("the stand-in saw POST /findings/import with the findings as written",
       any(r["path"] == "/findings/import" and r["body"]["Findings"] == asff1 for r in reqs))
    ssm1 = json.load(open(first["ssm"]))
    sent = [r["body"] for r in reqs if r["target"] == "AmazonSSM.PutComplianceItems"]
    ok("the stand-in saw AmazonSSM.PutComplianceItems with the request as written",
       len(sent) == 1 and same_ssm(sent[0], ssm1), json.dumps(sent)[:400])

    # second run: apply fixes 2.2 and more; the findings update in place
    rep = check_apply(binary, work, root_a, url)
    asff2 = json.load(open(rep["asff"]))
    by2 = check_asff(asff2, "ASFF (apply)", [f["Id"] for f in asff1])
    ok("2.2's finding turns from FAILED to PASSED",
       by1["daemon.icc"]["Compliance"]["Status"] == "FAILED" and
       by2["daemon.icc"]["Compliance"]["Status"] == "PASSED")
    check_ssm(json.load(open(rep["ssm"])), "SSM (apply)")
    uids2 = check_ocsf(json.load(open(rep["ocsf"])), "OCSF (apply)")
    ok("OCSF finding uids are the same on the second run", uids1 == uids2)
    aws(url, work, "securityhub", "batch-import-findings", "--findings", "file://" + rep["asff"])
    p = aws(url, work, "ssm", "put-compliance-items", "--cli-input-json", "file://" + rep["ssm"])
    ok("the second run's findings updated the first's: 62 findings, none added",
       len(Standin.findings) == 62 and
       Standin.findings[by1["daemon.icc"]["Id"]]["Compliance"]["Status"] == "PASSED")
    items = Standin.compliance.get(("i-0123456789abcdef0", "Custom:CISDocker_1_5_0"), [])
    ok("the second put-compliance-items replaced the items (2.2 COMPLIANT)",
       len(Standin.compliance) == 1 and
       any(i["Id"] == "2.2" and i["Status"] == "COMPLIANT" for i in items))
    srv.shutdown()
    print("%d failure(s)" % len(FAILED))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
