"""Fails when a renderer does a view's job: reaches into the rubric, the checks or the process's
environment instead of formatting a view (ARCHITECTURE.md: "a renderer that indexes the rubric
... is doing the view's job").

Every file in src/render/ is read up to its first `#[cfg(test)]` (tests may build a rubric to make
the view they render), outside comments and quoted text. A line is refused when it names:

  - the rubric: `crate::rubric`, the type `Rubric`, or a rubric taken whole out of another value
    (`let r = f.rubric;`);
  - the checks: `crate::check::` (a rule's requirement, a tally) or `evidence::requirement`;
  - the environment: `current_dir`, `std::env`, `shown_path` (a report names its files as the
    view says; the view asks where the tool runs).

PENDING lists the renderers that still do, each with why; a listed file that no longer does
fails too, so the list only shrinks.

    python3 .ci/render_views.py [src]
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "src"

RULES = [
    (re.compile(r"crate::rubric\b|\bRubric\b|=\s*[a-z_][a-z0-9_]*\.rubric\s*;"), "uses the rubric"),
    (re.compile(r"crate::check::|\bevidence::requirement\b"), "calls into the checks"),
    (re.compile(r"\bcurrent_dir\b|\bstd::env\b|\bshown_path\b"), "reads the environment"),
]

# Renderers not yet over a view of their own, and why.
PENDING = {
}

failures = []
clean_pending = []
folder = os.path.join(root, "render")
for name in sorted(os.listdir(folder)):
    if not name.endswith(".rs"):
        continue
    path = os.path.join(folder, name)
    hits = []
    for lineno, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.startswith("#[cfg(test)]"):
            break
        # Text in quotes ("Rubric: ") is what the report says, not what it reads.
        code = re.sub(r'"(?:[^"\\]|\\.)*"', '""', line).split("//")[0]
        for pattern, what in RULES:
            if pattern.search(code):
                hits.append(f"  {path}:{lineno}: {what}: {line.strip()}")
    if name in PENDING:
        if not hits:
            clean_pending.append(name)
    elif hits:
        failures.extend(hits)

for line in failures:
    print(line, file=sys.stderr)
if failures:
    print("a renderer does a view's job (see above): resolve it in src/view/ and render the view",
          file=sys.stderr)
for name in clean_pending:
    print(f"src/render/{name} renders a view now: take it off PENDING in .ci/render_views.py",
          file=sys.stderr)
if failures or clean_pending:
    sys.exit(1)
count = len([n for n in os.listdir(folder) if n.endswith(".rs")])
print(f"{count - len(PENDING)} of {count} renderers format a view only ({len(PENDING)} pending)")
