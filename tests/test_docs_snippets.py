"""The Python examples in the README and the docs, checked against the public API.

Most examples are fragments: they use names defined elsewhere (``CLIENT_ID``,
``token_from_the_mail``, a logged-in user) and would talk to real services, so they
are not run. Instead each ```` ```python ```` block is parsed, and every call on a
client (``bt.app.users.update_metadata(...)``), on a pytest fake fixture, or on a
name imported from ``beatkit`` is resolved on a real object and its arguments are
bound to the callee's signature. A renamed method or keyword then fails here instead
of in a reader's script.

The blocks are also type-checked as a user's ``mypy --strict`` would: a result used
as if it could not be ``None``, a union used without narrowing, a pytest example
whose fixtures are not annotated. Each block becomes one module, preceded by what a
reader carries over from the earlier blocks of its page (their imports, and the
clients and fakes they bound to a name); a name that no block defines (``CLIENT_ID``,
``password``) stays unchecked (``name-defined`` is off). A block with a top-level
``await`` (a notebook cell) is wrapped in an ``async def``.

Two kinds are run: the blocks that are whole pytest modules, each saved alone as a
reader would copy it, and the README's tour, against the fakes, with the names its
prose leaves to the reader bound.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import importlib.util
import inspect
import os
import re
import subprocess
import sys
import textwrap
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

import beatkit
import beatkit.testing
from tests._child_pytest import own_pytest_config

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


def constructions(tree: ast.AST) -> Iterator[tuple[str, ast.expr]]:
    """``(v, value)`` for each ``v = value`` and ``[async] with value as v`` of a block."""
    for node in ast.walk(tree):
        pairs: list[tuple[ast.expr | None, ast.expr]] = []
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            pairs.append((node.targets[0], node.value))
        elif isinstance(node, ast.With | ast.AsyncWith):
            pairs.extend((item.optional_vars, item.context_expr) for item in node.items)
        for target, value in pairs:
            if isinstance(target, ast.Name):
                yield target.id, value


def class_called(value: ast.expr) -> str | None:
    """``X`` of ``X(...)`` or ``beatkit.X(...)``, else None."""
    if not isinstance(value, ast.Call):
        return None
    func = value.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def bindings(tree: ast.AST, objects: dict[str, Any], roots: dict[str, Any]) -> dict[str, Any]:
    """The variables a block binds to a known instance.

    ``v = X(...)`` and ``[async] with X(...) as v``, where ``X`` is a client or fake
    class, bind ``v`` to that class's instance in ``objects``; ``v = w`` (``fake =
    beattech_fake``) binds ``v`` to what ``w`` is bound to in ``roots``.
    """
    bound: dict[str, Any] = {}
    for name, value in constructions(tree):
        if isinstance(value, ast.Name) and value.id in roots:
            bound[name] = roots[value.id]
        elif (cls := class_called(value)) in objects:
            bound[name] = objects[cls]
    return bound


def imports(tree: ast.AST, where: str, problems: list[str]) -> dict[str, Any]:
    """The beatkit names a block imports; an import that does not resolve is a problem.

    ``import beatkit.x as y`` binds ``y``; ``import beatkit.x`` is only checked (the
    ``beatkit`` it binds is not a root the call check follows).
    """
    names: dict[str, Any] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "beatkit":
                    continue
                try:
                    module = importlib.import_module(alias.name)
                except ImportError:
                    problems.append(f"{where}: no module {alias.name}")
                    continue
                if alias.asname:
                    names[alias.asname] = module
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


# --- every import a page shows, in any block or inline ---------------------------------


# ``from beatkit.x import a, b as c`` (a parenthesized list may span lines) or
# ``import beatkit.x``, anywhere in a page's text once the prompts of a console session
# (``>>> ``, ``... ``) are taken off.
IMPORT_STATEMENT = re.compile(
    r"(?<![\w.])(?:from\s+(?P<module>beatkit[\w.]*)\s+import\s+(?P<names>\([^)]*\)|[\w ,]+)"
    r"|import\s+(?P<imported>beatkit[\w.]*))"
)
PROMPT = re.compile(r"^(\s*)(?:>>>|\.\.\.)(?: |$)", re.MULTILINE)


def import_problems(text: str, page: str) -> list[str]:
    """``page:line: ...`` for each import in ``text`` of a module or name that does not exist."""
    text = PROMPT.sub(r"\1", text)
    problems = []
    for match in IMPORT_STATEMENT.finditer(text):
        where = f"{page}:{text.count(chr(10), 0, match.start()) + 1}"
        module_name = match["module"] or match["imported"]
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            problems.append(f"{where}: no module {module_name}")
            continue
        if match["names"] is None:
            continue
        listed = re.sub(r"#[^\n]*", "", match["names"]).strip("()")
        for item in listed.split(","):
            name = item.split(" as ")[0].strip()
            if not name or hasattr(module, name):
                continue
            try:
                importlib.import_module(f"{module_name}.{name}")
            except ImportError:
                problems.append(f"{where}: {module_name} has no {name!r}")
    return problems


def test_an_import_statement_of_a_missing_module_is_a_problem() -> None:
    # ``import beatkit.x`` (ast.Import) was not looked at, only ``from beatkit.x import y``.
    problems: list[str] = []
    tree = ast.parse("import beatkit.no_such_module\nimport beatkit.hls as hls\n")
    names = imports(tree, "page.md:1", problems)
    assert problems == ["page.md:1: no module beatkit.no_such_module"]
    assert names["hls"] is importlib.import_module("beatkit.hls")


def test_imports_outside_python_blocks_are_found() -> None:
    text = (
        "Run `from beatkit.hls import NoSuchThing` first.\n\n"
        "```console\n$ python -c 'import beatkit.nope; print(1)'\n```\n\n"
        "```pycon\n>>> from beatkit import (\n"
        "...     BeatConnect,\n...     Missing as M,\n... )\n```\n"
    )
    assert import_problems(text, "page.md") == [
        "page.md:1: beatkit.hls has no 'NoSuchThing'",
        "page.md:4: no module beatkit.nope",
        "page.md:8: beatkit has no 'Missing'",
    ]


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_every_import_shown_resolves(page: Path) -> None:
    # Every fence (python, console, text, eval-rst...) and every inline code span: a
    # reader copies ``from beatkit.x import Y`` from prose as readily as from a block.
    problems = import_problems(page.read_text(), str(page.relative_to(ROOT)))
    assert not problems, "\n".join(["imports of names that do not exist:", *problems])


def test_the_import_check_sees_the_imports() -> None:
    # Guards the extraction: a broken pattern would otherwise pass every page.
    found = sum(len(IMPORT_STATEMENT.findall(page.read_text())) for page in PAGES)
    assert found >= 40, found


# --- the same blocks under mypy --strict --------------------------------------------------

# The classes an example binds to a name, by the import path an annotation uses.
TYPED_CLASSES = {
    **{
        f"{prefix}{name}": f"beatkit.{prefix}{name}"
        for name in CLIENT_OPTIONS
        for prefix in ("", "Async")
    },
    **{fake: f"beatkit.testing.{fake}" for fake in FIXTURES.values()},
}

# Third-party packages an example imports that are not installed with beatkit's extras:
# they are Any here, so their decorators (``@app.post``) are untyped too.
# flask: not installed; authlib: no stubs, as in the project's own mypy overrides
# (beatkit is checked from this checkout, so its imports are checked too).
UNTYPED_IMPORTS = ["flask", "authlib"]


@dataclass(frozen=True)
class Example:
    """One block as a module: where it came from and the code mypy checks.

    Attributes:
        page: The page's path relative to the repository root.
        line: The page's line of the block's first line of code.
        first: The module's line that holds the block's first line of code.
        module: The module's code.
    """

    page: str
    line: int
    first: int
    module: str

    def page_line(self, module_line: int) -> int:
        """The page's line for a line of the module (the preamble maps to the block's start)."""
        return self.line + max(0, module_line - self.first)


def bound_names(tree: ast.AST) -> set[str]:
    """Every name a block binds: assignments, loop and ``with`` targets, defs, imports."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def instance_bindings(tree: ast.Module, known: dict[str, str]) -> dict[str, str]:
    """What :func:`bindings` finds, as the classes' import paths (for annotations)."""
    bound: dict[str, str] = {}
    for name, value in constructions(tree):
        if isinstance(value, ast.Name) and value.id in known:
            bound[name] = known[value.id]
        elif (cls := class_called(value)) in TYPED_CLASSES:
            bound[name] = TYPED_CLASSES[cls]
    return bound


