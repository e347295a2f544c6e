#!/usr/bin/python3
"""Self-test of run_component.py on small synthetic documents: phase
order and selection, parameter substitution, onFailure, maxAttempts,
timeoutSeconds, chaining, exit 194, WebDownload checksums, ExecuteBinary,
if conditions, S3Upload, unsupported modules. Exit 0 when every case behaves, 1 otherwise."""

import hashlib
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "run_component.py")


def run(doc, *args):
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(doc)
        path = f.name
    try:
        p = subprocess.run([sys.executable, RUNNER] + list(args) + [path],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        return p.returncode, p.stdout.decode()
    finally:
        os.unlink(path)


def bash(name, cmd, extra=""):
    return """      - name: %s
        action: ExecuteBash%s
        inputs:
          commands:
            - |
              %s
""" % (name, extra, cmd)


def doc(phases, params=""):
    text = "schemaVersion: 1.0\n"
    if params:
        text += "parameters:\n" + params
    text += "phases:\n"
    for name, steps in phases:
        text += "  - name: %s\n    steps:\n%s" % (name, "".join(steps))
    return text


def main():
    bad = 0
    tmp = tempfile.mkdtemp(prefix="toe-runner-test-")
    log = os.path.join(tmp, "log")

    def check(name, ok, out):
        nonlocal bad
        if ok:
            print("ok: runner: %s" % name)
        else:
            bad += 1
            print("FAIL: runner: %s\n%s" % (name, out))

    # Phases run in document order, only the selected ones.
    d = doc([("build", [bash("B", "echo b >> '%s'" % log)]),
             ("validate", [bash("V", "echo v >> '%s'" % log)]),
             ("test", [bash("T", "echo t >> '%s'" % log)])])
    rc, out = run(d, "--phases", "test,build")
    check("phase order and selection", rc == 0 and open(log).read() == "b\nt\n", out)

    # Parameters: defaults, overrides, and a missing value.
    params = "  - Greeting:\n      type: string\n      default: 'hello'\n  - Who:\n      type: string\n"
    d = doc([("build", [bash("Say", "echo '{{ Greeting }} {{ Who }}' > '%s'" % log)])], params)
    rc, out = run(d, "--param", "Who=world")
    check("parameter substitution", rc == 0 and open(log).read() == "hello world\n", out)
    rc, out = run(d)
    check("a parameter without a value is refused", rc == 2 and "Who" in out, out)
    rc, out = run(d, "--param", "Who=x", "--param", "Nobody=y")
    check("an undeclared parameter is refused", rc == 2, out)

    # Bash semantics: the script's exit code is the step's.
    d = doc([("build", [bash("Fails", "false; true")])])
    rc, out = run(d)
    check("without set -e only the last command counts (as in AWSTOE)", rc == 0, out)
    d = doc([("build", [bash("Fails", "exit 3"), bash("After", "touch '%s.after'" % log)])])
    rc, out = run(d)
    check("Abort stops the document", rc == 1 and not os.path.exists(log + ".after")
          and "FAIL build.Fails: exit status 3" in out, out)
    d = doc([("build", [bash("Fails", "exit 3", "\n        onFailure: Continue"),
                        bash("After", "touch '%s.after'" % log)])])
    rc, out = run(d)
    check("Continue runs on and fails the run", rc == 1 and os.path.exists(log + ".after"), out)
    os.unlink(log + ".after")
    d = doc([("build", [bash("Fails", "exit 3", "\n        onFailure: Ignore"),
                        bash("After", "touch '%s.after'" % log)])])
    rc, out = run(d)
    check("Ignore runs on and passes", rc == 0 and os.path.exists(log + ".after"), out)

    # maxAttempts: a step that passes on its third attempt.
    counter = os.path.join(tmp, "count")
    d = doc([("build", [bash("Flaky", "echo x >> '%s'; [ $(wc -l < '%s') -ge 3 ]" % (counter, counter),
                             "\n        maxAttempts: 3")])])
    rc, out = run(d)
    check("maxAttempts retries", rc == 0 and open(counter).read().count("x") == 3, out)

    # timeoutSeconds kills a step.
    d = doc([("build", [bash("Slow", "sleep 30", "\n        timeoutSeconds: 1")])])
    rc, out = run(d)
    check("timeoutSeconds", rc == 1 and "timed out" in out, out)

    # 194 is a reboot request, which the runner reports as a failure.
    d = doc([("build", [bash("Reboot", "exit 194")])])
    rc, out = run(d)
    check("exit 194 fails the step", rc == 1 and "AWSTOE would reboot" in out, out)

    # Chaining the stdout of an earlier step; ExecuteBinary.
    d = doc([("build", [bash("Hello", "echo chained"),
                        """      - name: Show
        action: ExecuteBinary
        inputs:
          path: /bin/sh
          arguments: ['-c', 'echo "$0" > %s', '{{ build.Hello.outputs.stdout }}']
""" % log])])
    rc, out = run(d)
    check("chaining and ExecuteBinary", rc == 0 and open(log).read().strip() == "chained", out)

    # WebDownload: file:// with a good and a bad checksum; other schemes.
    src = os.path.join(tmp, "artifact")
    with open(src, "w") as f:
        f.write("payload\n")
    good = hashlib.sha256(b"payload\n").hexdigest()
    dest = os.path.join(tmp, "dl", "artifact")
    for sha, want_rc, name in ((good, 0, "WebDownload with the right checksum"),
                               ("0" * 64, 1, "WebDownload with a wrong checksum")):
        d = doc([("build", ["""      - name: Get
        action: WebDownload
        inputs:
          - source: 'file://%s'
            destination: '%s'
            checksum: '%s'
            algorithm: SHA256
""" % (src, dest, sha)])])
        rc, out = run(d)
        check(name, rc == want_rc and os.path.exists(dest) == (want_rc == 0), out)
    d = doc([("build", ["""      - name: Get
        action: WebDownload
        inputs:
          - source: 'https://example.org/x'
            destination: '%s'
""" % dest])])
    rc, out = run(d)
    check("WebDownload refuses network sources", rc == 1 and "file:// sources only" in out, out)

    d = doc([("build", ["""      - name: Again
        action: Reboot
        inputs:
          delaySeconds: 0
"""])])
    rc, out = run(d)
    check("unsupported modules fail", rc == 1 and "not supported" in out, out)

    # if: a false condition skips the step (a pass), a true one runs it
    mark = os.path.join(tmp, "ran")
    cond = """
        if:
          not:
            stringEquals: 'none'
            value: '{{ P }}'"""
    d = doc([("build", [bash("Maybe", "touch %s" % mark, cond), bash("After", "true")])],
            "  - P:\n      type: string\n      default: 'none'\n")
    rc, out = run(d)
    check("if false: the step is skipped and counts as passed",
          rc == 0 and not os.path.exists(mark) and "SKIP build.Maybe" in out, out)
    rc, out = run(d, "--param", "P=yes")
    check("if true: the step runs", rc == 0 and os.path.exists(mark), out)

    # S3Upload into TOE_S3_DIR, with the bucket owner checked
    s3 = os.path.join(tmp, "s3")
    src = os.path.join(tmp, "rep")
    os.makedirs(src)
    for n in ("a.json", "b.xml"):
        open(os.path.join(src, n), "w").write(n)
    d = doc([("build", ["""      - name: Up
        action: S3Upload
        inputs:
          - source: '%s/*'
            destination: 's3://bkt/pre/'
            expectedBucketOwner: '111122223333'
""" % src])])
    env = dict(os.environ, TOE_S3_DIR=s3, TOE_S3_OWNER="111122223333")
    p = subprocess.run([sys.executable, RUNNER, "/dev/stdin"], input=d.encode(), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    check("S3Upload puts every matching file under the prefix",
          p.returncode == 0 and sorted(os.listdir(os.path.join(s3, "bkt", "pre"))) == ["a.json", "b.xml"],
          p.stdout.decode())
    env["TOE_S3_OWNER"] = "999999999999"
    p = subprocess.run([sys.executable, RUNNER, "/dev/stdin"], input=d.encode(), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    check("S3Upload to a bucket of another owner fails",
          p.returncode == 1 and "not owned" in p.stdout.decode(), p.stdout.decode())

    subprocess.run(["rm", "-rf", tmp], check=False)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
