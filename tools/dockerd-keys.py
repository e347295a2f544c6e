#!/usr/bin/env python3
"""List the daemon.json keys each Docker Engine release accepts, from moby's source.

dockerd refuses a daemon.json key unless pflag knows a long flag of that
name, a NamedOption flag carries that name, or the key is in
skipValidateOptions (daemon/config/config.go, findConfigurationConflicts).
This reads the flag registrations of each release tag in a moby clone and
prints, per key, the first and last release that accepts it, so the table
in src/formats/dflags.c can be checked against the code of every engine.

Usage: tools/dockerd-keys.py MOBY_GIT_DIR [TAG...]
A maintainer's tool: it needs a moby clone; nothing in the build runs it.
"""
import re
import subprocess
import sys

TAGS = ["v20.10.0", "v20.10.27", "v23.0.0", "v23.0.18", "v24.0.0", "v24.0.9",
        "v25.0.0", "v25.0.17", "v26.0.0", "v26.1.5", "v27.0.1", "v27.5.1",
        "v28.0.0", "v28.5.2", "docker-v29.0.0", "docker-v29.1.5"]


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True,
                          capture_output=True, text=True).stdout


def call_args(src, start):
    """The text between the parenthesis at src[start] and its match."""
    depth, i, q = 0, start, None
    while i < len(src):
        c = src[i]
        if q:
            if c == "\\" and q == '"':
                i += 1
            elif c == q:
                q = None
        elif c in "\"`":
            q = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return src[start + 1:i]
        i += 1
    return ""


def top_level_strings(args, consts):
    """String literals (or Flag* constants) that are whole top-level arguments."""
    out, depth, cur = [], 0, ""
    for c in args + ",":
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            m = re.fullmatch(r'\s*"([^"]*)"\s*', cur)
            out.append(m.group(1) if m else consts.get(cur.strip()))
            cur = ""
        else:
            cur += c
    return out


def keys_at(repo, tag):
    files = [f for f in git(repo, "ls-tree", "-r", "--name-only", tag).split()
             if re.match(r"(cmd/dockerd|daemon/command)/[^/]+\.go$", f)
             and not re.search(r"(_test|_windows|_freebsd|_darwin|_solaris)\.go$", f)]
    flags, named = {}, set()
    for f in files:
        src = git(repo, "show", f"{tag}:{f}")
        consts = dict(re.findall(r'\b(Flag\w+)\s*=\s*"([^"]+)"', src))
        # a NamedOption is often built into a variable, then registered
        named.update(re.findall(r'NewNamed\w*\(\s*"([^"]+)"', src))
        for m in re.finditer(r"\bflags\.(\w+)\(", src):
            meth = m.group(1)
            if meth in ("Lookup", "MarkHidden", "MarkDeprecated", "Set",
                        "SetAnnotation", "Changed", "VisitAll", "Visit",
                        "SortFlags", "SetInterspersed", "AddFlagSet",
                        "MarkShorthandDeprecated", "Parse", "NFlag"):
                continue
            args = call_args(src, m.end() - 1)
            strs = top_level_strings(args, consts)
            # Var(value, name, usage); XxxVar(&p, name, default, usage); Xxx(name, default, usage)
            pos = 0 if meth in ("Bool", "BoolP", "String", "StringP", "Int",
                                "IntP", "StringSlice", "Uint") else 1
            if pos >= len(strs) or strs[pos] is None:
                continue
            name = strs[pos]
            short = strs[pos + 1] if meth.endswith("P") and pos + 1 < len(strs) else None
            flags[name] = (meth, short)
            if "DefaultAddressPools" in args:
                named.add("default-address-pools")
    cfg = git(repo, "show", f"{tag}:daemon/config/config.go")
    skip = re.search(r"skipValidateOptions = map\[string\]bool\{(.*?)\n\}", cfg, re.S)
    skipped = set(re.findall(r'"([^"]+)":\s*true', skip.group(1))) if skip else set()
    return flags, named, skipped


def main():
    repo = sys.argv[1]
    tags = sys.argv[2:] or TAGS
    seen = {}
    for t in tags:
        flags, named, skipped = keys_at(repo, t)
        for k in set(flags) | named | skipped:
            how = ("flag " + flags[k][0] if k in flags else
                   "named option" if k in named else "skipValidateOptions")
            seen.setdefault(k, []).append((t, how))
    for k in sorted(seen):
        ts = [t for t, _ in seen[k]]
        gaps = [t for t in tags[tags.index(ts[0]):tags.index(ts[-1]) + 1] if t not in ts]
        print(f"{k:40} {ts[0]:>16} .. {ts[-1]:<16} {seen[k][-1][1]}"
              + (f"  (absent in {' '.join(gaps)})" if gaps else ""))


if __name__ == "__main__":
    main()
