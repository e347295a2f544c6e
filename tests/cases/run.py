#!/usr/bin/env python3
"""Golden-output cases: see tests/cases/README.md.

usage: run.py [--regen] BINARY [CASE...]
"""
import hashlib
import os
import re
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OWNERS = {"root": 0, "docker": 998, "alice": 1000}
DEFAULT_STEPS = ["dry-run", "apply", "apply2", "verify", "restore"]


class SpecError(Exception):
    pass


def owner(spec, where):
    try:
        u, g = spec.split(":")
        return tuple(OWNERS[x] if x in OWNERS else int(x) for x in (u, g))
    except (ValueError, KeyError):
        raise SpecError("%s: bad owner %r" % (where, spec))


def parse_tree(path, out=None):
    """The entries of a tree file (includes expanded), in order."""
    out = [] if out is None else out
    with open(path) as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        where = "%s:%d" % (path, i + 1)
        line = lines[i].strip()
        i += 1
        if not line or line.startswith("#"):
            continue
        w = line.split()
        if w[0] == "include":
            parse_tree(os.path.join(os.path.dirname(path), w[1]), out)
            continue
        body = []
        if w[0] == "file":
            while i < len(lines) and lines[i].startswith("|"):
                body.append(lines[i][2:] if lines[i].startswith("| ") else lines[i][1:])
                i += 1
        out.append((w, body, where))
    return out


def mkparent(root, p):
    d = os.path.dirname(root + p)
    if not os.path.isdir(d):
        os.makedirs(d, 0o755, exist_ok=True)


def build_tree(root, entries):
    for w, body, where in entries:
        kind, p = w[0], w[1] if len(w) > 1 else None
        if p is None or not p.startswith("/"):
            raise SpecError("%s: needs an absolute path" % where)
        full = root + p
        if kind == "rm":
            if os.path.isdir(full) and not os.path.islink(full):
                shutil.rmtree(full)
            elif os.path.lexists(full):
                os.unlink(full)
            continue
        mkparent(root, p)
        if kind == "dir":
            os.makedirs(full, exist_ok=True)
        elif kind == "file":
            flags = set(w[4:])
            eol = "\r\n" if "crlf" in flags else "\n"
            data = eol.join(body) + ("" if "nonl" in flags or not body else eol)
            if os.path.lexists(full):
                os.unlink(full)
            with open(full, "wb") as f:
                f.write(data.encode())
        elif kind == "symlink":
            os.symlink(w[2], full)
            continue
        elif kind == "hardlink":
            os.link(root + w[2], full)
            continue
        elif kind == "socket":
            s = socket.socket(socket.AF_UNIX)
            s.bind(full)
            s.close()
        elif kind == "fifo":
            os.mkfifo(full)
        else:
            raise SpecError("%s: unknown entry %r" % (where, kind))
        if len(w) < 4:
            raise SpecError("%s: %s needs a mode and an owner" % (where, kind))
        uid, gid = owner(w[3], where)
        os.lchown(full, uid, gid)
        os.chmod(full, int(w[2], 8))
    # every file gets one fixed mtime, so that listings are stable
    for d, dirs, files in os.walk(root):
        for n in files + dirs:
            os.utime(os.path.join(d, n), (1700000000, 1700000000), follow_symlinks=False)


def listing(root, mtime=False):
    """type mode owner size sha256 (mtime) of every path, backups left out."""
    rows = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(d, root)
        if rel.startswith("var/backups"):
            continue
        for n in sorted(files + dirs):
            p = os.path.join(d, n)
            r = os.path.relpath(p, root)
            if r == "var/backups" or r.startswith("var/backups/"):
                continue
            st = os.lstat(p)
            t = stat.S_IFMT(st.st_mode)
            kind = {stat.S_IFREG: "f", stat.S_IFDIR: "d", stat.S_IFLNK: "l",
                    stat.S_IFSOCK: "s", stat.S_IFIFO: "p"}.get(t, "?")
            extra = ""
            if kind == "f":
                with open(p, "rb") as f:
                    extra = hashlib.sha256(f.read()).hexdigest()[:16]
            elif kind == "l":
                extra = "-> " + os.readlink(p)
            row = "%s %s %04o %d:%d %d %s" % (r, kind, stat.S_IMODE(st.st_mode),
                                              st.st_uid, st.st_gid,
                                              st.st_size if kind == "f" else 0, extra)
            if mtime and kind == "f":
                row += " mtime=%d" % st.st_mtime_ns
            rows.append(row.rstrip())
    return "\n".join(rows) + "\n"


def normalize(text, root):
    text = text.replace(root, "<ROOT>").replace(HERE, "<CASES>")
    text = re.sub(r"\d{8}T\d{6}Z-\d+", "<STAMP>", text)
    return text


