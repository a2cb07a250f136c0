#!/usr/bin/env python3
"""Re-runs the README's example commands and writes their output back into README.md.

An example is a ```text block whose first line is `$ carecast ...` (continued on the
next lines by a trailing backslash); the lines after the command are its output. A line
that is only `...` elides part of the output: the block's segments between elisions are
found in the new output by their first line (its text before the first digit) and replaced by as
many lines as they had; a block without elision that starts where the output starts is
the whole output. Lines that differ only in what changes from run to run (a
duration in seconds, a timestamp) keep their old text, so that running this twice with
the same build changes nothing.

Usage, from the repository root (docs/regenerate.sh calls it):
    python3 docs/readme_examples.py BIN_DIR
where BIN_DIR holds the `carecast` binary to run. Each command runs in a fresh
temporary folder with the repository's `scenarios/` linked in, so results folders land
there and relative paths read as in the README.
"""

import os
import re
import subprocess
import sys
import tempfile

FENCE = "```"
VOLATILE = [
    re.compile(r"\d+(\.\d+)? s\b"),  # durations: "in 1.92 s", "39.5 s"
    re.compile(r"\d{8}T\d{6}Z|\d{4}-\d{2}-\d{2}T\d{2}[-:]\d{2}[-:]\d{2}Z?"),  # UTC stamps
]


def volatile_equal(a: str, b: str) -> bool:
    for pattern in VOLATILE:
        a, b = pattern.sub("#", a), pattern.sub("#", b)
    return a == b


def run(command: str, bin_dir: str, root: str) -> list[str]:
    with tempfile.TemporaryDirectory() as cwd:
        os.symlink(os.path.join(root, "scenarios"), os.path.join(cwd, "scenarios"))
        env = dict(os.environ, CI="true", PATH=bin_dir + os.pathsep + os.environ["PATH"])
        out = subprocess.run(
            ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True
        )
    if out.returncode != 0:
        raise RuntimeError(f"`{command}` exited {out.returncode}: {out.stderr.strip()}")
    return out.stdout.rstrip("\n").split("\n")


def segments(lines: list[str]) -> list[list[str]]:
    """The output lines split at elision lines (kept as one-line segments)."""
    out, current = [], []
    for line in lines:
        if line.strip() == "...":
            if current:
                out.append(current)
            out.append([line])
            current = []
        else:
            current.append(line)
    if current:
        out.append(current)
    return out


def key_of(line: str) -> str:
    """What finds a segment's first line in the new output: its text before the first
    digit (the part that does not change with the numbers), at least its first 8
    characters."""
    digit = re.search(r"\d", line)
    head = line[: digit.start()] if digit else line
    return head if len(head) >= 8 else line[:8]


def regenerate(old: list[str], new: list[str]) -> list[str] | None:
    """The block's output lines from the command's `new` output; None if its shape changed."""
    parts = segments(old)
    if len(parts) == 1 and new and new[0][:8] == old[0][:8]:
        # The whole output: all of it, however long it now is.
        if len(new) == len(old):
            return [o if volatile_equal(o, n) else n for o, n in zip(old, new)]
        return new
    result, cursor = [], 0
    for seg in parts:
        if seg[0].strip() == "...":
            result.extend(seg)
            continue
        key = key_of(seg[0])
        start = next((i for i in range(cursor, len(new)) if new[i].startswith(key)), None)
        if start is None or start + len(seg) > len(new):
            return None
        fresh = new[start : start + len(seg)]
        result.extend(o if volatile_equal(o, n) else n for o, n in zip(seg, fresh))
        cursor = start + len(seg)
    return result


def main() -> int:
    bin_dir = os.path.abspath(sys.argv[1])
    root = os.getcwd()
    with open("README.md", encoding="utf-8") as f:
        lines = f.read().split("\n")
    out, i, changed, kept = [], 0, 0, []
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.strip() != FENCE + "text" or i >= len(lines) or not lines[i].startswith("$ carecast"):
            continue
        # The command, continued by trailing backslashes.
        command_lines = [lines[i]]
        while command_lines[-1].endswith("\\"):
            command_lines.append(lines[i + len(command_lines)])
        i += len(command_lines)
        end = i
        while lines[end].strip() != FENCE:
            end += 1
        command = "\n".join(command_lines)[2:]
        old = lines[i:end]
        fresh = regenerate(old, run(command, bin_dir, root))
        if fresh is None:
            kept.append(command_lines[0])
            fresh = old
        elif fresh != old:
            changed += 1
        out.extend(command_lines)
        out.extend(fresh)
        i = end
    with open("README.md", "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print(f"README.md: {changed} example(s) regenerated")
    for c in kept:
        print(f"README.md: kept as it was (its output changed shape): {c}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
