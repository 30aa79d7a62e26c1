"""The docs' Python examples never read a ``for`` loop's variable after the loop.

After ``for track in pager: ...`` the name ``track`` is bound only if the pager
yielded something: a type checker reports it as possibly unbound (pyright's
``reportPossiblyUnbound``, an error in strict mode), and with an empty result the
copied example fails with ``NameError`` rather than a clear error. An example that
needs one item after the loop takes it from a list it kept (``found[0]``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _names(node: ast.AST, ctx: type[ast.expr_context]) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}


def _binds(stmt: ast.stmt, name: str) -> bool:
    """Whether ``stmt`` binds ``name`` before it could read it (an assignment, a loop)."""
    if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        bound = set().union(*(_names(t, ast.Store) for t in targets))
        return name in bound and name not in _names(stmt.value, ast.Load)
    if isinstance(stmt, ast.For | ast.AsyncFor):
        # Another loop over the same name: its body reads its own binding (and the
        # name after it is that loop's to check).
        return name in _names(stmt.target, ast.Store) and name not in _names(stmt.iter, ast.Load)
    return False


def _reads_after_loop(body: list[ast.stmt]) -> list[tuple[int, str]]:
    """``(line, name)`` of each read of a loop variable after its loop, in ``body`` and
    every body nested in it."""
    found: list[tuple[int, str]] = []
    for index, stmt in enumerate(body):
        if isinstance(stmt, ast.For | ast.AsyncFor):
            for name in _names(stmt.target, ast.Store):
                for later in body[index + 1 :]:
                    if _binds(later, name):
                        break
                    if name in _names(later, ast.Load):
                        found.append((later.lineno, name))
                        break
        for field in ("body", "orelse", "finalbody", "handlers"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list):
                for child in inner:
                    if isinstance(child, ast.ExceptHandler):
                        found.extend(_reads_after_loop(child.body))
                found.extend(_reads_after_loop([s for s in inner if isinstance(s, ast.stmt)]))
    return found


def _blocks() -> list[tuple[str, int, str]]:
    blocks = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            blocks.append((page.name, line, match.group(1)))
    return blocks


def test_the_pages_have_blocks() -> None:
    assert sum(1 for page, _, _ in _blocks() if page == "README.md") >= 5


@pytest.mark.parametrize(("page", "line", "code"), _blocks(), ids=lambda v: str(v)[:20])
def test_no_loop_variable_is_read_after_its_loop(page: str, line: int, code: str) -> None:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        pytest.skip("not a whole module (a fragment with top-level await is parsed elsewhere)")
    reads = _reads_after_loop(tree.body)
    assert not reads, [f"{page}:{line + n}: {name!r} read after its loop" for n, name in reads]


def test_the_check_sees_a_read_after_a_loop() -> None:
    code = "for t in xs:\n    print(t)\nuse(t.id)\n"
    assert _reads_after_loop(ast.parse(code).body) == [(3, "t")]
    rebound = "for t in xs:\n    print(t)\nt = xs[0]\nuse(t.id)\n"
    assert _reads_after_loop(ast.parse(rebound).body) == []
    again = "for t in xs:\n    pass\nfor t in ys:\n    use(t)\n"
    assert _reads_after_loop(ast.parse(again).body) == []
    nested = "with c() as bp:\n    for t in xs:\n        pass\n    use(t)\n"
    assert _reads_after_loop(ast.parse(nested).body) == [(4, "t")]
