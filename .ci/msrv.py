#!/usr/bin/env python3
"""Fail when a locked dependency needs a newer Rust than the one Cargo.toml declares.

Reads `cargo metadata` (the resolved, locked graph, for every platform) and compares each
package's `rust-version` with the root package's. Packages that declare none are not counted.
"""
import json
import subprocess
import sys


def version(text):
    parts = [int(p) for p in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


meta = json.loads(
    subprocess.check_output(["cargo", "metadata", "--format-version", "1", "--locked"])
)
root = next(p for p in meta["packages"] if p["id"] in meta["workspace_members"])
declared = version(root["rust_version"])
too_new = sorted(
    (p["name"], p["version"], p["rust_version"])
    for p in meta["packages"]
    if p["id"] not in meta["workspace_members"]
    and p.get("rust_version")
    and version(p["rust_version"]) > declared
)
checked = sum(1 for p in meta["packages"] if p.get("rust_version"))
if too_new:
    print(f"declared rust-version {root['rust_version']}, but these locked crates need more:")
    for name, ver, rv in too_new:
        print(f"  {name} {ver} needs Rust {rv}")
    print("run `cargo update` (resolver 3 picks versions that fit), or raise rust-version")
    sys.exit(1)
print(
    f"rust-version {root['rust_version']}: all {checked} locked crates that declare one fit "
    f"({len(meta['packages'])} locked in all)"
)
