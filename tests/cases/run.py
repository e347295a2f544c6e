#!/usr/bin/env python3
"""Golden-output cases: see tests/cases/README.md.

usage: run.py [--regen] BINARY [CASE...]
       run.py --build-tree TREEFILE DIR [TREEFILE DIR...]   (the fake-root builder)
       run.py --expand CASESFILE OUTDIR   (variant tables: one tree file a case)
"""
import codecs
import hashlib
import json
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
# the standard steps: their intent goes into one "expect" file; their full
# outputs (NAME.out .err .rc .json) only when the case's "full" file names them
STANDARD = ("dry-run", "dry-run-json", "apply", "apply2", "verify", "restore")


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


def size_of(spec, where):
    """A byte count: 512, 64K, 100M, 1G."""
    m = re.fullmatch(r"(\d+)([KMG]?)", spec)
    if not m:
        raise SpecError("%s: bad size %r" % (where, spec))
    return int(m.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30}[m.group(2)]


def outside_of(root):
    """A directory beside the root, for files a case must see left alone."""
    return root.rstrip("/") + ".outside"


def build_tree(root, entries):
    out = outside_of(root)

    def at(path):  # a path in the root, or beside it (@OUTSIDE@/...)
        if path.startswith("@OUTSIDE@/"):
            return out + path[len("@OUTSIDE@"):]
        return root + path

    for w, body, where in entries:
        kind, p = w[0], w[1] if len(w) > 1 else None
        if p is not None and p.startswith("@OUTSIDE@/"):
            base, p = out, p[len("@OUTSIDE@"):]
            os.makedirs(out, 0o755, exist_ok=True)
        else:
            base = root
        if p is None or not p.startswith("/"):
            raise SpecError("%s: needs an absolute path" % where)
        full = base + p
        if kind == "rm":
            if os.path.isdir(full) and not os.path.islink(full):
                shutil.rmtree(full)
            elif os.path.lexists(full):
                os.unlink(full)
            continue
        if kind == "chmod":  # an entry made before (an include), never followed
            if len(w) != 3:
                raise SpecError("%s: chmod needs a path and a mode" % where)
            if not os.path.lexists(full) or os.path.islink(full):
                raise SpecError("%s: chmod of a missing path or a symlink" % where)
            os.chmod(full, int(w[2], 8))
            continue
        mkparent(base, p)
        if kind == "dir":
            os.makedirs(full, exist_ok=True)
        elif kind == "file":
            flags = set(w[4:])
            if "ifmissing" in flags and os.path.lexists(full):
                continue  # keep what an include made
            eol = "\r\n" if "crlf" in flags else "\n"
            data = (eol.join(body) + ("" if "nonl" in flags or not body else eol)).encode()
            if "esc" in flags:  # \xNN and the like, for bytes a text file cannot hold
                data = codecs.escape_decode(data)[0]
            for fl in flags:
                if fl.startswith("repeat="):  # a large file from a short body
                    data = data * int(fl[7:])
            if os.path.lexists(full):
                os.unlink(full)
            with open(full, "wb") as f:
                f.write(data)
                for fl in flags:
                    if fl.startswith("size="):  # a sparse file that large
                        f.truncate(size_of(fl[5:], where))
        elif kind == "symlink":
            os.symlink(w[2].replace("@OUTSIDE@", out), full)
            continue
        elif kind == "hardlink":
            os.link(at(w[2]), full)
            continue
        elif kind == "socket":
            s = socket.socket(socket.AF_UNIX)
            s.bind(full)
            s.close()
        elif kind == "fifo":
            os.mkfifo(full)
        elif kind in ("chardev", "blockdev"):
            if len(w) != 6:
                raise SpecError("%s: %s needs a mode, an owner, a major and a minor" % (where, kind))
            os.mknod(full, stat.S_IFCHR if kind == "chardev" else stat.S_IFBLK,
                     os.makedev(int(w[4]), int(w[5])))
        else:
            raise SpecError("%s: unknown entry %r" % (where, kind))
        if len(w) < 4:
            raise SpecError("%s: %s needs a mode and an owner" % (where, kind))
        uid, gid = owner(w[3], where)
        os.lchown(full, uid, gid)
        os.chmod(full, int(w[2], 8))
    # every file gets one fixed mtime, so that listings are stable
    for top in (root, out):
        for d, dirs, files in os.walk(top):
            for n in files + dirs:
                os.utime(os.path.join(d, n), (1700000000, 1700000000), follow_symlinks=False)


