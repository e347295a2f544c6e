#!/usr/bin/env python3
"""One harness for the shell tests, checked on the source text.

Every shell file under TESTSDIR (but the harness itself and EXEMPT):
1. sources tests/lib/harness.sh, directly or through a file it sources
   (or execs a test that does);
2. defines none of the harness's functions (pass, fail, die, check, ...)
   nor another name for one (pkg_die, live_skip, ...);
3. makes no tree snapshot of its own: a function named like one
   (*snap*, *tree_state*, state) must call the harness's `snapshot`, and no
   `find -printf` lists modes or owners;
4. installs no package itself (apt-get) and skips only through `skip`
   (no `exit 77`).

Usage: check_shell_tests.py TESTSDIR   (exit 0 when all hold, 1 otherwise)
"""
import os
import re
import sys

HARNESS = "lib/harness.sh"
# files that run where the harness is not (or are not tests), and why
EXEMPT = {
    "vm/jobs/": "guest side: POSIX sh inside the VM, without the source tree",
    "vm/guest/": "guest side: baked into the VM image",
    "faults/build.sh": "compiles the fault shim; checks nothing",
    "fuzz/run.sh": "builds and runs the fuzzers for robust_fuzz.sh; checks nothing",
    "fuzz/longrun.sh": "runs fuzz/run.sh in rounds for the long campaign; checks nothing",
    "structure/bad-shell/": "planted violations for this checker",
}
HARNESS_NAMES = {"pass", "fail", "die", "ok", "check", "check_rc", "summary", "done_tests",
                 "skip", "need", "need_root", "need_cmd", "need_apt", "scratch", "snapshot",
                 "snap", "build_root", "at_exit", "mkroot"}
OTHER_NAME = re.compile(r"(^|_)(pass|fail|die|skip|need_apt|need_root|need_cmd)$")
SNAP_LIKE = re.compile(r"snap|tree_state|^state$")
FUNC = re.compile(r"^\s*(?:function\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*\(\)\s*(\{?)", re.M)
# (a ctest entry point that execs the test counts as that test)
SOURCE = re.compile(r"^\s*(?:\.|source|exec\s+bash)\s+(.+?)\s*(?:\"\$@\")?\s*(?:#.*)?$", re.M)
PRINTF_LISTING = re.compile(r"-printf\s+['\"][^'\"]*%[mUGu]")


def exempt(rel):
    return any(rel == e or (e.endswith("/") and rel.startswith(e)) for e in EXEMPT)


def shell_files(top):
    for d, dirs, files in os.walk(top):
        dirs.sort()
        for n in sorted(files):
            p = os.path.join(d, n)
            rel = os.path.relpath(p, top)
            if n.endswith(".sh") and rel != HARNESS and not exempt(rel):
                yield rel


def body_of(text, start):
    """The text of a function from its opening brace to the matching one."""
    depth, i = 0, text.find("{", start)
    if i < 0:
        return ""
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i:j + 1]
    return text[i:]


def sourced(top, rel, text):
    """The files a script sources, as paths relative to TOP (best effort:
    the literal tail of the path after its last variable)."""
    out = []
    for m in SOURCE.finditer(text):
        tail = re.split(r"[)}]|\$\w+", m.group(1).strip("\"'"))[-1].strip("\"'")
        if tail.startswith(("/tests/", "tests/")):
            path = tail.split("tests/", 1)[1]
        else:
            path = os.path.normpath(os.path.join(os.path.dirname(rel), tail.lstrip("/")))
        out.append(path)
    return out


def in_string(line, pos):
    return line[:pos].count('"') % 2 == 1


def code_lines(text):
    for n, line in enumerate(text.split("\n"), 1):
        if not line.lstrip().startswith("#"):
            yield n, line


def check(top):
    texts = {rel: open(os.path.join(top, rel), encoding="utf-8").read() for rel in shell_files(top)}
    bad = []

    def reaches(rel, seen):
        if rel in seen:
            return False
        seen.add(rel)
        text = texts.get(rel)
        if text is None and os.path.isfile(os.path.join(top, rel)) and rel != HARNESS:
            text = open(os.path.join(top, rel), encoding="utf-8").read()
        if text is None:
            return False
        return any(s == HARNESS or reaches(s, seen) for s in sourced(top, rel, text))

    for rel, text in texts.items():
        if not reaches(rel, set()):
            bad.append("%s: does not source %s" % (rel, HARNESS))
        for m in FUNC.finditer(text):
            name, line = m.group(1), text.count("\n", 0, m.start()) + 1
            if name in HARNESS_NAMES or OTHER_NAME.search(name):
                bad.append("%s:%d: %s(): the harness has this" % (rel, line, name))
            elif SNAP_LIKE.search(name) and not re.search(r"\bsnapshot\b", body_of(text, m.start())):
                bad.append("%s:%d: %s(): a tree state not made by the harness's snapshot" % (rel, line, name))
        for n, line in code_lines(text):
            if PRINTF_LISTING.search(line):
                bad.append("%s:%d: find -printf of modes or owners: use snapshot" % (rel, n))
            m = re.search(r"\bapt-get\b", line)
            if m and not in_string(line, m.start()):
                bad.append("%s:%d: apt-get: use need_apt" % (rel, n))
            if re.search(r"\bexit\s+77\b", line):
                bad.append("%s:%d: exit 77: use skip" % (rel, n))
    return bad


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else "."
    bad = check(top)
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
