#!/usr/bin/python3
"""Run an AWSTOE component document locally, the way AWSTOE would.

Runs the steps of the selected phases in document order with the
parameters substituted, so that every command written in the document is
known to work without AWS. Supported action modules: ExecuteBash (the
commands joined into one script run with bash: its exit code is the step's),
ExecuteBinary, WebDownload for file:// sources or local paths (with the
checksum/algorithm check), and S3Download with s3://BUCKET/KEY read from
$TOE_S3_DIR/BUCKET/KEY (a bucket owner other than $TOE_S3_OWNER, when set,
fails like AWS's ExpectedBucketOwner check), S3Upload into the same
directory (source wildcards; a destination ending in / takes the file
names). A step's `if` (and, or, not; stringEquals, stringIsEmpty,
patternMatches; then/else Abort, Execute, Skip) is evaluated as AWSTOE
does: a skipped step counts as passed. Any other module fails the step: the document
must stay testable. Honours timeoutSeconds, maxAttempts and onFailure. Exit
194 (AWSTOE: "reboot and re-run this step") fails the step here.

Usage: run_component.py [--phases build,validate,test] [--param Name=value]...
                        DOCUMENT.yaml
Exit status: 0 when every step passed (or failed with onFailure: Ignore),
1 otherwise, 2 on bad usage or a document the runner cannot load.
"""

import argparse
import glob
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

import yaml

REF = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
DEFAULT_TIMEOUT = 7200


class StepFailed(Exception):
    pass


