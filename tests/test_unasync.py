"""The generator of ``_sync/``: up to date, and its output reads as sync code."""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED = sorted(p for top in ("beatkit", "tests") for p in (ROOT / top).rglob("_sync/*.py"))
ASYNC_WORDS = re.compile(r"\b(async|await|awaitable|asyncio task)\b", re.IGNORECASE)


def prose(path: Path) -> list[tuple[int, str]]:
    """Every docstring and comment of a generated file, with its line (the header skipped)."""
    source = path.read_text("utf-8")
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node, clean=False)
            if doc is not None:
                found.append((node.body[0].lineno, doc))
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and token.start[0] > 1:
            found.append((token.start[0], token.string))
    return found


def test_there_is_generated_code() -> None:
    assert len(GENERATED) >= 10


@pytest.mark.parametrize("path", GENERATED, ids=lambda p: str(p.relative_to(ROOT)))
def test_generated_prose_never_says_async(path: Path) -> None:
    offending = [(line, text) for line, text in prose(path) if ASYNC_WORDS.search(text)]
    assert offending == [], f"{path.relative_to(ROOT)} says 'async' in prose: {offending}"


def test_the_rules_rewrite_prose() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import unasync
    finally:
        sys.path.pop(0)
    used: set[int] = set()
    text = '"""Async client for X; the async pager of every async client."""\n'
    assert unasync.transform(text, used) == '"""Client for X; the pager of every client."""\n'


def test_generated_code_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "unasync.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_every_async_folder_and_its_parent_is_a_package() -> None:
    # Test modules of the same name in two services (test_client.py) are told apart by
    # their package under pytest's importlib mode; without it one shadows the other.
    folders = [d for top in ("beatkit", "tests") for d in (ROOT / top).rglob("_async")]
    assert folders
    missing = [
        str(folder.relative_to(ROOT))
        for d in folders
        for folder in (d, d.with_name("_sync"), d.parent)
        if not (folder / "__init__.py").is_file()
    ]
    assert missing == []