def run(binary, args, root, user=None):
    # a "user" file runs the case as that (non-root) user
    pre = ["setpriv", "--reuid", user, "--regid", "65534", "--clear-groups"] if user else []
    p = subprocess.run(pre + [binary] + args, capture_output=True, text=True,
                       env=dict(os.environ, NO_COLOR="1", LC_ALL="C"))
    return (normalize(p.stdout, root), normalize(p.stderr, root), "%d\n" % p.returncode)


def read_json(path, root):
    if not os.path.exists(path):
        return ""
    with open(path) as f:
        return normalize(f.read(), root)


class Case:
    def __init__(self, binary, d, regen):
        self.binary, self.dir, self.regen = binary, d, regen
        self.name = os.path.basename(d)
        self.failures = []
        self.written = 0
        self.user = None
        if os.path.exists(os.path.join(d, "user")):
            with open(os.path.join(d, "user")) as f:
                self.user = f.read().strip()

    def expect(self, fname, actual):
        path = os.path.join(self.dir, fname)
        if self.regen:
            old = open(path).read() if os.path.exists(path) else None
            if old != actual:
                with open(path, "w") as f:
                    f.write(actual)
                self.written += 1
            return
        if not os.path.exists(path):
            self.failures.append("%s: missing (run.py --regen writes it)" % fname)
            return
        if open(path).read() == actual:
            return
        with tempfile.NamedTemporaryFile("w", suffix="." + fname, delete=False) as t:
            t.write(actual)
        d = subprocess.run(["diff", "-u", path, t.name], capture_output=True, text=True).stdout
        os.unlink(t.name)
        self.failures.append("%s differs:\n%s" % (fname, d))

    def check(self, what, ok):
        if not ok:
            self.failures.append(what)

    def step(self, name, args, root, json_file=None):
        out, err, rc = run(self.binary, args, root, self.user)
        self.expect(name + ".out", out)
        self.expect(name + ".err", err)
        self.expect(name + ".rc", rc)
        if json_file is not None:
            self.expect(name + ".json", read_json(json_file, root))
        return rc

    def go(self, work):
        root = os.path.join(work, self.name)
        os.makedirs(root)
        build_tree(root, parse_tree(os.path.join(self.dir, "tree")))
        args = []
        if os.path.exists(os.path.join(self.dir, "args")):
            with open(os.path.join(self.dir, "args")) as f:
                args = shlex.split(f.read().replace("@CASE@", self.dir))
        steps = DEFAULT_STEPS
        if os.path.exists(os.path.join(self.dir, "steps")):
            with open(os.path.join(self.dir, "steps")) as f:
                steps = f.read().split()
        base = ["--root", root] + args
        before = listing(root, mtime=True)
        rep = os.path.join(work, self.name + ".report.json")
        for s in steps:
            if os.path.exists(rep):
                os.unlink(rep)
            if s == "run":
                self.step("run", [a.replace("@ROOT@", root) for a in args], root)
            elif s == "dry-run":
                self.step("dry-run", ["--dry-run"] + base, root)
                self.step("dry-run-json", ["--dry-run", "-f", "json"] + base, root)
                self.check("the dry run changed the tree", listing(root, mtime=True) == before)
            elif s in ("apply", "apply2"):
                self.step(s, base + ["--report", rep], root, rep)
                if s == "apply":
                    self.expect("apply.tree", listing(root))
            elif s == "verify":
                self.step("verify", ["verify"] + base + ["--report", rep], root, rep)
            elif s == "restore":
                self.step("restore", ["restore", "--root", root], root)
                self.check("restore did not bring back the tree (bytes, owner, mode, mtime):\n"
                           + "".join(l + "\n" for l in difflines(before, listing(root, mtime=True))),
                           listing(root, mtime=True) == before)
            else:
                self.failures.append("unknown step %r" % s)


def difflines(a, b):
    import difflib
    return list(difflib.unified_diff(a.splitlines(), b.splitlines(), "before", "after", lineterm=""))


def main(argv):
    regen = "--regen" in argv
    argv = [a for a in argv if a != "--regen"]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(argv[0])
    names = argv[1:] or sorted(n for n in os.listdir(HERE)
                               if os.path.isfile(os.path.join(HERE, n, "tree")))
    if os.geteuid() != 0:
        print("run.py: needs root (trees have root-owned files)", file=sys.stderr)
        return 77
    work = tempfile.mkdtemp(prefix="cisharden-cases.")
    failed = 0
    try:
        for n in names:
            c = Case(binary, os.path.join(HERE, os.path.basename(n.rstrip("/"))), regen)
            try:
                c.go(work)
            except SpecError as e:
                c.failures.append(str(e))
            if c.failures:
                failed += 1
                print("FAIL %s" % c.name)
                for f in c.failures:
                    print("  " + f.replace("\n", "\n  "))
            else:
                print("ok   %s%s" % (c.name, " (%d files written)" % c.written if regen else ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d cases, %d failed" % (len(names), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
