"""Checks that Cargo.toml's rust-version is the highest rust-version of the locked
dependency set: reads `cargo metadata --format-version 1 --locked` on standard input."""
import json
import sys


def version(text):
    parts = [int(p) for p in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


meta = json.load(sys.stdin)
root_id = meta["resolve"]["root"]
root = next(p for p in meta["packages"] if p["id"] == root_id)
declared = root.get("rust_version")
if not declared:
    sys.exit("rust-version check: Cargo.toml declares no rust-version")
deps = [p for p in meta["packages"] if p["id"] != root_id and p.get("rust_version")]
highest = max(deps, key=lambda p: version(p["rust_version"]))
need = highest["rust_version"]
if version(declared) < version(need):
    sys.exit(
        "rust-version check: Cargo.toml says rust-version = \"%s\", but the locked "
        "dependencies need %s (%s %s); set rust-version = \"%s\""
        % (declared, need, highest["name"], highest["version"], need)
    )
print(
    "rust-version check: Cargo.toml's %s is the highest rust-version of the %d locked "
    "dependencies (%s %s)" % (declared, len(meta["packages"]) - 1, highest["name"], highest["version"])
)
