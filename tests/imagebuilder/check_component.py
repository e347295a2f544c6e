#!/usr/bin/python3
"""Check an AWSTOE component document against the essentials of its schema.

There is no published JSON schema for AWSTOE documents and `awstoe validate`
needs the AWSTOE binary, so this encodes what the AWSTOE documentation says
(shared/reference/prior-art.md section 3), plus the project's rules for the
cisharden component (--policy cisharden). Prints one line per problem and
exits 1 when there is any, 0 otherwise.

Usage: check_component.py [--policy cisharden] DOCUMENT.yaml
"""

import re
import sys

import yaml

TOP_KEYS = {"name", "description", "schemaVersion", "parameters", "phases", "constants"}
PHASES = {"build", "validate", "test", "container-host-test"}
STEP_KEYS = {"name", "action", "inputs", "timeoutSeconds", "onFailure", "maxAttempts", "loop", "if"}
# Conditionals (toe-conditional-constructs.md, toe-comparison-operators.md):
# logical operators nest at most 4 deep; a comparison of two values takes
# the second in `value`; then/else name a step action.
LOGICAL = {"and", "or", "not"}
COMPARE_ONE = {"stringIsEmpty", "stringIsWhitespace", "binaryExists", "fileExists", "folderExists"}
COMPARE_TWO = {"stringEquals", "stringLessThan", "stringLessThanEquals", "stringGreaterThan",
               "stringGreaterThanEquals", "patternMatches", "numberEquals", "numberLessThan",
               "numberLessThanEquals", "numberGreaterThan", "numberGreaterThanEquals",
               "fileMD5Equals", "fileSHA1Equals", "fileSHA256Equals", "fileSHA512Equals"}
STEP_ACTIONS = {"Abort", "Execute", "Skip"}
ON_FAILURE = {"Abort", "Continue", "Ignore"}
# The action modules of the AWSTOE documentation (toe-action-modules.md).
MODULES = {
    "ExecuteBash", "ExecuteBinary", "ExecuteDocument", "ExecutePowerShell",
    "S3Download", "S3Upload", "WebDownload",
    "AppendFile", "CopyFile", "CopyFolder", "CreateFile", "CreateFolder",
    "CreateSymlink", "DeleteFile", "DeleteFolder", "ListFiles", "MoveFile",
    "MoveFolder", "ReadFile", "SetFileEncoding", "SetFileOwner",
    "SetFolderOwner", "SetFilePermissions", "SetFolderPermissions",
    "InstallMSI", "UninstallMSI", "UpdateOS", "Reboot", "SetRegistry", "Assert",
}
CHECKSUM_ALGORITHMS = {"MD5", "SHA1", "SHA256", "SHA512"}
PARAM_NAME = re.compile(r"^[A-Za-z0-9_-]{3,128}$")
STEP_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
REF = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
# {{ phase.step.inputs[0].x }} / {{ phase.step.outputs.stdout }}
CHAIN = re.compile(r"^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.(inputs\[\d+\]\.[A-Za-z0-9_]+|inputs\.[A-Za-z0-9_]+|outputs\.[A-Za-z0-9_]+)$")
SHELL_PROLOGUE = "set -euo pipefail"
MAP_194 = re.compile(r"trap '[^']*\b194\b[^']*exit 1[^']*' EXIT")


