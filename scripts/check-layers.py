#!/usr/bin/env python3
"""Checks that the crate's modules form a one-way pipeline (ARCHITECTURE.md).

usage: python3 scripts/check-layers.py [SRC_DIR]      (default: src)

Two checks, both on the references a file makes to other modules (`use crate::a::b`,
`crate::a::b::c` in code, `super::x` resolved against the file's own module; tests included):

1. No import circle between files: every strongly connected group of two or more files is
   printed with the names that tie them.
2. Every top-level module sits in a layer of LAYERS below, and imports only modules of its own
   layer or of lower ones.

Exit status 1 when either check fails, 0 otherwise. A module missing from LAYERS fails too,
so that a new module is placed on purpose.
"""
import os
import re
import sys
from collections import defaultdict

# Bottom to top. A module may import its own layer and the layers before it.
LAYERS = [
    ("plain data", ["error", "outfile", "quarter", "color", "packed", "memory"]),
    ("YAML", ["yaml"]),
    ("configuration", ["config"]),
    ("content files", ["content"]),
    ("model", ["model"]),
    ("presentation helpers", ["format", "theme", "markdown", "hyphenate"]),
    ("views", ["views", "bodies", "opendata"]),
    ("charts", ["charts"]),
    ("render", ["render"]),
    ("write", ["output", "search", "site"]),
    ("commands", ["check", "serve", "scaffold", "report", "export", "export_html"]),
    ("command line", ["cli", "main", "lib"]),
]

PATH_RE = re.compile(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
GROUP_RE = re.compile(r"\buse\s+(crate|super)::\{([^;]*)\};", re.S)


def modules(src):
    """Module path (tuple) -> file, one module per file."""
    out = {}
    for d, _, fs in os.walk(src):
        for f in fs:
            if not f.endswith(".rs"):
                continue
            p = os.path.join(d, f)
            rel = os.path.relpath(p, src)[:-3].split(os.sep)
            if rel[-1] == "mod":
                rel = rel[:-1]
            if rel in (["lib"], ["main"]):
                rel = [rel[0]]
            out[tuple(rel)] = p
    return out


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def references(mod, text):
    """Absolute module paths named in `text` of module `mod`, with the name used."""
    is_dir_module = False  # set by caller through closure below
    del is_dir_module
    found = []

    def absolute(root, segs):
        if root == "crate":
            return list(segs)
        # `super` from a file module refers to its parent.
        return list(mod[:-1]) + list(segs)

    for m in GROUP_RE.finditer(text):
        root = m.group(1)
        for part in re.split(r",\s*(?![^{]*\})", m.group(2)):
            head = re.match(r"([A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*)", part.strip())
            if head:
                found.append(absolute(root, head.group(1).split("::")))
    for m in PATH_RE.finditer(text):
        segs = [s for s in m.group(2).split("::") if s]
        found.append(absolute(m.group(1), segs))
    return found


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "src"
    files = modules(src)
    layer_of = {}
    for rank, (_, names) in enumerate(LAYERS):
        for n in names:
            layer_of[n] = rank

    def owner(path):
        for n in range(len(path), 0, -1):
            if tuple(path[:n]) in files:
                return tuple(path[:n])
        return None

    edges = defaultdict(set)
    names = defaultdict(set)
    for mod, p in files.items():
        with open(p, encoding="utf-8") as f:
            text = strip_comments(f.read())
        for path in references(mod, text):
            t = owner(path)
            # A module's own parents (`super::` helpers, `crate::charts` from charts/x) are
            # part of it, not an import between stages.
            if not t or t == mod or mod[: len(t)] == t:
                continue
            edges[mod].add(t)
            names[(mod, t)].add(path[-1][:30])

    failures = 0
    # 1. circles (Tarjan, iterative)
    index, low, on, stack, comps = {}, {}, set(), [], []
    counter = 0
    for start in files:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    comps.append(sorted(comp))
    for i, comp in enumerate(comps, 1):
        failures += 1
        print(f"circle {i}: " + ", ".join(files[m] for m in comp))
        members = set(comp)
        for a in comp:
            for b in sorted(edges[a] & members):
                print(f"  {files[a]} -> {files[b]}: {', '.join(sorted(names[(a, b)]))}")

    # 2. layers
    for mod in sorted(files):
        top = mod[0]
        if top not in layer_of:
            failures += 1
            print(f"{files[mod]}: module `{top}` is in no layer of scripts/check-layers.py; add it to LAYERS (and to ARCHITECTURE.md)")
            continue
        for t in sorted(edges[mod]):
            if t[0] == top or t[0] not in layer_of:
                continue
            if layer_of[t[0]] > layer_of[top]:
                failures += 1
                print(
                    f"{files[mod]} -> {files[t]}: `{top}` ({LAYERS[layer_of[top]][0]}) must not import "
                    f"`{t[0]}` ({LAYERS[layer_of[t[0]]][0]}), a higher layer: {', '.join(sorted(names[(mod, t)]))}"
                )
    print(f"check-layers: {len(comps)} circle(s), {failures - len(comps)} layer fault(s) among {len(files)} files")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