def expand(cases, outdir):
    """A variant table (see README.md "Variant tables") as one tree file a
    case, OUTDIR/NNNN.tree; returns the index lines "NNNN<TAB>name<TAB>
    keep<TAB>run" ("-" for an empty field)."""
    here = os.path.dirname(os.path.abspath(cases))
    lists, base, index = {}, [], []
    with open(cases) as f:
        lines = f.read().split("\n")
    for n, line in enumerate(lines, 1):
        where = "%s:%d" % (cases, n)
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        w = line.split()
        if w[0] == "list" and len(w) >= 3:
            lists.setdefault(w[1], []).extend(w[2:])
        elif w[0] == "base":
            base.extend(os.path.join(here, t) for t in w[1:])
        elif w[0] == "variant":
            cols = [c.strip() for c in line[len("variant"):].split("|")]
            if len(cols) != 5 or cols[0] not in lists:
                raise SpecError("%s: want variant LIST | NAME | KEEP | RUN | EDITS" % where)
            for path in lists[cols[0]]:
                sub = {"@P": path, "@D": os.path.dirname(path), "@B": os.path.basename(path)}

                def fill(text):
                    for k, v in sub.items():
                        text = text.replace(k, v)
                    return text
                edits = []
                for e in fill(cols[4]).split(";"):
                    e = e.strip()
                    if e.startswith("include "):
                        e = "include " + os.path.join(here, e[8:].strip())
                    if e:
                        edits.append(e)
                num = "%04d" % (len(index) + 1)
                with open(os.path.join(outdir, num + ".tree"), "w") as t:
                    t.write("# %s (%s)\n" % (fill(cols[1]), where))
                    t.write("".join("include %s\n" % b for b in base))
                    t.write("".join(e + "\n" for e in edits))
                index.append("\t".join([num, fill(cols[1]), fill(cols[2]) or "-", cols[3] or "-"]))
        else:
            raise SpecError("%s: unknown line %r" % (where, w[0]))
    return index


