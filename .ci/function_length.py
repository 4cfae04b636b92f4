"""Fails when a function in the crate is longer than 120 lines (its signature to its closing brace).

A function that long does several things; split it where a step has a name. Counted on rustfmt's
layout: a `fn` line, then the first line at its indentation that starts with `}`. Prints the
longest ones.

    python3 .ci/function_length.py [src] [limit]
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "src"
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 120
start = re.compile(r"^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(unsafe\s+)?fn\s+([A-Za-z_0-9]+)")
found = []
for folder, _, files in os.walk(root):
    for name in files:
        if not name.endswith(".rs"):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for i, line in enumerate(lines):
            m = start.match(line)
            if not m or line.rstrip().endswith(";"):
                continue
            indent = m.group(1)
            j = i + 1
            while j < len(lines) and not (
                lines[j].startswith(indent + "}") and not lines[j][len(indent)].isspace()
            ):
                j += 1
            found.append((j - i + 1, path, i + 1, m.group(6)))
found.sort(reverse=True)
over = [f for f in found if f[0] > limit]
for n, path, line, fn in over:
    print(f"{path}:{line}: `{fn}` is {n} lines (at most {limit})")
if over:
    sys.exit(1)
n, path, line, fn = found[0]
print(f"{len(found)} functions, none over {limit} lines (longest: `{fn}`, {n}, {path}:{line})")
