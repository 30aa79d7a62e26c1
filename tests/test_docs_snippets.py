"""The Python examples in the README and the docs, checked against the public API.

The examples are fragments: they use names defined elsewhere (``CLIENT_ID``,
``token_from_the_mail``, a logged-in user) and would talk to real services, so they
are never run. Instead each ```` ```python ```` block is parsed, and every call on a
client (``bt.app.users.update_metadata(...)``), on a pytest fake fixture, or on a
name imported from ``beatkit`` is resolved on a real object and its arguments are
bound to the callee's signature. A renamed method or keyword then fails here instead
of in a reader's script.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import inspect
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import beatkit
import beatkit.testing

ROOT = Path(__file__).resolve().parent.parent
# docs/changelog.md only includes CHANGELOG.md; docs/_build is not globbed by *.md.
PAGES = [ROOT / "README.md"] + [
    page for page in sorted((ROOT / "docs").glob("*.md")) if page.name != "changelog.md"
]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)

# Loopback URLs and dummy credentials: building a client sends nothing, and should a
# check ever call out by mistake, port 9 (discard) refuses instead of reaching a service.
CLIENT_OPTIONS: dict[str, dict[str, Any]] = {
    "BeatConnect": {"api_key": "dummy", "base_url": "http://127.0.0.1:9/api"},
    "BeatPass": {"token": "dummy", "base_url": "http://127.0.0.1:9/api"},
    "Beatport": {"client_id": "dummy", "base_url": "http://127.0.0.1:9/v4"},
    "BeatTech": {
        "client_id": "dummy",
        "client_secret": "dummy",
        "base_url": "http://127.0.0.1:9/v2",
    },
}

# The pytest plugin's fixtures, which examples take as test parameters.
FIXTURES = {
    "beatconnect_fake": "FakeBeatConnect",
    "beatport_fake": "FakeBeatport",
    "beatpass_fake": "FakeBeatPass",
    "beattech_fake": "FakeBeatTech",
}

# Variables a page uses without binding them in any block, because the prose says
# what they are. Kept small: a binding in the page itself is always preferred.
DEFAULT_VARIABLES: dict[str, dict[str, str]] = {
    "docs/concepts.md": {"bc": "BeatConnect"},  # the pagination section uses BeatConnect
}


@dataclass(frozen=True)
class Block:
    """One ```` ```python ```` block of a page.

    Attributes:
        page: The page's path relative to the repository root.
        line: The line of the page on which the block's code starts.
        source: The block's code.
    """

    page: str
    line: int
    source: str

    def where(self, node: ast.AST | None = None) -> str:
        """``page:line`` of the block, or of ``node`` inside it."""
        offset = node.lineno - 1 if isinstance(node, ast.expr | ast.stmt) else 0
        return f"{self.page}:{self.line + offset}"


def blocks_of(page: Path) -> list[Block]:
    """The python blocks of ``page``, in page order."""
    text = page.read_text()
    return [
        Block(str(page.relative_to(ROOT)), text.count("\n", 0, match.start(1)) + 1, match[1])
        for match in BLOCK.finditer(text)
    ]


ALL_BLOCKS = [block for page in PAGES for block in blocks_of(page)]


@pytest.mark.parametrize("block", ALL_BLOCKS, ids=[block.where() for block in ALL_BLOCKS])
def test_every_block_parses(block: Block) -> None:
    try:
        ast.parse(block.source)
    except SyntaxError as exc:
        pytest.fail(f"{block.page}:{block.line + (exc.lineno or 1) - 1}: {exc.msg}")


@pytest.fixture(scope="module")
def objects() -> Iterator[dict[str, Any]]:
    """One offline instance of every client, sync and async, and of every fake."""
    made: dict[str, Any] = {}
    for name, options in CLIENT_OPTIONS.items():
        made[name] = getattr(beatkit, name)(**options)
        made[f"Async{name}"] = getattr(beatkit, f"Async{name}")(**options)
    for fake in FIXTURES.values():
        made[fake] = getattr(beatkit.testing, fake)()
    yield made
    for name in CLIENT_OPTIONS:
        made[name].close()
        asyncio.run(made[f"Async{name}"].aclose())


def bindings(tree: ast.AST, objects: dict[str, Any], roots: dict[str, Any]) -> dict[str, Any]:
    """The variables a block binds to a known instance.

    ``v = X(...)`` and ``[async] with X(...) as v``, where ``X`` is a client or fake
    class, bind ``v`` to that class's instance in ``objects``; ``v = w`` (``fake =
    beattech_fake``) binds ``v`` to what ``w`` is bound to in ``roots``.
    """
    bound: dict[str, Any] = {}
    for node in ast.walk(tree):
        pairs: list[tuple[ast.expr | None, ast.expr]] = []
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            pairs.append((node.targets[0], node.value))
        elif isinstance(node, ast.With | ast.AsyncWith):
            pairs.extend((item.optional_vars, item.context_expr) for item in node.items)
        for target, value in pairs:
            if not isinstance(target, ast.Name):
                continue
            if isinstance(value, ast.Name) and value.id in roots:
                bound[target.id] = roots[value.id]
            elif isinstance(value, ast.Call):
                func = value.func  # X(...) or beatkit.X(...)
                cls = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if cls in objects:
                    bound[target.id] = objects[cls]
    return bound


def imports(tree: ast.AST, where: str, problems: list[str]) -> dict[str, Any]:
    """The beatkit names a block imports; an import that does not resolve is a problem."""
    names: dict[str, Any] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("beatkit"):
            try:
                module = importlib.import_module(node.module or "")
            except ImportError:
                problems.append(f"{where}: no module {node.module}")
                continue
            for alias in node.names:
                if hasattr(module, alias.name):
                    names[alias.asname or alias.name] = getattr(module, alias.name)
                else:
                    problems.append(f"{where}: {node.module} has no {alias.name!r}")
    return names


def chain(func: ast.expr) -> tuple[str, list[str]] | None:
    """``a.b.c`` as ``("a", ["b", "c"])``; None when the root is not a plain name."""
    attributes: list[str] = []
    while isinstance(func, ast.Attribute):
        attributes.insert(0, func.attr)
        func = func.value
    return (func.id, attributes) if isinstance(func, ast.Name) else None


def check_page(page: Path, objects: dict[str, Any]) -> tuple[list[str], int]:
    """Check every call of a page's blocks on a known root.

    Bindings and imports carry over from one block to the next, as a reader's do.

    Returns:
        The problems found, each naming page, line and call, and how many calls were
        checked.
    """
    problems: list[str] = []
    checked = 0
    relative = str(page.relative_to(ROOT))
    roots: dict[str, Any] = {name: objects[fake] for name, fake in FIXTURES.items()}
    roots.update({var: objects[cls] for var, cls in DEFAULT_VARIABLES.get(relative, {}).items()})
    for block in blocks_of(page):
        try:
            tree = ast.parse(block.source)
        except SyntaxError:
            continue  # test_every_block_parses reports it
        roots.update(imports(tree, block.where(), problems))
        roots.update(bindings(tree, objects, roots))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or (found := chain(node.func)) is None:
                continue
            root, attributes = found
            if root not in roots:
                continue  # a local, a builtin, or a name from outside beatkit
            call = ast.unparse(node.func) + "(...)"
            target = roots[root]
            for attribute in attributes:
                if not hasattr(target, attribute):
                    problems.append(
                        f"{block.where(node)}: {call}: {type(target).__name__} "
                        f"has no attribute {attribute!r}"
                    )
                    break
                target = getattr(target, attribute)
            else:
                checked += 1
                problem = bind(node, target)
                if problem:
                    problems.append(f"{block.where(node)}: {call}: {problem}")
    return problems, checked


def bind(node: ast.Call, target: Any) -> str | None:
    """Why the call's arguments do not fit ``target``'s signature, or None if they do."""
    if not callable(target):
        return f"{target!r} is not callable"
    if any(isinstance(arg, ast.Starred) for arg in node.args) or any(
        keyword.arg is None for keyword in node.keywords
    ):
        return None  # *args / **kwargs: the count and names are not known statically
    placeholder = object()  # the values are never looked at, only their number and names
    signature = inspect.signature(target)
    keywords = {keyword.arg for keyword in node.keywords if keyword.arg}
    try:
        signature.bind(*[placeholder] * len(node.args), **dict.fromkeys(keywords, placeholder))
    except TypeError as exc:
        return f"TypeError: {exc}"
    # Most list methods take ``**pages: Unpack[PageArgs]``: bind() accepts any keyword
    # there, so the extra keywords are checked against the TypedDict's keys.
    extra = keywords - signature.parameters.keys()
    variadic = [p.name for p in signature.parameters.values() if p.kind is p.VAR_KEYWORD]
    if extra and variadic:
        hint = typing.get_type_hints(target, include_extras=True).get(variadic[0])
        if typing.get_origin(hint) is typing.Unpack:
            (fields,) = typing.get_args(hint)
            unknown = extra - fields.__required_keys__ - fields.__optional_keys__
            if unknown:
                return f"unexpected keyword(s) {sorted(unknown)} for {fields.__name__}"
    return None


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_calls_fit_the_public_api(page: Path, objects: dict[str, Any]) -> None:
    problems, _ = check_page(page, objects)
    if problems:
        pytest.fail("\n".join(["examples that drifted from the API:", *problems]), pytrace=False)


def test_the_check_sees_the_examples(objects: dict[str, Any]) -> None:
    # Guards the test itself: a broken extractor or binding inference would otherwise
    # pass every page by checking nothing.
    assert len(ALL_BLOCKS) >= 60
    assert sum(check_page(page, objects)[1] for page in PAGES) >= 150