def listing(root, mtime=False, full=False, prefix=""):
    """type mode owner size sha256 (mtime) of every path, backups left out;
    full: also mtime, ctime and inode of every path (for "touched nothing").
    The directory beside the root (@OUTSIDE@) follows, when there is one."""
    rows = []
    if not prefix and os.path.isdir(outside_of(root)):
        tail = listing(outside_of(root), mtime, full, "@OUTSIDE@/")
    else:
        tail = ""
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
            if mtime and kind == "f" and not full:
                row += " mtime=%d" % st.st_mtime_ns
            if full:
                row += " mtime=%d ctime=%d ino=%d" % (st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            rows.append(prefix + row.rstrip())
    return "\n".join(rows) + "\n" + tail


# strerror texts that differ between musl (the static build) and glibc:
# the goldens hold glibc's
LIBC_TEXTS = {"Symbolic link loop": "Too many levels of symbolic links"}


def normalize(text, root):
    text = text.replace(outside_of(root), "<OUTSIDE>").replace(root, "<ROOT>")
    for musl, glibc in LIBC_TEXTS.items():
        text = text.replace(musl, glibc).replace(HERE, "<CASES>")
    text = re.sub(r"\d{8}T\d{6}Z-\d+", "<STAMP>", text)
    # report times (XCCDF, ASFF, SSM: RFC 3339; OCSF: epoch milliseconds)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "<TIME>", text)
    text = re.sub(r'("time":\s*)\d{13}\b', r"\1<MS>", text)
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
        self.intent = []
        self.last = None  # (step, its verdict lines)
        self.expected = set()
        self.full = set()
        if os.path.exists(os.path.join(d, "full")):
            with open(os.path.join(d, "full")) as f:
                self.full = set(shlex.split(f.read(), comments=True))
        if os.path.exists(os.path.join(d, "user")):
            with open(os.path.join(d, "user")) as f:
                self.user = f.read().strip()

    def expect(self, fname, actual):
        self.expected.add(fname)
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
        js = read_json(json_file, root) if json_file is not None else ""
        if name in STANDARD:
            if name == "dry-run-json":  # the dry run's intent, from its JSON
                js = out
                self.add_intent("dry-run", intent_of("dry-run", rc, out, err, js))
            elif name != "dry-run":
                self.add_intent(name, intent_of(name, rc, out, err, js))
            for ext, text in ((".out", out), (".err", err), (".rc", rc), (".json", js)):
                if name + ext in self.full:
                    self.expect(name + ext, text)
            return rc
        self.expect(name + ".out", out)
        self.expect(name + ".err", err)
        self.expect(name + ".rc", rc)
        if json_file is not None:
            self.expect(name + ".json", js)
        return rc

    def add_intent(self, name, lines):
        """A step whose verdicts are the previous step's says so in a line."""
        body = [l for l in lines[1:] if not l.startswith("  stderr: ")]
        if body and self.last is not None and body == self.last[1]:
            lines = [lines[0], "  as %s" % self.last[0]] + lines[1 + len(body):]
        else:
            self.last = (name, body)
        self.intent.extend(lines)

    def finish(self):
        """The one intent file, and no golden left that nothing checks."""
        if self.intent:
            self.expect("expect", "".join(l + "\n" for l in self.intent))
        for n in sorted(os.listdir(self.dir)):
            base, ext = os.path.splitext(n)
            if base in STANDARD and ext in (".out", ".err", ".rc", ".json") \
                    and n not in self.expected:
                if self.regen:
                    os.unlink(os.path.join(self.dir, n))
                    self.written += 1
                else:
                    self.failures.append("%s: not checked (list it in \"full\", or "
                                         "run.py --regen removes it)" % n)

    def same(self, what, before, root):
        """A check that the tree (mtime, ctime, inode too) is as before."""
        now = listing(root, full=True)
        self.check("%s:\n%s" % (what, "".join(l + "\n" for l in difflines(before, now))),
                   now == before)

    def subst(self, words, root, rep):
        return [w.replace("@CASE@", self.dir).replace("@ROOT@", root).replace("@REPORT@", rep)
                for w in words]

    def go(self, work):
        base_dir = os.path.join(work, self.name)
        os.makedirs(base_dir)
        if self.user:  # the user must reach the root
            os.chmod(work, 0o755)
            os.chmod(base_dir, 0o755)
        root = os.path.join(base_dir, "root")
        os.makedirs(root, 0o755)
        os.chmod(root, 0o755)
        build_tree(root, parse_tree(os.path.join(self.dir, "tree")))
        args = []
        if os.path.exists(os.path.join(self.dir, "args")):
            with open(os.path.join(self.dir, "args")) as f:
                args = shlex.split(f.read().replace("@CASE@", self.dir))
        # steps: one line each; a line of plain step names, or
        # "exec NAME ARGS...", "exec-same NAME ARGS...", "tree NAME",
        # "file NAME PATH"
        steps = [[s] for s in DEFAULT_STEPS]
        if os.path.exists(os.path.join(self.dir, "steps")):
            steps = []
            with open(os.path.join(self.dir, "steps")) as f:
                for line in f:
                    w = shlex.split(line, comments=True)
                    if not w:
                        continue
                    if w[0] in ("exec", "exec-same", "tree", "file"):
                        steps.append(w)
                    else:
                        steps.extend([x] for x in w)
        base = ["--root", root] + args
        keep_going = "--keep-going" in args
        before = listing(root, mtime=True)
        rep = os.path.join(base_dir, "report.json")
        for w in steps:
            s = w[0]
            if os.path.exists(rep):
                os.unlink(rep)
            snap = listing(root, full=True)
            if s == "run":
                self.step("run", [a.replace("@ROOT@", root) for a in args], root)
            elif s == "dry-run":
                self.step("dry-run", ["--dry-run"] + base, root)
                self.step("dry-run-json", ["--dry-run", "-f", "json"] + base, root)
                self.same("the dry run changed the tree", snap, root)
            elif s in ("apply", "apply2"):
                rc = self.step(s, base + ["--report", rep], root, rep)
                if s == "apply":
                    self.expect("apply.tree", normalize(listing(root), root))
                    if rc not in ("0\n", "1\n", "3\n") and not keep_going:
                        self.same("apply exited %s but changed the tree" % rc.strip(), snap, root)
                else:
                    self.same("the second apply changed the tree", snap, root)
            elif s == "verify":
                self.step("verify", ["verify"] + base + ["--report", rep], root, rep)
                self.same("verify changed the tree", snap, root)
            elif s == "restore":
                self.step("restore", ["restore", "--root", root], root)
                self.check("restore did not bring back the tree (bytes, owner, mode, mtime):\n"
                           + "".join(l + "\n" for l in difflines(before, listing(root, mtime=True))),
                           listing(root, mtime=True) == before)
            elif s in ("exec", "exec-same") and len(w) >= 2:
                a = self.subst(w[2:], root, rep)
                self.step(w[1], a, root, rep if any("@REPORT@" in x for x in w[2:]) else None)
                if s == "exec-same":
                    self.same("%s changed the tree" % w[1], snap, root)
            elif s == "file" and len(w) == 3:  # a file's bytes after the steps so far
                self.expect(w[1], show_file(root + w[2]))
            elif s == "tree" and len(w) == 2:
                self.expect(w[1] + ".tree", normalize(listing(root), root))
            else:
                self.failures.append("bad step %r" % " ".join(w))


def intent_of(step, rc, out, err, js):
    """A step's intent: exit code, then each control's verdict with the
    changes it plans or made, each action's result, and stderr. No reason
    texts: a reworded message changes only the full goldens that show it."""
    lines = ["%s: exit %s" % (step, rc.strip())]
    try:
        r = json.loads(js) if js.strip() else None
    except ValueError:
        r = None
    if isinstance(r, dict) and "controls" in r:
        flags = []
        if r.get("changed"):
            flags.append("changed %d" % r["changed"])
        for k in ("restart_pending", "reboot_required", "blocked", "rolled_back"):
            if r.get(k):
                flags.append(k.replace("_", " "))
        if r.get("blocked_by"):
            flags.append("blocked by %s" % r["blocked_by"])
        if flags:
            lines[0] += " (" + ", ".join(flags) + ")"
        for c in r["controls"]:
            lines.append("  %-7s %-9s %s" % (c.get("id"), c.get("status"), c.get("class", "")))
            lines.extend("          change %s" % ch for ch in c.get("changes") or [])
        for a in r.get("actions") or []:
            lines.append("  action %s %s [%s]%s" % (a.get("result"), a.get("path"),
                         a.get("controls"), " error: %s" % a["error"] if a.get("error") else ""))
    elif step != "dry-run" and out.strip():
        lines.extend("  | " + l for l in out.splitlines())
    lines.extend("  stderr: " + l for l in err.splitlines())
    return lines


def show_file(path):
    """A file's text for a golden; never follows a symlink (it may point
    out of the root)."""
    if os.path.islink(path):
        return "(symlink -> %s)\n" % os.readlink(path)
    if not os.path.isfile(path):
        return "(no such file)\n"
    with open(path, errors="replace") as f:
        return f.read()


def difflines(a, b):
    import difflib
    return list(difflib.unified_diff(a.splitlines(), b.splitlines(), "before", "after", lineterm=""))


def main(argv):
    if argv[:1] == ["--build-tree"]:
        if len(argv) < 3 or len(argv) % 2 == 0:
            print(__doc__, file=sys.stderr)
            return 2
        try:  # TREEFILE DIR pairs, many trees for one start of Python
            for tree, d in zip(argv[1::2], argv[2::2]):
                os.makedirs(d, 0o755, exist_ok=True)
                build_tree(os.path.abspath(d), parse_tree(tree))
        except (SpecError, OSError) as e:
            print("run.py: %s" % e, file=sys.stderr)
            return 1
        return 0
    if argv[:1] == ["--expand"]:
        if len(argv) != 3:
            print(__doc__, file=sys.stderr)
            return 2
        try:
            os.makedirs(argv[2], 0o755, exist_ok=True)
            print("\n".join(expand(argv[1], argv[2])))
        except (SpecError, OSError) as e:
            print("run.py: %s" % e, file=sys.stderr)
            return 1
        return 0
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
                c.finish()
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
