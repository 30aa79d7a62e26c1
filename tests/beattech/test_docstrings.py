"""Resource methods say "inferred" where the path they call is not published by the page."""

from __future__ import annotations

import ast
from pathlib import Path

from beatkit.beattech.wire import PATHS, SPEC

ASYNC_DIR = Path(__file__).resolve().parents[2] / "beatkit" / "beattech" / "_async"


def methods_by_key() -> dict[str, list[tuple[str, str]]]:
    """Every PATHS key named in a resource method's body -> (method, docstring) pairs."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(ASYNC_DIR.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
            for method in cls.body:
                if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                doc = ast.get_docstring(method) or ""
                for node in ast.walk(method):
                    if isinstance(node, ast.Constant) and node.value in PATHS:
                        found.setdefault(node.value, []).append(
                            (f"{path.name}:{cls.name}.{method.name}", doc)
                        )
    return found


def test_inferred_paths_say_so_in_the_docstring() -> None:
    found = methods_by_key()
    assert found, "no resource method names a PATHS key"
    inferred_used = [key for key in found if SPEC.routes[key].inferred]
    assert "lcp.license_status" in inferred_used and "auth.contexts" in inferred_used
    for key in inferred_used:
        for where, doc in found[key]:
            assert "inferred" in doc, f"{where} calls the inferred path {key} without saying so"


PURE_DIR = ASYNC_DIR.parent


def test_pure_builders_of_inferred_paths_say_so_in_the_docstring() -> None:
    # bt.sync's PendingChange builders write the same paths as the resource methods.
    found: list[tuple[str, str, str]] = []
    for path in sorted(PURE_DIR.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            doc = ast.get_docstring(function) or ""
            for node in ast.walk(function):
                if isinstance(node, ast.Constant) and node.value in PATHS:
                    found.append((f"{path.name}:{function.name}", node.value, doc))
    inferred = [(where, key, doc) for where, key, doc in found if SPEC.routes[key].inferred]
    assert any(key == "bookmarks.create" for _, key, _ in inferred)
    for where, key, doc in inferred:
        assert "inferred" in doc, f"{where} writes the inferred path {key} without saying so"
