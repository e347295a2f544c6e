#!/usr/bin/env python3
"""Structural promises of src/, checked on the build's object files.

The module graph comes from the linker's view, not from #include lines:
module X (src/FOLDER/X.c, compiled to X.c.o) depends on module Y when X
has an undefined symbol that Y defines (nm -P). A module's folder is its
layer; src/*.c (main.c and the pipeline) are the folder "main", on top.

1. No cycle between modules, and none between folders.
2. The layers: a folder calls only the folders below it, in the order
   core, formats, host, observe, sections, apply, report, main
   (formats are pure: they call core and nothing of the host).
3. Only src/host touches the host: no module outside it calls a libc
   function that reads or changes the host (open, stat, readlink,
   opendir, socket, fork, exec, kill, dlopen, ...).
4. One writer: only safeio changes the file system (rename, unlink,
   mkdir, chmod, chown, link, truncate, ... from the symbols; and, from
   the source text, no open/fopen for writing outside safeio.c).
5. Planners are pure: a section module reaches, through any chain of
   calls, no module of src/host (observe, kaudit, safeio, spawn,
   dockerapi, procfs, ...) and calls no printing function.
6. Sections do not look at each other's plan: no sections/*.c reads
   the run's actions (act, nact) or its write list (writes), from the
   source text; what section 1 must cover of the others' files is its
   plan's "creates" argument.

Usage: check_structure.py SRCDIR BUILDDIR
       check_structure.py --compile SRCDIR OUTDIR
(exit 0 when every promise holds, 1 otherwise). --compile first builds
every SRCDIR/FOLDER/NAME.c into OUTDIR/src/FOLDER/NAME.c.o with $CC, as
CMake lays out the real objects: the planted violations of
tests/structure/bad are checked as real objects.
"""
import os
import re
import subprocess
import sys

LAYERS = ['core', 'formats', 'host', 'observe', 'sections', 'apply', 'report', 'main']

# libc calls that read or change the host (file system, processes,
# sockets, libraries): only src/host may make them.
HOST_LIBC = {
    'open', 'open64', 'openat', 'openat64', 'fopen', 'fopen64', 'freopen', 'creat',
    'stat', 'stat64', 'lstat', 'lstat64', 'fstatat', 'fstatat64', 'statx',
    '__xstat', '__lxstat', '__fxstatat', '__xstat64', '__lxstat64', '__fxstatat64',
    'access', 'faccessat', 'readlink', 'readlinkat', 'realpath', 'opendir',
    'fdopendir', 'scandir', 'socket', 'connect', 'fork', 'vfork', 'execv',
    'execve', 'execvp', 'execvpe', 'execl', 'execlp', 'fexecve', 'posix_spawn',
    'posix_spawnp', 'popen', 'system', 'kill', 'dlopen', 'memfd_create',
    'syscall', 'getpwnam', 'getgrnam', 'getpwnam_r', 'getgrnam_r', 'flock',
}
# libc calls that change the file system: only safeio may make them.
FS_CHANGE = {
    'rename', 'renameat', 'renameat2', 'unlink', 'unlinkat', 'mkdir', 'mkdirat',
    'rmdir', 'chmod', 'fchmod', 'fchmodat', 'chown', 'fchown', 'fchownat',
    'lchown', 'link', 'linkat', 'symlink', 'symlinkat', 'truncate', 'ftruncate',
    'utimensat', 'futimens', 'mkstemp', 'mkostemp', 'mkdtemp', 'creat',
}
PRINTING = {
    'printf', 'fprintf', 'vprintf', 'vfprintf', 'dprintf', 'vdprintf', 'puts',
    'fputs', 'putchar', 'fputc', 'putc', 'fwrite', 'perror', 'warn', 'warnx',
    'vwarn', 'vwarnx', 'err', 'errx', 'verr', 'verrx', 'syslog',
    '__printf_chk', '__fprintf_chk', '__vfprintf_chk', '__vprintf_chk',
    '__dprintf_chk', 'putchar_unlocked', 'fputs_unlocked', 'fwrite_unlocked',
}

