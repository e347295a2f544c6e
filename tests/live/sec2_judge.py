#!/usr/bin/env python3
"""The section 2 verdict table (sec2_table.txt) for the live test and the
VM suite's engine job, so both read one table and judge it one way.

  sec2_judge.py TABLE cases                 the case names, one a line
  sec2_judge.py TABLE field CASE KEY        that case's json, json-after,
                                            flags or env ("" when unset)
  sec2_judge.py TABLE judge CASE RC VERIFY INFO BRIDGE DAEMONJSON CMDLINE
      compare `cisharden verify --only 2.x --format json` (exit RC, report
      VERIFY) with the table and with the engine's own state (INFO: Engine
      API /info, BRIDGE: /networks/bridge, DAEMONJSON: the file or a path
      that does not exist, CMDLINE: dockerd's /proc/PID/cmdline, NULs or
      spaces). Prints every disagreement; exit 1 when there is one.

The judgment, besides the table's statuses:
 - a control the engine shows as not compliant never passes, and 2.2,
   2.13, 2.15 and 2.18 pass exactly when the engine complies (unless the
   case expects "restart pending");
 - a control whose key is set nowhere and whose engine default complies
   (2.3, 2.4, 2.5, 2.6, 2.7, 2.10, 2.11, 2.18) never fails;
 - the exit status is 0 when everything passes, else 3.
"""
import json
import os
import re
import sys


def load_table(path):
    base, cases, cur = None, {}, None
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, _, rest = line.strip().partition(" ")
            if key == "base":
                base = rest
            elif key == "case":
                cur = cases.setdefault(rest, {"order": len(cases), "grep": [], "match": []})
            elif cur is None:
                sys.exit("%s: %r before the first case" % (path, line))
            elif key in ("grep", "match"):
                cur[key].append(rest)
            elif key in ("json", "json-after", "flags", "env", "expect"):
                cur[key] = rest
            else:
                sys.exit("%s: unknown line %r" % (path, line))
    if base is None:
        sys.exit("%s: no base line" % path)
    return base, cases


def statuses(text):
    return dict(kv.split("=", 1) for kv in text.split())


def judge(base, case, rc, vpath, ipath, bpath, djpath, cmdline):
    v = json.load(open(vpath))
    info = json.load(open(ipath))
    bridge = json.load(open(bpath))
    dj = json.load(open(djpath)) if os.path.exists(djpath) else {}
    flags = cmdline.replace("\0", " ").split()
    st = {c["id"]: c["status"] for c in v["controls"]}
    why = {c["id"]: c["reason"] for c in v["controls"]}
    bad = []
    # 1. the table's verdicts
    want = statuses(base)
    want.update(statuses(case.get("expect", "")))
    for cid, s in want.items():
        if st.get(cid) != s:
            bad.append("%s is %s, wanted %s: %s" % (cid, st.get(cid), s, why.get(cid)))
    vtext = open(vpath).read()
    for g in case["grep"]:
        if g not in vtext:
            bad.append("the report does not say %r" % g)
    for m in case["match"]:
        if not re.search(m, vtext):
            bad.append("the report does not match %r" % m)
    # 2. the engine's own state, read here
    secopts = info.get("SecurityOptions") or []
    engine_ok = {
        "2.2": bridge.get("Options", {}).get("com.docker.network.bridge.enable_icc") == "false",
        "2.13": info.get("LoggingDriver") not in ("json-file", "local", "none"),
        "2.15": info.get("LiveRestoreEnabled") is True,
        "2.18": info.get("ExperimentalBuild") is False,
    }
    reg = info.get("RegistryConfig") or {}
    engine_no = {
        "2.3": info.get("Debug") is True,
        "2.5": any(c.get("Secure") is False for c in (reg.get("IndexConfigs") or {}).values())
        or any(c not in ("127.0.0.0/8", "::1/128") for c in reg.get("InsecureRegistryCIDRs") or []),
        "2.6": info.get("Driver") == "aufs",
        "2.9": not any(o.startswith("name=userns") for o in secopts),
        "2.12": not ((info.get("Plugins") or {}).get("Authorization")),
        "2.17": any("profile=unconfined" in o for o in secopts),
    }
    for cid, ok in engine_ok.items():
        engine_no[cid] = not ok
        if st[cid] == "restart_pending":
            continue
        if (st[cid] == "pass") != ok:
            bad.append("%s is %s, but the engine %s" % (cid, st[cid],
                       "complies" if ok else "does not comply"))
    for cid, no in engine_no.items():
        if no and st[cid] == "pass":
            bad.append("%s passes, but the engine does not comply" % cid)
    # 3. unset everywhere and the default complies: never fail
    defaults = {"2.3": ["log-level", "debug"], "2.4": ["iptables"],
                "2.5": ["insecure-registries"], "2.6": ["storage-driver"],
                "2.7": ["hosts"], "2.10": ["cgroup-parent"],
                "2.11": ["storage-opts"], "2.18": ["experimental"]}
    flagnames = {"log-level": ["--log-level", "-l"], "debug": ["--debug", "-D"],
                 "iptables": ["--iptables"], "insecure-registries": ["--insecure-registry"],
                 "storage-driver": ["--storage-driver", "-s"], "hosts": ["--host", "-H"],
                 "cgroup-parent": ["--cgroup-parent"], "storage-opts": ["--storage-opt"],
                 "experimental": ["--experimental"]}
    for cid, keys in defaults.items():
        unset = all(k not in dj and not any(f.split("=")[0] in flagnames[k] for f in flags)
                    for k in keys)
        if unset and st[cid] == "fail" and not engine_no.get(cid, False):
            bad.append("%s fails, but it is unset and the engine default complies: %s"
                       % (cid, why[cid]))
    # 4. the exit status
    automated_bad = any(s in ("fail", "restart_pending", "refused", "error") for s in st.values())
    if int(rc) != (3 if automated_bad else 0):
        bad.append("exit %s" % rc)
    return bad


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    base, cases = load_table(argv[1])
    cmd = argv[2]
    if cmd == "cases":
        for name in sorted(cases, key=lambda n: cases[n]["order"]):
            print(name)
        return 0
    if cmd == "field" and len(argv) == 5:
        print(cases[argv[3]].get(argv[4], ""))
        return 0
    if cmd == "judge" and len(argv) == 10:
        name = argv[3]
        bad = judge(base, cases[name], *argv[4:])
        for b in bad:
            print("%s: %s" % (name, b))
        return 1 if bad else 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