def has_top_level_await(tree: ast.Module) -> bool:
    """Whether an ``await``, ``async for`` or ``async with`` sits outside any function."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        if isinstance(node, ast.Await | ast.AsyncFor | ast.AsyncWith):
            return True
        stack.extend(ast.iter_child_nodes(node))
    return False


def examples_of(page: Path) -> list[Example]:
    """The page's blocks as modules, each with what the earlier blocks carry over."""
    relative = str(page.relative_to(ROOT))
    text = page.read_text()
    imports: list[tuple[set[str], str]] = []  # (names an import binds, its source)
    instances = {name: TYPED_CLASSES[cls] for name, cls in FIXTURES.items()}
    defaults = DEFAULT_VARIABLES.get(relative, {})
    instances.update({name: TYPED_CLASSES[cls] for name, cls in defaults.items()})
    examples = []
    for match in BLOCK.finditer(text):
        source = match[1]
        tree = ast.parse(source)
        own = bound_names(tree)
        preamble = ["import beatkit", "import beatkit.testing"]
        preamble += [line for names, line in imports if not names & own]
        preamble += [
            f"{name}: {cls}"
            for name, cls in instances.items()
            if name not in own and name in source
        ]
        if has_top_level_await(tree):
            preamble.append("async def _cell() -> None:")
            source = textwrap.indent(source, "    ")
        line = text.count("\n", 0, match.start(1)) + 1
        module = "\n".join(preamble) + "\n" + source
        examples.append(Example(relative, line, len(preamble) + 1, module))
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                imports.append((bound_names(node), ast.unparse(node)))
        instances.update(instance_bindings(tree, instances))
    return examples