# Known exceptions to "only src/host touches the host", each with why.
# An entry that no longer matches a call is itself a failure, so the
# list only shrinks.
HOST_EXCEPTIONS = {
    ('profile', 'fopen'): 'reads the --profile file and what it extends '
                          '(user input, not host state); not yet through safeio',
}

WRITE_OPEN = re.compile(r'\b(open|openat|open64)\s*\([^;]*\b(O_WRONLY|O_RDWR|O_CREAT|O_TRUNC)\b', re.S)
FOPEN_W = re.compile(r'\b(fopen|fdopen|freopen)\s*\([^;"]*,\s*"[^"]*[wa+][^"]*"\s*\)', re.S)
PLAN_PEEK = re.compile(r'(?:->|\.)(act|nact|writes)\b')
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


def line_of(text, pos):
    return text.count('\n', 0, pos) + 1


def c_sources(src):
    """Every .c under src: module name -> (folder, path)."""
    found = {}
    for d, _, names in os.walk(src):
        for name in names:
            if name.endswith('.c'):
                rel = os.path.relpath(d, src)
                folder = 'main' if rel == '.' else rel.split(os.sep)[0]
                found[name[:-2]] = (folder, os.path.join(d, name))
    return found


def objects(build):
    """Every object file compiled from src/ under build (CMake's
    CMakeFiles/TARGET.dir/src/FOLDER/NAME.c.o, not the tests'): module -> path."""
    found = {}
    for d, dirs, names in os.walk(build):
        rel = os.path.relpath(d, build).split(os.sep)
        if rel[0] == 'tests':
            dirs[:] = []
            continue
        if 'src' not in rel:
            continue
        for name in names:
            if name.endswith('.c.o'):
                found[name[:-4]] = os.path.join(d, name)
    return found


