#!/usr/bin/python3
"""Lint and run the Systems Manager Command document ssm/cisharden-verify.yaml.

lint DOCUMENT COMPONENT: schemaVersion 2.2; every parameter a String with a
  description and a default its allowedValues/allowedPattern accepts; every
  {{ Name }} a declared parameter, written '{{ Name }}' in the script; one
  aws:runShellScript step whose script starts with `set -euo pipefail` and
  maps exit 194 (SSM: reboot) to 1; and the parameters mirror the Image
  Builder component's (same names, same defaults but Publish's).
run DOCUMENT [Name=value...]: what SSM Run Command does on the instance:
  check each value against its allowedValues/allowedPattern (a refused value
  never runs), substitute, run the script with bash; exit with its status.
"""
import re
import subprocess
import sys
import tempfile

import yaml

REF = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
MAP_194 = re.compile(r"trap '[^']*\b194\b[^']*exit 1[^']*' EXIT")


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def allowed(spec, value):
    if "allowedValues" in spec and value not in spec["allowedValues"]:
        return False
    if "allowedPattern" in spec and not re.search(spec["allowedPattern"], value):
        return False
    return True


def scripts(doc):
    return ["\n".join(s["inputs"]["runCommand"]) for s in doc.get("mainSteps", [])
            if s.get("action") == "aws:runShellScript"]


def lint(path, component):
    doc, errs = load(path), []
    if str(doc.get("schemaVersion")) != "2.2":
        errs.append("schemaVersion must be '2.2'")
    params = doc.get("parameters") or {}
    for name, spec in params.items():
        if spec.get("type") != "String" or not spec.get("description"):
            errs.append("%s: type String and a description" % name)
        if not isinstance(spec.get("default"), str) or not allowed(spec, spec["default"]):
            errs.append("%s: the default must be a string its allowed values accept" % name)
        if "'" in spec.get("allowedPattern", "") or not (spec.get("allowedPattern") or spec.get("allowedValues")):
            errs.append("%s: needs allowedPattern or allowedValues that exclude a single quote" % name)
    steps = doc.get("mainSteps") or []
    if len(steps) != 1 or steps[0].get("action") != "aws:runShellScript":
        errs.append("one aws:runShellScript step")
    for sc in scripts(doc):
        body = "\n".join(l for l in sc.splitlines() if not l.startswith("#!"))
        if not body.lstrip().startswith("set -euo pipefail"):
            errs.append("the script must start with set -euo pipefail")
        if not MAP_194.search(sc):
            errs.append("the script must map exit 194 to 1")
        for m in REF.finditer(sc):
            if m.group(1) not in params:
                errs.append("{{ %s }} is not a parameter" % m.group(1))
            if sc[m.start() - 1:m.start()] != "'" or sc[m.end():m.end() + 1] != "'":
                errs.append("{{ %s }} must be written '{{ %s }}'" % (m.group(1), m.group(1)))
        unused = set(params) - {m.group(1) for m in REF.finditer(sc)}
        if unused:
            errs.append("parameters never used: %s" % ", ".join(sorted(unused)))
    comp = {next(iter(p)): next(iter(p.values())) for p in load(component)["parameters"]}
    for name, spec in params.items():
        if name not in comp:
            errs.append("%s: the component has no such parameter" % name)
        elif name != "Publish" and comp[name].get("default") != spec["default"]:
            errs.append("%s: default %r, the component's is %r" % (name, spec["default"],
                                                                   comp[name].get("default")))
    for e in errs:
        print("%s: %s" % (path, e))
    if not errs:
        print("%s: ok" % path)
    return 1 if errs else 0


def run(path, kvs):
    doc = load(path)
    params = doc.get("parameters") or {}
    values = {n: s["default"] for n, s in params.items()}
    for kv in kvs:
        k, _, v = kv.partition("=")
        if k not in params:
            print("ssm: no parameter %s" % k, file=sys.stderr)
            return 2
        if not allowed(params[k], v):
            print("ssm: %s=%r is not allowed by the document" % (k, v), file=sys.stderr)
            return 2
        values[k] = v
    rc = 0
    for sc in scripts(doc):
        sc = REF.sub(lambda m: values[m.group(1)], sc)
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
            f.write(sc + "\n")
        rc = subprocess.run(["bash", f.name]).returncode
        if rc != 0:
            break
    return rc


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "lint":
        sys.exit(lint(sys.argv[2], sys.argv[3]))
    if len(sys.argv) >= 3 and sys.argv[1] == "run":
        sys.exit(run(sys.argv[2], sys.argv[3:]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