class Runner:
    def __init__(self, doc, params, workdir):
        self.doc = doc
        self.params = params
        self.workdir = workdir
        self.chain = {}  # "phase.step.inputs[0].x" / "...outputs.stdout" -> value

    def subst(self, value):
        if isinstance(value, str):
            def one(m):
                ref = m.group(1)
                if ref in self.params:
                    return self.params[ref]
                if ref in self.chain:
                    return self.chain[ref]
                raise StepFailed("undefined reference {{ %s }}" % ref)
            return REF.sub(one, value)
        if isinstance(value, list):
            return [self.subst(v) for v in value]
        if isinstance(value, dict):
            return {k: self.subst(v) for k, v in value.items()}
        return value

    def record_inputs(self, phase, step, inputs):
        items = inputs if isinstance(inputs, list) else [inputs]
        for i, item in enumerate(items):
            if isinstance(item, dict):
                for k, v in item.items():
                    if isinstance(v, str):
                        self.chain["%s.%s.inputs[%d].%s" % (phase, step, i, k)] = v
                        if not isinstance(inputs, list):
                            self.chain["%s.%s.inputs.%s" % (phase, step, k)] = v

    def run_process(self, argv, timeout):
        # Own process group, so that a timeout kills the step's children
        # too (a leftover child would hold stdout open).
        try:
            p = subprocess.Popen(argv, cwd=self.workdir, stdout=subprocess.PIPE,
                                 start_new_session=True)
        except OSError as e:
            raise StepFailed("cannot run %s: %s" % (argv[0], e))
        try:
            stdout, _ = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            raise StepFailed("timed out after %ss" % timeout)
        out = stdout.decode("utf-8", "replace")
        sys.stdout.write(out)
        sys.stdout.flush()
        if p.returncode == 194:
            raise StepFailed("exit 194: AWSTOE would reboot the instance and run the step again")
        if p.returncode != 0:
            raise StepFailed("exit status %d" % p.returncode)
        return out

    def execute_bash(self, inputs, timeout):
        script = os.path.join(self.workdir, "input.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write("\n".join(inputs["commands"]) + "\n")
        return {"stdout": self.run_process(["bash", script], timeout)}

    def execute_binary(self, inputs, timeout):
        return {"stdout": self.run_process([inputs["path"]] + list(inputs.get("arguments", [])), timeout)}

    def web_download(self, inputs, timeout):
        dests = []
        for d in inputs:
            src = d["source"]
            u = urllib.parse.urlparse(src)
            if u.scheme == "file":
                path = urllib.parse.unquote(u.path)
            elif u.scheme == "" and src.startswith("/"):
                path = src
            else:
                raise StepFailed("the local runner downloads file:// sources only, not %r" % src)
            dest = d["destination"]
            if dest.endswith("/"):
                dest = os.path.join(dest, os.path.basename(path))
            if os.path.exists(dest) and str(d.get("overwrite", True)).lower() == "false":
                raise StepFailed("%s exists and overwrite is false" % dest)
            os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
            try:
                shutil.copyfile(path, dest)
            except OSError as e:
                raise StepFailed("download %s: %s" % (src, e))
            if "checksum" in d:
                h = hashlib.new(d["algorithm"].lower())
                with open(dest, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                if h.hexdigest().lower() != d["checksum"].strip().lower():
                    os.unlink(dest)
                    raise StepFailed("%s: %s checksum mismatch (got %s)" % (src, d["algorithm"], h.hexdigest()))
            dests.append(dest)
        return {"destination": "\n".join(dests)}

    @staticmethod
    def bucket(module, d, url, need_key):
        """(local bucket directory base, parsed s3:// URL), with the
        expectedBucketOwner check."""
        base = os.environ.get("TOE_S3_DIR")
        if not base:
            raise StepFailed("%s: the local runner needs TOE_S3_DIR (a directory of buckets)" % module)
        u = urllib.parse.urlparse(url)
        if u.scheme != "s3" or not u.netloc or (need_key and not u.path.strip("/")):
            raise StepFailed("%s: %r is not s3://BUCKET/KEY" % (module, url))
        owner = os.environ.get("TOE_S3_OWNER")
        if owner and d.get("expectedBucketOwner") not in (None, owner):
            raise StepFailed("%s: bucket %s is not owned by %s (403)"
                             % (module, u.netloc, d["expectedBucketOwner"]))
        return base, u

    def s3_download(self, inputs, timeout):
        local = []
        for d in inputs:
            base, u = self.bucket("S3Download", d, d["source"], True)
            local.append({"source": "file://" + os.path.join(base, u.netloc, u.path.lstrip("/")),
                          "destination": d["destination"], "overwrite": d.get("overwrite", True)})
        return self.web_download(local, timeout)

    def s3_upload(self, inputs, timeout):
        done = []
        for d in inputs:
            base, u = self.bucket("S3Upload", d, d["destination"], False)
            sources = sorted(p for p in glob.glob(d["source"]) if os.path.isfile(p))
            if not sources:
                raise StepFailed("S3Upload: %s matches no file" % d["source"])
            for src in sources:
                key = u.path.lstrip("/")
                if key.endswith("/") or len(sources) > 1:
                    key = key.rstrip("/") + "/" + os.path.basename(src)
                dest = os.path.join(base, u.netloc, key)
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                shutil.copyfile(src, dest)
                done.append("s3://%s/%s" % (u.netloc, key))
        print("runner: uploaded %s" % " ".join(done), flush=True)
        return {}

    def condition(self, expr):
        """The value of an if expression (parameters already substituted)."""
        op = next(k for k in expr if k not in ("then", "else", "value"))
        arg = expr[op]
        if op == "and":
            return all(self.condition(e) for e in arg)
        if op == "or":
            return any(self.condition(e) for e in arg)
        if op == "not":
            return not self.condition(arg)
        if op == "stringEquals":
            return str(arg) == str(expr["value"])
        if op == "stringIsEmpty":
            return str(arg) == ""
        if op == "patternMatches":
            return re.search(str(arg), str(expr["value"])) is not None
        raise StepFailed("if operator %s is not supported by the local runner" % op)

    def wanted(self, step):
        """Run the step? (if: true -> then, default Execute; false -> else, default Skip)"""
        if "if" not in step:
            return True
        expr = self.subst(step["if"])
        act = expr.get("then", "Execute") if self.condition(expr) else expr.get("else", "Skip")
        if act == "Abort":
            raise StepFailed("if: Abort")
        return act == "Execute"

    def run_step(self, phase, step):
        name = step["name"]
        action = step["action"]
        timeout = step.get("timeoutSeconds", DEFAULT_TIMEOUT)
        timeout = None if timeout == -1 else timeout
        inputs = self.subst(step["inputs"])
        self.record_inputs(phase, name, inputs)
        handler = {
            "ExecuteBash": self.execute_bash,
            "ExecuteBinary": self.execute_binary,
            "WebDownload": self.web_download,
            "S3Download": self.s3_download,
            "S3Upload": self.s3_upload,
        }.get(action)
        if handler is None:
            raise StepFailed("action %s is not supported by the local runner" % action)
        last = None
        for attempt in range(1, int(step.get("maxAttempts", 1)) + 1):
            try:
                outputs = handler(inputs, timeout)
                for k, v in outputs.items():
                    self.chain["%s.%s.outputs.%s" % (phase, name, k)] = v
                return
            except StepFailed as e:
                last = e
                print("runner: %s.%s attempt %d failed: %s" % (phase, name, attempt, e), flush=True)
        raise last

    def run(self, phases):
        ok = True
        for ph in self.doc["phases"]:
            if ph["name"] not in phases:
                continue
            for step in ph["steps"]:
                label = "%s.%s" % (ph["name"], step["name"])
                print("runner: ==> %s (%s)" % (label, step["action"]), flush=True)
                t0 = time.monotonic()
                try:
                    if not self.wanted(step):
                        print("runner: SKIP %s (if)" % label, flush=True)
                        continue
                    self.run_step(ph["name"], step)
                    print("runner: PASS %s (%.1fs)" % (label, time.monotonic() - t0), flush=True)
                except StepFailed as e:
                    policy = step.get("onFailure", "Abort")
                    print("runner: FAIL %s: %s (onFailure: %s)" % (label, e, policy), flush=True)
                    if policy == "Ignore":
                        continue
                    ok = False
                    if policy == "Abort":
                        return False
        return ok


def main(argv):
    ap = argparse.ArgumentParser(description="Run an AWSTOE document locally.")
    ap.add_argument("--phases", default="build,validate,test")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("document")
    a = ap.parse_args(argv[1:])
    with open(a.document, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    params = {}
    for p in doc.get("parameters") or []:
        (name, spec), = p.items()
        if "default" in spec:
            params[name] = spec["default"]
    declared = {next(iter(p)) for p in doc.get("parameters") or []}
    for kv in a.param:
        k, sep, v = kv.partition("=")
        if not sep or k not in declared:
            print("runner: --param %r: not NAME=VALUE of a declared parameter" % kv, file=sys.stderr)
            return 2
        params[k] = v
    missing = declared - set(params)
    if missing:
        print("runner: parameters without a value: %s" % ", ".join(sorted(missing)), file=sys.stderr)
        return 2
    phases = [p for p in a.phases.split(",") if p]
    with tempfile.TemporaryDirectory(prefix="toe-run-") as wd:
        ok = Runner(doc, params, wd).run(phases)
    print("runner: %s" % ("success" if ok else "FAILED"), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
