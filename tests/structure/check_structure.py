#!/usr/bin/env python3
"""Structural promises of src/, checked on the source text.

1. One writer: outside src/safeio.c no code opens a file for writing
   (open/openat with O_WRONLY, O_RDWR, O_CREAT or O_TRUNC; fopen/fdopen
   with a w, a or + mode; creat) or changes the file system (rename,
   unlink, mkdir, rmdir, chmod, chown, link, symlink, truncate).
2. No include cycles between modules: module X is X.c with X.h, and X
   depends on Y when X.c or X.h includes Y.h. The graph must be acyclic.
3. Planners are pure: the section modules (sec*.c) never read the host
   themselves (no safeio_, spawn_, procfs_, dockerapi_ or kaudit_probe
   call, no open/stat/readlink/opendir); they take it from struct host.
4. Sections do not look at each other's plan: no sec*.c reads the run's
   actions (act, nact) or its write list (writes); what section 1 must
   cover of the others' files is sec1_plan()'s "creates" argument.

Usage: check_structure.py SRCDIR   (exit 0 when both hold, 1 otherwise)
"""
import os
import re
import sys

WRITE_OPEN = re.compile(r'\b(open|openat|open64)\s*\([^;]*\b(O_WRONLY|O_RDWR|O_CREAT|O_TRUNC)\b', re.S)
FOPEN_W = re.compile(r'\b(fopen|fdopen|freopen)\s*\([^;"]*,\s*"[^"]*[wa+][^"]*"\s*\)', re.S)
FS_CHANGE = re.compile(r'(?<![\w.>])(creat|rename|renameat2?|unlink|unlinkat|mkdir|mkdirat|rmdir|'
                       r'chmod|fchmod|fchmodat|chown|fchown|fchownat|lchown|link|linkat|symlink|'
                       r'symlinkat|truncate|ftruncate|utimensat|futimens)\s*\(')
HOST_READ = re.compile(r'(?<![\w.>])(safeio_\w+|spawn_\w+|procfs_\w+|dockerapi_\w+|kaudit_probe|'
                       r'open|openat|fopen|stat|lstat|fstatat|readlink|opendir|access)\s*\(')
PLAN_PEEK = re.compile(r'(?:->|\.)(act|nact|writes)\b')
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)\.h"', re.M)


TOKENS = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def strip_comments(text, blank_strings=False):
    """Comments go (their newlines stay); string and character literals
    stay, or become placeholders of the same length with blank_strings."""
    def repl(m):
        t = m.group(0)
        if t.startswith('/'):
            return '\n' * t.count('\n')
        if blank_strings:
            return t[0] + 'x' * (len(t) - 2) + t[-1]
        return t
    return TOKENS.sub(repl, text)


def sources(src):
    """Every .c and .h under src (the layers are folders): name -> path."""
    found = {}
    for d, _, names in os.walk(src):
        for name in names:
            if name.endswith(('.c', '.h')):
                found[name] = os.path.join(d, name)
    return found


def line_of(text, pos):
    return text.count('\n', 0, pos) + 1


def one_writer(src):
    bad = []
    files = sources(src)
    for name in sorted(files):
        if not name.endswith('.c') or name == 'safeio.c':
            continue
        raw = open(files[name], encoding='utf-8').read()
        text = strip_comments(raw)
        # string literals may mention calls ("rename failed"): blank them
        code = strip_comments(raw, blank_strings=True)
        for rx in (WRITE_OPEN, FS_CHANGE):
            for m in rx.finditer(code):
                bad.append(f'{name}:{line_of(code, m.start())}: {m.group(0)[:60]!r}')
        for m in FOPEN_W.finditer(text):
            bad.append(f'{name}:{line_of(text, m.start())}: {m.group(0)[:60]!r}')
    return bad


def section_hits(src, rx, group):
    """Where rx matches in the section modules (sec*.c), comments and strings blanked."""
    bad = []
    files = sources(src)
    for name in sorted(files):
        if not (name.startswith('sec') and name.endswith('.c')):
            continue
        code = strip_comments(open(files[name], encoding='utf-8').read(), blank_strings=True)
        for m in rx.finditer(code):
            bad.append(f'{name}:{line_of(code, m.start())}: {m.group(group)}')
    return bad


def pure_planners(src):
    return [b + '()' for b in section_hits(src, HOST_READ, 1)]


def plan_peeks(src):
    return section_hits(src, PLAN_PEEK, 0)


def modules(src):
    deps = {}
    files = sources(src)
    for name in files:
        base, ext = os.path.splitext(name)
        text = strip_comments(open(files[name], encoding='utf-8').read())
        for inc in INCLUDE.findall(text):
            if inc != base and inc + '.h' in files:
                deps.setdefault(base, set()).add(inc)
        deps.setdefault(base, set())
    return deps


def cycles(deps):
    found, state, stack = [], {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for d in sorted(deps.get(m, ())):
            if state.get(d) == 1:
                found.append(' -> '.join(stack[stack.index(d):] + [d]))
            elif d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(deps):
        if m not in state:
            visit(m)
    return found


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else 'src'
    rc = 0
    for b in one_writer(src):
        print(f'one writer: {b}: writes outside safeio.c')
        rc = 1
    for c in cycles(modules(src)):
        print(f'include cycle: {c}')
        rc = 1
    for b in pure_planners(src):
        print(f'pure planners: {b}: reads the host')
        rc = 1
    for b in plan_peeks(src):
        print(f'sections apart: {b}: reads the plan of another section')
        rc = 1
    if rc == 0:
        print('one writer: only safeio.c writes; include graph: no cycles; planners read no host; '
              'sections read no other section\'s plan')
    return rc


if __name__ == '__main__':
    sys.exit(main())
