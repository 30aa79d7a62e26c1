#!/usr/bin/env python3
"""Generate every ``_sync/`` package from its ``_async/`` sibling.

The I/O layers of beatkit (send loop, pagers, token refresh, HLS download, the
service facades) are written once, as asyncio code, in ``_async/`` folders. This
script rewrites each file line by line with the substitutions below and writes
the result to the ``_sync/`` folder beside it, under a header that says where it
came from. Nothing else may edit ``_sync/``.

Usage::

    python scripts/unasync.py          # regenerate
    python scripts/unasync.py --check  # exit 1 if _sync/ is stale, orphaned, or a rule went unused

The rules only touch whole words, so ``AsyncPager`` becomes ``Pager`` but a
string such as ``"asynchronous"`` is left alone. A rule that matches nothing in
the whole tree is reported by ``--check``: dead rules hide mistakes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCH_ROOTS = ("beatkit", "tests")

# (pattern, replacement), applied in order to every line.
RULES: list[tuple[str, str]] = [
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAwaitable\[(\w+)\]", r"\1"),
    (r"\bimport Awaitable, ", "import "),
    (r"\bAsyncGenerator\[(.*), None\]", r"Generator[\1, None, None]"),
    (r"\basync def\b", "def"),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
    (r"\bawait ", ""),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\b__aiter__\b", "__iter__"),
    (r"\b__anext__\b", "__next__"),
    (r"\baclose\b", "close"),
    (r"\baclosing\b", "closing"),
    (r"\bAbstractAsyncContextManager\b", "AbstractContextManager"),
    (r"\balogin\b", "login"),
    (r"\barefresh\b", "refresh"),
    (r"\baensure_token\b", "ensure_token"),
    (r"\baread\b", "read"),
    (r"\baiter_bytes\b", "iter_bytes"),
    (r"\basync_sleep\b", "sleep"),
    (r"\b_async\b", "_sync"),
    (r"\bAsync([A-Z]\w*)", r"\1"),
    # Prose: docstrings and comments of the generated code must read as sync code.
    # Code uses of the word are gone by now (the rules above), so what is left is prose.
    (r"\bAsync client\b", "Client"),
    (r"\b([Tt]he|[Ee]very) async\b", r"\1"),
]

HEADER = "# GENERATED from {source} by scripts/unasync.py: edit the async source.\n"

_COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in RULES]


def transform(text: str, used: set[int]) -> str:
    """Apply every rule to every line of ``text``, recording which rules matched."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        for index, (pattern, replacement) in enumerate(_COMPILED):
            line, count = pattern.subn(replacement, line)
            if count:
                used.add(index)
        out.append(line)
    return "".join(out)


def pairs() -> list[tuple[Path, Path]]:
    """Every (async source, sync target) file pair in the tree."""
    found: list[tuple[Path, Path]] = []
    for top in SEARCH_ROOTS:
        for async_dir in sorted((ROOT / top).rglob("_async")):
            if not async_dir.is_dir():
                continue
            sync_dir = async_dir.with_name("_sync")
            for source in sorted(async_dir.rglob("*.py")):
                found.append((source, sync_dir / source.relative_to(async_dir)))
    return found


def orphans(expected: set[Path]) -> list[Path]:
    """Files in a ``_sync/`` folder that no async source produces."""
    stray: list[Path] = []
    for top in SEARCH_ROOTS:
        for sync_dir in (ROOT / top).rglob("_sync"):
            for path in sync_dir.rglob("*.py"):
                if path not in expected:
                    stray.append(path)
    return sorted(stray)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale output, change nothing")
    args = parser.parse_args(argv)

    used: set[int] = set()
    problems: list[str] = []
    expected: set[Path] = set()
    for source, target in pairs():
        expected.add(target)
        rel = source.relative_to(ROOT).as_posix()
        generated = HEADER.format(source=rel) + transform(source.read_text("utf-8"), used)
        current = target.read_text("utf-8") if target.exists() else None
        if current == generated:
            continue
        if args.check:
            problems.append(f"stale: {target.relative_to(ROOT)} (run python scripts/unasync.py)")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(generated, "utf-8")
            print(f"wrote {target.relative_to(ROOT)}")

    for path in orphans(expected):
        if args.check:
            problems.append(f"orphan: {path.relative_to(ROOT)} has no source in _async/")
        else:
            path.unlink()
            print(f"removed {path.relative_to(ROOT)}")

    unused = [RULES[i][0] for i in range(len(RULES)) if i not in used]
    if expected and unused:
        problems.extend(f"unused rule: {pattern}" for pattern in unused)

    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