ALL_EXAMPLES = [example for page in PAGES for example in examples_of(page)]
ERROR = re.compile(
    r"^(?:.*/)?(?P<module>ex_\d+)\.py:(?P<line>\d+): (?P<rest>error: .*)$", re.MULTILINE
)


def test_the_examples_type_check_under_mypy_strict(tmp_path: Path) -> None:
    mypy_api = pytest.importorskip("mypy.api")
    for number, example in enumerate(ALL_EXAMPLES):
        (tmp_path / f"ex_{number:03d}.py").write_text(example.module)
    config = tmp_path / "mypy.ini"
    config.write_text(
        f"[mypy]\nstrict = True\npython_version = 3.11\nmypy_path = {ROOT}\n"
        + "".join(f"[mypy-{name}.*]\nignore_missing_imports = True\n" for name in UNTYPED_IMPORTS)
    )
    out, err, status = mypy_api.run(
        [
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--disable-error-code",
            "name-defined",
            "--disable-error-code",
            "untyped-decorator",
            "--no-error-summary",
            "--show-error-codes",
            "--explicit-package-bases",
            str(tmp_path),
        ]
    )
    problems = []
    for found in ERROR.finditer(out):
        example = ALL_EXAMPLES[int(found["module"][3:])]
        problems.append(f"{example.page}:{example.page_line(int(found['line']))}: {found['rest']}")
    assert status in (0, 1), err or out  # 2: mypy itself failed (a crash, a bad option)
    assert not problems, "\n".join(["examples that do not type-check:", *problems])
    assert status == 0, out


def test_the_type_check_sees_the_examples() -> None:
    # Guards the extraction: a broken regex would otherwise pass by checking nothing.
    assert len(ALL_EXAMPLES) >= 60
    assert sum("from beatkit" in example.module for example in ALL_EXAMPLES) >= 30


# --- the examples that are whole pytest modules, run -------------------------------------


def placeholder(tree: ast.AST) -> bool:
    """Whether a block leaves a part to the reader with ``...`` ("call the code under test")."""
    return any(isinstance(n, ast.Constant) and n.value is Ellipsis for n in ast.walk(tree))


def importable(tree: ast.AST) -> bool:
    """Whether every package the block imports is installed (flask, say, is not)."""
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return all(importlib.util.find_spec(root) is not None for root in roots)


def whole_test_modules() -> list[Block]:
    """The blocks a reader can save as a test file and run: test functions, nothing left out."""
    found = []
    for block in ALL_BLOCKS:
        tree = ast.parse(block.source)
        tests = [
            node
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        ]
        if tests and not placeholder(tree) and importable(tree):
            found.append(block)
    return found


TEST_MODULES = whole_test_modules()