class Checker:
    def __init__(self, path, policy):
        self.path = path
        self.policy = policy
        self.errors = []

    def err(self, node, msg):
        where = ""
        if node is not None and hasattr(node, "start_mark"):
            where = "%d:%d: " % (node.start_mark.line + 1, node.start_mark.column + 1)
        self.errors.append("%s:%s%s" % (self.path, where, msg))

    # The node tree keeps scalar styles (needed for the quoting rule) and
    # positions; the plain tree is easier for everything else.
    def run(self):
        with open(self.path, encoding="utf-8") as f:
            text = f.read()
        try:
            root = yaml.compose(text)
        except yaml.YAMLError as e:
            self.err(None, " not valid YAML: %s" % e)
            return
        if not isinstance(root, yaml.MappingNode):
            self.err(root, "the document must be a mapping")
            return
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as e:
            self.err(None, " not valid YAML: %s" % str(e).replace("\n", " "))
            return
        self.check_top(root, doc)
        params = self.check_parameters(root, doc.get("parameters"))
        steps = self.check_phases(root, doc.get("phases"))
        self.check_references(root, params, steps)
        if self.policy == "cisharden":
            self.check_policy(doc)

    def child(self, mapping, key):
        if not isinstance(mapping, yaml.MappingNode):
            return None
        for k, v in mapping.value:
            if k.value == key:
                return v
        return None

    def check_top(self, root, doc):
        for k, _ in root.value:
            if k.value not in TOP_KEYS:
                self.err(k, "unknown top-level key %r" % k.value)
        if "schemaVersion" not in doc:
            self.err(root, "schemaVersion is required")
        elif str(doc["schemaVersion"]) not in ("1.0", "1"):
            self.err(self.child(root, "schemaVersion"),
                     "schemaVersion must be 1.0, not %r" % doc["schemaVersion"])
        if "phases" not in doc:
            self.err(root, "phases is required")
        for key in ("name", "description"):
            if key in doc and not isinstance(doc[key], str):
                self.err(self.child(root, key), "%s must be a string" % key)

    def check_parameters(self, root, params):
        names = set()
        if params is None:
            return names
        pnode = self.child(root, "parameters")
        if not isinstance(params, list):
            self.err(pnode, "parameters must be a list")
            return names
        for i, p in enumerate(params):
            node = pnode.value[i]
            if not isinstance(p, dict) or len(p) != 1:
                self.err(node, "each parameter is a mapping with exactly one name")
                continue
            name, spec = next(iter(p.items()))
            if not isinstance(name, str) or not PARAM_NAME.match(name):
                self.err(node, "parameter name %r: 3-128 characters of [A-Za-z0-9_-]" % (name,))
            if name in names:
                self.err(node, "parameter %r defined twice" % (name,))
            names.add(name)
            if not isinstance(spec, dict):
                self.err(node, "parameter %r needs a mapping with type: string" % (name,))
                continue
            for k in spec:
                if k not in ("type", "default", "description"):
                    self.err(node, "parameter %r: unknown key %r" % (name, k))
            if spec.get("type") != "string":
                self.err(node, "parameter %r: type must be string (the only supported type)" % (name,))
            if "default" in spec and not isinstance(spec["default"], str):
                self.err(node, "parameter %r: default must be a string; quote it" % (name,))
            if "description" in spec and not isinstance(spec["description"], str):
                self.err(node, "parameter %r: description must be a string" % (name,))
        return names

    def check_phases(self, root, phases):
        """Returns {(phase, step): action} for the chaining check."""
        steps = {}
        pnode = self.child(root, "phases")
        if not isinstance(phases, list) or not phases:
            self.err(pnode or root, "phases must be a non-empty list")
            return steps
        seen = set()
        for i, ph in enumerate(phases):
            node = pnode.value[i]
            if not isinstance(ph, dict):
                self.err(node, "a phase must be a mapping")
                continue
            for k in ph:
                if k not in ("name", "steps"):
                    self.err(node, "phase: unknown key %r" % (k,))
            name = ph.get("name")
            if name not in PHASES:
                self.err(node, "phase name %r is not one of %s" % (name, ", ".join(sorted(PHASES))))
            if name in seen:
                self.err(node, "phase %r appears twice" % (name,))
            seen.add(name)
            st = ph.get("steps")
            if not isinstance(st, list) or not st:
                self.err(node, "phase %r needs a non-empty steps list" % (name,))
                continue
            snode = self.child(node, "steps")
            snames = set()
            for j, s in enumerate(st):
                self.check_step(snode.value[j], s, name, snames, steps)
        return steps

    def check_step(self, node, s, phase, snames, steps):
        if not isinstance(s, dict):
            self.err(node, "a step must be a mapping")
            return
        for k in s:
            if k not in STEP_KEYS:
                self.err(node, "step: unknown key %r" % (k,))
        name = s.get("name")
        if not isinstance(name, str) or not STEP_NAME.match(name):
            self.err(node, "step name %r: 1-128 characters of [A-Za-z0-9_-]" % (name,))
        if name in snames:
            self.err(node, "step %r appears twice in phase %r" % (name, phase))
        snames.add(name)
        action = s.get("action")
        if action not in MODULES:
            self.err(node, "step %r: unknown action module %r" % (name, action))
        steps[(phase, name)] = action
        if "inputs" not in s:
            self.err(node, "step %r: inputs is required" % (name,))
        if "onFailure" in s and s["onFailure"] not in ON_FAILURE:
            self.err(node, "step %r: onFailure must be Abort, Continue or Ignore" % (name,))
        t = s.get("timeoutSeconds")
        if t is not None and (not isinstance(t, int) or isinstance(t, bool) or (t <= 0 and t != -1)):
            self.err(node, "step %r: timeoutSeconds must be a positive integer or -1" % (name,))
        m = s.get("maxAttempts")
        if m is not None and (not isinstance(m, int) or isinstance(m, bool) or m < 1):
            self.err(node, "step %r: maxAttempts must be an integer >= 1" % (name,))
        self.check_inputs(node, name, action, s.get("inputs"))
        if "if" in s:
            self.check_if(node, name, s["if"], 1)

    def check_if(self, node, name, expr, depth):
        if not isinstance(expr, dict):
            self.err(node, "step %r: an if expression is a mapping" % (name,))
            return
        for k in ("then", "else"):
            if k in expr and expr[k] not in STEP_ACTIONS:
                self.err(node, "step %r: if %s must be Abort, Execute or Skip" % (name, k))
        ops = [k for k in expr if k not in ("then", "else", "value")]
        if len(ops) != 1:
            self.err(node, "step %r: an if expression has exactly one operator, not %s" % (name, ops))
            return
        op, arg = ops[0], expr[ops[0]]
        if op in LOGICAL:
            if depth > 4:
                self.err(node, "step %r: logical operators nest at most 4 levels" % (name,))
                return
            subs = [arg] if op == "not" else arg
            if op != "not" and (not isinstance(arg, list) or len(arg) < 2):
                self.err(node, "step %r: %s takes a list of two or more expressions" % (name, op))
                return
            for sub in subs:
                self.check_if(node, name, sub, depth + 1)
        elif op in COMPARE_TWO:
            if "value" not in expr:
                self.err(node, "step %r: %s needs a value to compare with" % (name, op))
        elif op not in COMPARE_ONE:
            self.err(node, "step %r: unknown if operator %r" % (name, op))

    def check_inputs(self, node, name, action, inputs):
        if action == "ExecuteBash":
            cmds = inputs.get("commands") if isinstance(inputs, dict) else None
            if not isinstance(cmds, list) or not cmds or not all(isinstance(c, str) for c in cmds):
                self.err(node, "step %r: ExecuteBash needs inputs.commands, a list of strings" % (name,))
        elif action == "ExecuteBinary":
            if not isinstance(inputs, dict) or not isinstance(inputs.get("path"), str):
                self.err(node, "step %r: ExecuteBinary needs inputs.path" % (name,))
            elif not all(isinstance(a, str) for a in inputs.get("arguments", [])):
                self.err(node, "step %r: ExecuteBinary arguments must be strings" % (name,))
        elif action == "S3Upload":
            self.check_upload(node, name, inputs)
        elif action in ("WebDownload", "S3Download"):
            if not isinstance(inputs, list) or not inputs:
                self.err(node, "step %r: %s inputs is a list of downloads" % (name, action))
                return
            for d in inputs:
                if not isinstance(d, dict) or not d.get("source") or not d.get("destination"):
                    self.err(node, "step %r: each download needs source and destination" % (name,))
                    continue
                if action == "WebDownload" and ("checksum" in d) != ("algorithm" in d):
                    self.err(node, "step %r: checksum and algorithm go together" % (name,))
                if "algorithm" in d and d["algorithm"] not in CHECKSUM_ALGORITHMS:
                    self.err(node, "step %r: algorithm must be one of %s" % (name, ", ".join(sorted(CHECKSUM_ALGORITHMS))))

    def check_upload(self, node, name, inputs):
        if not isinstance(inputs, list) or not inputs:
            self.err(node, "step %r: S3Upload inputs is a list of uploads" % (name,))
            return
        for d in inputs:
            if not isinstance(d, dict) or not d.get("source") or not d.get("destination"):
                self.err(node, "step %r: each upload needs source and destination" % (name,))
                continue
            for k in d:
                if k not in ("source", "destination", "recurse", "expectedBucketOwner"):
                    self.err(node, "step %r: S3Upload: unknown input %r" % (name, k))

    def walk_scalars(self, node):
        if isinstance(node, yaml.ScalarNode):
            yield node
        elif isinstance(node, yaml.SequenceNode):
            for n in node.value:
                yield from self.walk_scalars(n)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                yield from self.walk_scalars(k)
                yield from self.walk_scalars(v)

    def check_references(self, root, params, steps):
        # A reference must sit in a quoted scalar ('...', "...") or a block
        # scalar (| or >): a plain scalar starting with {{ is a YAML flow
        # mapping, and AWSTOE requires the quotes.
        for sc in self.walk_scalars(root):
            for m in REF.finditer(sc.value):
                ref = m.group(1)
                if sc.style not in ("'", '"', "|", ">"):
                    self.err(sc, "reference {{ %s }} must be inside a quoted string" % ref)
                if ref in params:
                    continue
                if ref.startswith("loop.") or re.match(r"^[A-Za-z0-9_-]+\.(value|index)$", ref):
                    continue
                c = CHAIN.match(ref)
                if c and (c.group(1), c.group(2)) in steps:
                    continue
                self.err(sc, "reference {{ %s }} is not a defined parameter or step" % ref)

    def check_policy(self, doc):
        """cisharden's own rules for its component."""
        for ph in doc.get("phases") or []:
            for s in ph.get("steps") or []:
                name = "%s.%s" % (ph.get("name"), s.get("name"))
                action = s.get("action")
                if action == "ExecuteBinary":
                    self.err(None, " %s: use ExecuteBash, which can map exit 194 away" % name)
                if action != "ExecuteBash":
                    continue
                script = "\n".join(s.get("inputs", {}).get("commands") or [])
                if not script.lstrip().startswith(SHELL_PROLOGUE):
                    self.err(None, " %s: the script must start with %r" % (name, SHELL_PROLOGUE))
                if not MAP_194.search(script):
                    self.err(None, " %s: the script must map exit 194 to 1 with an EXIT trap" % name)
                # Shell safety: a parameter is substituted as text, so it
                # must be a whole single-quoted shell word.
                for m in REF.finditer(script):
                    a, b = m.start(), m.end()
                    if script[a - 1:a] != "'" or script[b:b + 1] != "'":
                        self.err(None, " %s: {{ %s }} must be written '{{ %s }}' in the script"
                                 % (name, m.group(1), m.group(1)))
                code = "\n".join(l for l in script.splitlines() if not l.lstrip().startswith("#"))
                if ph.get("name") == "build" and "--restart-docker" in code:
                    self.err(None, " %s: no --restart-docker while baking an image" % name)


def main(argv):
    policy = None
    args = argv[1:]
    if len(args) >= 2 and args[0] == "--policy":
        policy = args[1]
        args = args[2:]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    c = Checker(args[0], policy)
    c.run()
    for e in c.errors:
        print(e)
    if c.errors:
        return 1
    print("%s: ok" % args[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
