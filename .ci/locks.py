#!/usr/bin/env python3
"""The fuzz targets build against the versions the product ships.

fuzz/Cargo.lock is a lock of its own (cargo fuzz builds fuzz/ as its own workspace), so it can
drift from Cargo.lock: a crate fuzzed at one version and shipped at another. Every crate both
locks name must be locked in fuzz/Cargo.lock at a version Cargo.lock has too.

To bring fuzz/Cargo.lock back in step: cp Cargo.lock fuzz/Cargo.lock, then
cargo metadata --manifest-path fuzz/Cargo.toml --format-version 1 > /dev/null
(cargo keeps the versions it finds and adds or drops only what fuzz/ needs differently).
"""
import sys
import tomllib


def versions(path):
    with open(path, "rb") as f:
        lock = tomllib.load(f)
    found = {}
    for p in lock.get("package", []):
        found.setdefault(p["name"], set()).add(p["version"])
    return found


def main():
    shipped = versions("Cargo.lock")
    fuzzed = versions("fuzz/Cargo.lock")
    drift = sorted(
        (name, sorted(fuzzed[name] - shipped[name]), sorted(shipped[name]))
        for name in fuzzed
        if name in shipped and fuzzed[name] - shipped[name]
    )
    for name, extra, have in drift:
        print(
            f"fuzz/Cargo.lock: {name} {', '.join(extra)}, but Cargo.lock has {', '.join(have)}",
            file=sys.stderr,
        )
    if drift:
        print(
            "bring it back in step: cp Cargo.lock fuzz/Cargo.lock && cargo metadata "
            "--manifest-path fuzz/Cargo.toml --format-version 1 > /dev/null",
            file=sys.stderr,
        )
        return 1
    print(f"fuzz/Cargo.lock agrees with Cargo.lock on all {sum(1 for n in fuzzed if n in shipped)} shared crates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