def test_the_test_examples_pass_as_written(tmp_path: Path) -> None:
    # Each block is saved alone, as a reader would copy it into a test file: no import
    # carried over from the page, only the fixtures of beatkit's pytest plugin.
    assert len(TEST_MODULES) >= 5, [block.where() for block in TEST_MODULES]
    files = {}
    for block in TEST_MODULES:
        name = "test_" + re.sub(r"\W", "_", block.where()) + ".py"
        (tmp_path / name).write_text(block.source)
        files[name] = block.where()
    own_pytest_config(tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-rfE", "--continue-on-collection-errors"),
            *("-p", "no:cacheprovider", "-p", "no:asyncio", str(tmp_path)),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = result.stdout
    for name, where in files.items():
        report = report.replace(name, f"{name} ({where})")
    assert result.returncode == 0, report[-5000:] + result.stderr[-2000:]


# --- the README's tour, run against the fakes ---------------------------------------------

# What the README's prose names and leaves to the reader, bound for the run below.
TOUR_EMAIL = "listener@example.com"
HLS_KEY = bytes(range(16))
HLS_CLEAR = b"clear audio, one segment " * 40


def _hls_cdn(request: httpx.Request) -> httpx.Response:
    """``https://cdn.example.com``, the README's HLS host: one AES-128 segment."""
    from beatkit.hls import encrypt_segment

    if request.url.path == "/track.m3u8":
        playlist = (
            "#EXTM3U\n#EXT-X-TARGETDURATION:4\n"
            '#EXT-X-KEY:METHOD=AES-128,URI="k.key",IV=0x' + "00" * 16 + "\n"
            "#EXTINF:4,\ns0.ts\n#EXT-X-ENDLIST\n"
        )
        return httpx.Response(200, text=playlist)
    if request.url.path == "/k.key":
        return httpx.Response(200, content=HLS_KEY)
    if request.url.path == "/s0.ts":
        return httpx.Response(200, content=encrypt_segment(HLS_CLEAR, HLS_KEY, bytes(16)))
    return httpx.Response(404)


def test_the_readme_tour_runs_against_the_fakes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Every block of the README runs as written, in a fresh directory, with the
    # credentials in the environment it names and every HTTP client it makes answered by
    # the fake of the host it calls: a renamed method, a wrong argument, a result used as
    # it is not, or a claim the code does not keep fails here.
    fakes = beatkit.testing
    beatconnect, beatpass = fakes.FakeBeatConnect(), fakes.FakeBeatPass()
    beatport = fakes.FakeBeatport(username="me@example.com", password="password")
    beattech = fakes.FakeBeatTech()
    beattech.streams_require_subscription = False  # a new user has no subscription
    # The README searches for "gaga"; the fake's catalogue has no such track.
    beattech.catalog.tracks["10017"]["title"] = "Gaga Northern Paper"
    hosts: dict[str, Any] = {"cdn.example.com": _hls_cdn}
    for fake, urls in (
        (beatconnect, [beatconnect.base_url]),
        (beatpass, [beatpass.base_url]),
        (beatport, [beatport.base_url, beatport.cdn_url]),
        (beattech, [beattech.base_url, beattech.stream_url]),
    ):
        hosts.update({httpx.URL(url).host: fake.handle for url in urls})

    def answer(request: httpx.Request) -> httpx.Response:
        return hosts[request.url.host](request)

    router = httpx.MockTransport(answer)
    for cls in (httpx.Client, httpx.AsyncClient):
        original = cls.__init__

        def init(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> None:
            _original(self, *args, **{**kwargs, "transport": router})

        monkeypatch.setattr(cls, "__init__", init)
    monkeypatch.setenv("BEATCONNECT_API_KEY", beatconnect.api_key)
    monkeypatch.setenv("BEATPASS_TOKEN", beatpass.token)
    monkeypatch.setenv("BEATPORT_CLIENT_ID", beatport.client_id)
    monkeypatch.setenv("BEATTECH_CLIENT_ID", beattech.client_id)
    monkeypatch.setenv("BEATTECH_CLIENT_SECRET", beattech.client_secret)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "beat.wav").write_bytes(b"RIFF\0\0\0\0WAVEfmt " + bytes(100))

    with beatkit.BeatTech("fabel") as bt:  # the e-mail the README's sign-up reads its token from
        bt.credentials.request_verification(8, TOUR_EMAIL)
    purchase = {"beat_id": 1234, "title": "Summer Vibes", "producer_id": 5678}
    purchase |= {"producer_name": "DJ Maphorisa", "license_type": "Premium", "amount": 49.99}
    purchase |= {"currency": "USD", "purchaser_id": 9012}
    body, headers = beatconnect.webhook("beat.purchased", purchase, "whsec")
    now = datetime.now(UTC)
    given = {
        "request_body_bytes": body,
        "request": SimpleNamespace(headers=headers),
        "secret": "whsec",
        "email": TOUR_EMAIL,
        "token": beattech.email_token(TOUR_EMAIL),
        "pw": "a-new-password",
        "when": now,
        "now": now,
        "stored_base": 0,
    }
    blocks = [block for block in blocks_of(ROOT / "README.md") if block not in TEST_MODULES]
    assert len(blocks) >= 8
    for block in blocks:
        source = block.source
        if has_top_level_await(ast.parse(source)):
            source = f"async def _cell():\n{textwrap.indent(source, '    ')}\n"
        namespace = {"__name__": "readme", **given}
        try:
            exec(compile(source, block.where(), "exec"), namespace)  # noqa: S102
            if "_cell" in namespace:
                asyncio.run(namespace["_cell"]())
        except Exception as exc:
            pytest.fail(f"{block.where()}: {type(exc).__name__}: {exc}")
    assert (tmp_path / "track.aac").read_bytes() == HLS_CLEAR  # the HLS block, last
    assert beatport.leaked_authorization == []
    assert len(beattech.report_bodies()) == 4


# --- the command lines in the docs, parsed by the real ``beatkit`` parser ------------------

SHELL_BLOCK = re.compile(r"^```(?:bash|console|shell|sh)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def command_lines() -> list[tuple[str, list[str]]]:
    """``(page:line, argv)`` for every ``beatkit ...`` command in a page's shell blocks."""
    import shlex

    found = []
    for page in PAGES:
        text = page.read_text()
        for match in SHELL_BLOCK.finditer(text):
            first = text.count("\n", 0, match.start(1)) + 1
            for offset, line in enumerate(match[1].splitlines()):
                for command in re.split(r"&&|\|", line.removeprefix("$ ")):
                    words = shlex.split(command, comments=True)
                    if words and words[0].rsplit("/", 1)[-1] == "beatkit":
                        where = f"{page.relative_to(ROOT)}:{first + offset}"
                        found.append((where, words[1:]))
    return found


COMMAND_LINES = command_lines()


def test_the_docs_show_beatkit_commands() -> None:
    # Guards the extraction: README's demo, the quickstart's and hls.md's commands.
    assert len(COMMAND_LINES) >= 7, COMMAND_LINES


@pytest.mark.parametrize(("where", "argv"), COMMAND_LINES, ids=[w for w, _ in COMMAND_LINES])
def test_the_documented_commands_parse(
    where: str, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from beatkit.cli import build_parser

    try:
        args = build_parser().parse_args(argv)
    except SystemExit:
        pytest.fail(f"{where}: beatkit {' '.join(argv)}: {capsys.readouterr().err}")
    assert callable(getattr(args, "func", None)), f"{where}: names no command"


# --- cross-references to re-exported names --------------------------------------------------


def _docs_conf() -> Any:
    spec = importlib.util.spec_from_file_location("_beatkit_docs_conf", ROOT / "docs" / "conf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("target", "canonical"),
    [
        # The pages link the names users import; the reference documents them where
        # they are defined. Without the mapping the links rendered as plain text.
        ("beatkit.auth.Token", "beatkit.auth.token.Token"),
        ("beatkit.auth.FileTokenStore", "beatkit.auth.stores.FileTokenStore"),
        ("beatkit.auth.BearerAuth", "beatkit.auth.flows.BearerAuth"),
        ("beatkit.beatport.StreamInfo", "beatkit.beatport.models.StreamInfo"),
        ("beatkit.hls.HLSError", "beatkit.errors.HLSError"),
        ("beatkit.auth.token.Token", None),  # already where it is defined
        ("beatkit.no_such_name", None),
        ("beatkit.testing", None),  # a module: linked by its own path
    ],
)
def test_docs_link_re_exported_names_to_their_definition(
    target: str, canonical: str | None
) -> None:
    assert _docs_conf().canonical_target(target) == canonical