def symbols(obj):
    """(defined, undefined) global symbols of an object file."""
    out = subprocess.run(['nm', '-P', obj], check=True, capture_output=True, text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        name, kind = f[0], f[1]
        if kind == 'U':
            undefined.add(name)
        elif kind.isupper():
            defined.add(name)
    return defined, undefined


def graph(src, build):
    """Modules with their folder, the calls between them and into libc."""
    srcs, objs = c_sources(src), objects(build)
    missing = sorted(set(srcs) - set(objs))
    mods = {}
    for m, (folder, _) in srcs.items():
        if m in objs:
            d, u = symbols(objs[m])
            mods[m] = {'folder': folder, 'def': d, 'undef': u}
    owner = {}
    for m, v in mods.items():
        for s in v['def']:
            owner[s] = m
    for m, v in mods.items():
        v['deps'] = {}
        v['libc'] = set()
        for s in v['undef']:
            if s in owner and owner[s] != m:
                v['deps'].setdefault(owner[s], set()).add(s)
            elif s not in owner:
                v['libc'].add(s)
    return mods, missing


def cycles(deps):
    """Every strongly connected component of more than one node."""
    index, low, onstack, stack, out, n = {}, {}, set(), [], [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        onstack.add(v)
        for w in sorted(deps.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in onstack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                onstack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(deps):
        if v not in index:
            visit(v)
    return sorted(out)


def why(mods, a, b):
    return ', '.join(sorted(mods[a]['deps'][b])[:3])


def check(src, build):
    mods, missing = graph(src, build)
    bad = [f'no object file for {m}.c in {build}: build first' for m in missing]
    mdeps = {m: set(v['deps']) for m, v in mods.items()}
    for c in cycles(mdeps):
        bad.append('module cycle: ' + ' <-> '.join(c))
    fdeps = {}
    for m, v in mods.items():
        for d in v['deps']:
            if mods[d]['folder'] != v['folder']:
                fdeps.setdefault(v['folder'], set()).add(mods[d]['folder'])
    for c in cycles(fdeps):
        bad.append('folder cycle: ' + ' <-> '.join(c))
    for m in sorted(mods):
        f = mods[m]['folder']
        if f not in LAYERS:
            bad.append(f'layers: {m}.c is in src/{f}, not a layer folder')
            continue
        for d in sorted(mods[m]['deps']):
            g = mods[d]['folder']
            if g in LAYERS and LAYERS.index(g) > LAYERS.index(f):
                bad.append(f'layers: {f}/{m} calls {g}/{d} above it ({why(mods, m, d)})')
        if f != 'host':
            for s in sorted(mods[m]['libc'] & HOST_LIBC):
                if (m, s) not in HOST_EXCEPTIONS:
                    bad.append(f'host access: {f}/{m} calls {s}() outside src/host')
        if m != 'safeio':
            for s in sorted(mods[m]['libc'] & FS_CHANGE):
                bad.append(f'one writer: {f}/{m} calls {s}() outside safeio')
    for (m, s), why_ in sorted(HOST_EXCEPTIONS.items()):
        if m in mods and s not in mods[m]['libc']:
            bad.append(f'host access: the exception for {m} calling {s}() is stale ({why_})')
    # planners are pure: what a section module reaches
    for m in sorted(mods):
        if mods[m]['folder'] != 'sections':
            continue
        seen, todo = set(), [m]
        while todo:
            x = todo.pop()
            for d in mods[x]['deps']:
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        for d in sorted(seen):
            if mods[d]['folder'] in ('host', 'observe') and d in reaches_host(mods):
                bad.append(f'pure planners: sections/{m} reaches {mods[d]["folder"]}/{d}, '
                           'which reads the host')
        for s in sorted(mods[m]['libc'] & PRINTING):
            bad.append(f'pure planners: sections/{m} prints ({s})')
    bad += text_checks(src)
    return bad


def reaches_host(mods, _memo={}):
    """The modules that are in src/host or reach one of them."""
    key = id(mods)
    if key not in _memo:
        r = {m for m, v in mods.items() if v['folder'] == 'host'}
        changed = True
        while changed:
            changed = False
            for m, v in mods.items():
                if m not in r and any(d in r for d in v['deps']):
                    r.add(m)
                    changed = True
        _memo[key] = r
    return _memo[key]


def text_checks(src):
    """What symbols cannot show: open flags and fopen modes, and the
    fields of the plan a section reads."""
    bad = []
    for m, (folder, path) in sorted(c_sources(src).items()):
        raw = open(path, encoding='utf-8').read()
        code = strip_comments(raw, blank_strings=True)
        text = strip_comments(raw)
        if m != 'safeio':
            for mt in WRITE_OPEN.finditer(code):
                bad.append(f'one writer: {m}.c:{line_of(code, mt.start())}: '
                           f'{mt.group(0)[:60]!r} opens for writing outside safeio')
            for mt in FOPEN_W.finditer(text):
                bad.append(f'one writer: {m}.c:{line_of(text, mt.start())}: '
                           f'{mt.group(0)[:60]!r} opens for writing outside safeio')
        if folder == 'sections':
            for mt in PLAN_PEEK.finditer(code):
                bad.append(f'sections apart: {m}.c:{line_of(code, mt.start())}: '
                           f'{mt.group(0)} reads the plan of another section')
    return bad


def compile_tree(src, out):
    for m, (folder, path) in sorted(c_sources(src).items()):
        d = os.path.join(out, 'src') if folder == 'main' else os.path.join(out, 'src', folder)
        os.makedirs(d, exist_ok=True)
        subprocess.run([os.environ.get('CC', 'cc'), '-c', '-O0', '-o',
                        os.path.join(d, m + '.c.o'), path], check=True)


def main():
    args = sys.argv[1:]
    if args[:1] == ['--compile'] and len(args) == 3:
        compile_tree(args[1], args[2])
        args = args[1:]
    if len(args) != 2:
        print('usage: check_structure.py [--compile] SRCDIR BUILDDIR', file=sys.stderr)
        return 2
    bad = check(args[0], args[1])
    for b in bad:
        print(b)
    if not bad:
        print('no cycle between modules or folders; every call goes down the layers; '
              'only src/host touches the host; only safeio writes; planners reach no host '
              'and print nothing; sections read no other section\'s plan')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
