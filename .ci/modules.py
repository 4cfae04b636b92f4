"""Fails when the crate's top-level modules depend on each other in a circle.

A module depends on another when any of its files names it through a `crate::` path: `use` lines,
inline paths (`crate::output::warn(…)`), grouped imports (`use crate::{a, b}`), tests included.
Layers then stay one-way (commands → views → renderers → …), and a helper is put where its concept
lives instead of being borrowed upward. Prints every circle with the edges that make it.

    python3 .ci/modules.py [src]
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "src"
modules = set()
for entry in os.listdir(root):
    path = os.path.join(root, entry)
    if entry.endswith(".rs") and entry not in ("lib.rs", "main.rs"):
        modules.add(entry[:-3])
    elif os.path.isdir(path):
        modules.add(entry)

edges = {m: {} for m in modules}  # module -> {named module: first place named}
for dirpath, _, files in os.walk(root):
    for name in sorted(files):
        if not name.endswith(".rs"):
            continue
        path = os.path.join(dirpath, name)
        top = os.path.relpath(path, root).split(os.sep)[0]
        top = top[:-3] if top.endswith(".rs") else top
        if top not in modules:
            continue
        for lineno, line in enumerate(open(path, encoding="utf-8"), 1):
            code = line.split("//")[0]
            named = re.findall(r"crate::([a-z_][a-z0-9_]*)", code)
            for group in re.findall(r"crate::\{([^}]*)\}", code):
                named += re.findall(r"(?:^|,)\s*([a-z_][a-z0-9_]*)", group)
            for m in named:
                if m in modules and m != top:
                    edges[top].setdefault(m, f"{path}:{lineno}")

# Strongly connected components (Tarjan), iteratively.
index, low, on, stack, order, circles = {}, {}, set(), [], [0], []
for start in sorted(modules):
    if start in index:
        continue
    work = [(start, iter(sorted(edges[start])))]
    index[start] = low[start] = order[0]
    order[0] += 1
    stack.append(start)
    on.add(start)
    while work:
        v, it = work[-1]
        nxt = next(it, None)
        if nxt is not None:
            if nxt not in index:
                index[nxt] = low[nxt] = order[0]
                order[0] += 1
                stack.append(nxt)
                on.add(nxt)
                work.append((nxt, iter(sorted(edges[nxt]))))
            elif nxt in on:
                low[v] = min(low[v], index[nxt])
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
                circles.append(sorted(comp))

for comp in circles:
    print("modules in a circle: " + ", ".join(comp), file=sys.stderr)
    for a in comp:
        for b, where in sorted(edges[a].items()):
            if b in comp:
                print(f"  {a} -> {b}  ({where})", file=sys.stderr)
if circles:
    sys.exit(1)
print(f"{len(modules)} modules, no circle")
