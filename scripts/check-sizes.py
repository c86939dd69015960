#!/usr/bin/env python3
"""Keeps the code readable in small pieces: no source file over 500 lines under
crates/*/src, crates/store-sql/tx, src-tauri/src or ui/src (generated bindings aside), and no
production function over 80 lines (Rust outside tests, test modules and the test-only
conformance crate; TypeScript outside *.test.* files). Prints each offender and exits 1 when there is one."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MAX_FILE, MAX_FN = 500, 80


def sources():
    globs = ["crates/*/src/**/*.rs", "crates/store-sql/tx/*.rs", "src-tauri/src/**/*.rs",
             "ui/src/**/*.ts", "ui/src/**/*.tsx"]
    for g in globs:
        for p in sorted(ROOT.glob(g)):
            if p.name != "bindings.ts":
                yield p


def block_end(lines, start):
    """The line where the brace block opened on or after `start` closes."""
    depth, opened = 0, False
    for i in range(start, len(lines)):
        code = re.sub(r'"(\\.|[^"\\])*"', '""', lines[i].split("//")[0])
        for ch in code:
            if ch == "{":
                depth, opened = depth + 1, True
            elif ch == "}":
                depth -= 1
                if opened and depth == 0:
                    return i
        if not opened and code.rstrip().endswith(";"):
            return i
    return len(lines) - 1


def rust_functions(lines):
    skip_until = -1
    for i, line in enumerate(lines):
        if i <= skip_until:
            continue
        if re.match(r"\s*#\[cfg\(test\)\]", line):
            skip_until = block_end(lines, i + 1)
            continue
        m = re.match(r"\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)", line)
        if m:
            yield m.group(6), i, block_end(lines, i)


def ts_functions(lines):
    pat = re.compile(r"^\s*(export\s+)?(default\s+)?(async\s+)?function\s+(\w+)|^\s*(export\s+)?const\s+(\w+)\s*=\s*(async\s*)?\([^)]*\)\s*(:[^=]*)?=>\s*\{")
    for i, line in enumerate(lines):
        m = pat.match(line)
        if m:
            yield m.group(4) or m.group(6), i, block_end(lines, i)


def main():
    bad = []
    for p in sources():
        rel = p.relative_to(ROOT)
        lines = p.read_text().splitlines()
        if len(lines) > MAX_FILE:
            bad.append(f"{rel}: {len(lines)} lines (at most {MAX_FILE})")
        # Tests are not production code: *.test.* files and the test-only conformance crate.
        if ".test." in p.name or rel.parts[:2] == ("crates", "conformance"):
            continue
        functions = rust_functions(lines) if p.suffix == ".rs" else ts_functions(lines)
        for name, start, end in functions:
            n = end - start + 1
            if n > MAX_FN:
                bad.append(f"{rel}:{start + 1}: fn {name} is {n} lines (at most {MAX_FN})")
    for b in bad:
        print(b)
    print(f"check-sizes: {len(bad)} over the limits")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
