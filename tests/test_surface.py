"""The public surface of the four clients, checked as a whole.

* Every class of an ``_async/`` module has its ``_sync/`` twin, member for member: the
  same parameters (names, kinds, defaults, annotations with "Async" dropped), the same
  docstrings as ``scripts/unasync.py`` rewrites them, and no coroutine on the sync side.
  tests/test_package.py walks the clients' attributes; this walks the modules, so a
  resource only reached through a method (``bp.tracks.media(...)``) is covered too.
* The sync side's documentation, as ``help()`` shows it, never speaks of async code.
* Every name exported from ``beatkit`` and its subpackages, and every resource of the
  clients, is rendered somewhere in the Sphinx docs (an autodoc directive of docs/*.md).
* Every public resource method documents each parameter it takes under ``Args`` (by its
  exact name, in order), what it returns and what it raises, with real exception names.
* ``__all__`` of each public module lists what it defines, and nothing private.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import importlib.util
import inspect
import io
import logging
import pkgutil
import re
import tokenize
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

import beatkit
import beatkit.errors

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("beatconnect", "beatpass", "beatport", "beattech")
SERVICE_CLIENTS = ("BeatConnect", "BeatPass", "Beatport", "BeatTech")
_TWIN_NAMES = {"aclose": "close", "__aenter__": "__enter__", "__aexit__": "__exit__"}
# Dunder members that are part of the surface (the rest are Python's own).
_PUBLIC_DUNDERS = {"__init__", "__call__", "__iter__", "__aiter__", *_TWIN_NAMES, "__enter__"}
_PUBLIC_DUNDERS |= {"__exit__", "__next__", "__anext__", "__len__"}


def _unasync_transform() -> Callable[[str], str]:
    spec = importlib.util.spec_from_file_location("_unasync_surface", ROOT / "scripts/unasync.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return lambda text: str(module.transform(text, set()))


to_sync = _unasync_transform()


def _module_names(package: str) -> list[str]:
    root = importlib.import_module(package)
    return sorted(
        info.name
        for info in pkgutil.walk_packages(root.__path__, f"{package}.")
        if not info.name.endswith("__main__")
    )


ASYNC_MODULES = [
    name
    for name in _module_names("beatkit")
    if "._async." in name and not name.endswith("._async.__init__")
]
SYNC_MODULES = [name.replace("._async.", "._sync.") for name in ASYNC_MODULES]


def _defined_classes(module_name: str) -> list[tuple[str, type]]:
    """The public classes a module defines (BeatConnect's resources are not in __all__)."""
    module = importlib.import_module(module_name)
    return [
        (name, value)
        for name, value in vars(module).items()
        if inspect.isclass(value) and value.__module__ == module_name and not name.startswith("_")
    ]


def _surface(cls: type) -> dict[str, Any]:
    """A class's public members as declared (static lookups: a property stays a property)."""
    members: dict[str, Any] = {}
    for name in dir(cls):
        if name.startswith("_") and name not in _PUBLIC_DUNDERS:
            continue
        value = inspect.getattr_static(cls, name)
        if getattr(object, name, None) is value:
            continue  # object's own __init__ and friends
        members[name] = value
    return members


def _function(value: Any) -> Any:
    return value.__func__ if isinstance(value, staticmethod | classmethod) else value


def _params(func: Any) -> list[str]:
    """Each parameter as ``kind name: annotation = default``, the return annotation last."""
    sig = inspect.signature(func)
    out = [
        f"{p.kind.name} {p.name}: {p.annotation} = {p.default!r}" for p in sig.parameters.values()
    ]
    return [*out, f"-> {sig.return_annotation}"]


def _is_async(func: Any) -> bool:
    return inspect.iscoroutinefunction(func) or inspect.isasyncgenfunction(func)


# --- 1. sync and async twins ------------------------------------------------------------------


def test_every_async_module_has_a_sync_twin() -> None:
    assert len(ASYNC_MODULES) >= 35  # the services' resources, the core, the HLS downloader
    missing = [name for name in SYNC_MODULES if importlib.util.find_spec(name) is None]
    assert missing == []
    for async_name, sync_name in zip(ASYNC_MODULES, SYNC_MODULES, strict=True):
        a_all = importlib.import_module(async_name).__all__
        s_all = importlib.import_module(sync_name).__all__
        assert [to_sync(n) for n in a_all] == s_all, sync_name


PUBLIC_PACKAGES = [
    "beatkit",
    "beatkit.auth",
    "beatkit.beatconnect",
    "beatkit.beatpass",
    "beatkit.beatport",
    "beatkit.beattech",
    "beatkit.errors",
    "beatkit.hls",
    "beatkit.testing",
]


def test_packages_export_both_twins() -> None:
    # An AsyncX exported without X (or X, generated from an async source, without AsyncX)
    # would leave one kind of user without the name.
    problems: list[str] = []
    for package in PUBLIC_PACKAGES:
        module = importlib.import_module(package)
        exported = set(module.__all__)
        for name in sorted(exported):
            defined_in = getattr(getattr(module, name), "__module__", None) or ""
            if name.startswith("Async") and to_sync(name) not in exported:
                problems.append(f"{package}: {name} without {to_sync(name)}")
            elif "._sync." in defined_in and f"Async{name}" not in exported:
                problems.append(f"{package}: {name} without Async{name}")
    assert problems == [], "\n".join(problems)


# The transport options every client takes, keyword-only, after its own parameters.
SHARED_OPTIONS = [
    "timeout",
    "max_retries",
    "max_retry_wait",
    "requests_per_second",
    "http_client",
    "allow_http",
    "strict",
]


@pytest.mark.parametrize("prefix", ["", "Async"])
def test_the_four_clients_take_the_same_transport_options(prefix: str) -> None:
    clients = [getattr(beatkit, f"{prefix}{name}") for name in SERVICE_CLIENTS]
    shapes = {}
    for client in clients:
        params = inspect.signature(client.__init__).parameters
        assert list(params)[-len(SHARED_OPTIONS) :] == SHARED_OPTIONS, client.__name__
        assert "base_url" in params, client.__name__
        shapes[client.__name__] = [
            (p.kind, p.annotation, p.default)
            for name, p in params.items()
            if name in SHARED_OPTIONS and name != "requests_per_second"
        ]
        pacing = params["requests_per_second"]
        assert pacing.kind is inspect.Parameter.KEYWORD_ONLY
        assert pacing.annotation == "float | None"
    # Only the default pace differs: Beatport sends no rate-limit headers, so its client
    # paces itself (2 requests a second) unless told otherwise.
    assert len({repr(shape) for shape in shapes.values()}) == 1, shapes


def _twin_problems(a_cls: type, s_cls: type) -> Iterator[str]:
    where = s_cls.__qualname__
    if to_sync(inspect.getdoc(a_cls) or "") != (inspect.getdoc(s_cls) or ""):
        yield f"{where}: class docstring"
    a_members, s_members = _surface(a_cls), _surface(s_cls)
    wanted = {_TWIN_NAMES.get(to_sync(n), to_sync(n)) for n in a_members}
    for name in sorted(set(s_members) - wanted):
        yield f"{where}.{name}: only on the sync twin"
    for a_name, a_value in sorted(a_members.items()):
        name = _TWIN_NAMES.get(a_name, to_sync(a_name))
        if name not in s_members:
            yield f"{where}.{name}: missing on the sync twin"
            continue
        s_value = s_members[name]
        if a_value is s_value:
            continue  # inherited from a class both twins share
        if isinstance(a_value, property) != isinstance(s_value, property):
            yield f"{where}.{name}: a property on one twin only"
            continue
        if isinstance(a_value, property):
            a_value, s_value = a_value.fget, s_value.fget
        a_func, s_func = _function(a_value), _function(s_value)
        if not (inspect.isfunction(a_func) and inspect.isfunction(s_func)):
            if type(a_func) is not type(s_func):
                yield f"{where}.{name}: a {type(a_func).__name__} and a {type(s_func).__name__}"
            continue
        if _is_async(s_func):
            yield f"{where}.{name}: a coroutine on the sync twin"
        a_params = [to_sync(p) for p in _params(a_func)]
        s_params = _params(s_func)
        for a_param, s_param in zip(a_params, s_params, strict=False):
            if a_param != s_param:
                yield f"{where}.{name}: {s_param!r} (async twin: {a_param!r})"
        if len(a_params) != len(s_params):
            yield f"{where}.{name}: {len(s_params)} parameters (async twin: {len(a_params)})"
        if to_sync(inspect.getdoc(a_func) or "") != (inspect.getdoc(s_func) or ""):
            yield f"{where}.{name}: docstring"


@pytest.mark.parametrize(
    ("async_name", "sync_name"),
    list(zip(ASYNC_MODULES, SYNC_MODULES, strict=True)),
    ids=[name.removeprefix("beatkit.") for name in SYNC_MODULES],
)
def test_sync_classes_match_their_async_twins(async_name: str, sync_name: str) -> None:
    problems: list[str] = []
    sync_classes = dict(_defined_classes(sync_name))
    for a_name, a_cls in _defined_classes(async_name):
        problems.extend(_twin_problems(a_cls, sync_classes[to_sync(a_name)]))
    assert problems == [], "\n".join(problems)


def test_twin_check_sees_a_changed_parameter() -> None:
    # The check above, on a pair that differs only in one default and one annotation.
    class AsyncThing:
        """Async client for things."""

        async def get(self, thing_id: int, *, limit: int = 5) -> int:
            """Fetch a thing."""
            return thing_id

    class Thing:
        """Client for things."""

        def get(self, thing_id: str, *, limit: int = 6) -> int:
            """Fetch a thing."""
            return limit

    problems = list(_twin_problems(AsyncThing, Thing))
    assert len(problems) == 2, problems
    assert "thing_id" in problems[0] and "limit" in problems[1]


# Any word form: async, asynchronous, asyncio, await, awaits, awaited, awaitable,
# coroutine(s). Whole words only, so "sync" and "Awaitable" inside a longer identifier
# such as "NonAwaitable" do not count.
ASYNC_PROSE = re.compile(r"\b(async\w*|await\w*|coroutines?)\b", re.IGNORECASE)


def _sync_docs() -> Iterator[tuple[str, str]]:
    """Every docstring a user of a sync class sees in help(): module, class and members,
    inherited ones included (a shared base class's text shows on the sync twin too)."""
    for module_name in SYNC_MODULES:
        module = importlib.import_module(module_name)
        yield module_name, inspect.getdoc(module) or ""
        for name, cls in _defined_classes(module_name):
            yield f"{module_name}.{name}", inspect.getdoc(cls) or ""
            for member_name, value in _surface(cls).items():
                target = value.fget if isinstance(value, property) else _function(value)
                yield f"{module_name}.{name}.{member_name}", inspect.getdoc(target) or ""


def test_sync_documentation_never_says_async() -> None:
    texts = list(_sync_docs())
    assert len(texts) > 500
    offending = [
        f"{where}: {match.group(0)!r}"
        for where, text in texts
        for match in ASYNC_PROSE.finditer(text)
    ]
    assert offending == [], "\n".join(offending)


def _prose(path: Path) -> Iterator[tuple[int, str]]:
    source = path.read_text("utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node, clean=False)
            if doc is not None:
                yield node.body[0].lineno, doc
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and token.start[0] > 1:
            yield token.start[0], token.string


def test_generated_library_prose_never_says_async_in_any_word_form() -> None:
    # tests/test_unasync.py checks every _sync/ folder for "async", "await" and
    # "awaitable"; the library's own generated files are held to every word form.
    paths = sorted((ROOT / "beatkit").rglob("_sync/*.py"))
    assert len(paths) == len(SYNC_MODULES) + len(list((ROOT / "beatkit").rglob("_sync")))
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r}"
        for path in paths
        for line, text in _prose(path)
        for match in ASYNC_PROSE.finditer(text)
    ]
    assert offending == [], "\n".join(offending)


@pytest.mark.parametrize(
    "text",
    ["Awaits the reply.", "Asynchronous iteration.", "Returns a coroutine.", "An asyncio task."],
)
def test_every_word_form_is_caught(text: str) -> None:
    assert ASYNC_PROSE.search(text)
    assert ASYNC_PROSE.search(to_sync(text)), "unasync.py rewrites no such prose: it must be caught"


# --- 2. everything public is in the docs -----------------------------------------------------

_DIRECTIVE = re.compile(r"^\.\. (auto\w+):: (\S+)\s*$")
_OPTION = re.compile(r"^\s+:([\w-]+):\s*(.*)$")


def _directives() -> Iterator[tuple[str, str, dict[str, str]]]:
    """(directive, target, options) of every autodoc directive in docs/*.md."""
    for path in sorted((ROOT / "docs").glob("*.md")):
        for block in re.findall(r"```\{eval-rst\}\n(.*?)```", path.read_text("utf-8"), re.S):
            lines = block.splitlines()
            i = 0
            while i < len(lines):
                found = _DIRECTIVE.match(lines[i])
                i += 1
                if not found:
                    continue
                options: dict[str, str] = {}
                while i < len(lines) and (option := _OPTION.match(lines[i])):
                    key, value = option.groups()
                    i += 1
                    # a long :members: list goes on over indented lines
                    while i < len(lines) and lines[i].strip() and not _OPTION.match(lines[i]):
                        if not lines[i].startswith("  "):
                            break
                        value += " " + lines[i].strip()
                        i += 1
                    options[key] = value
                yield found.group(1), found.group(2), options


def _resolve(path: str) -> Any:
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            obj = getattr(obj, part)
        return obj
    raise ImportError(path)


def _is_data(obj: object) -> bool:
    return not (inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj))


def _documented_constants(module: ModuleType) -> set[str]:
    """Module-level names autodoc finds a docstring for (a string after it, or ``#:``)."""
    source = inspect.getsource(module)
    lines = source.splitlines()
    body = ast.parse(source).body
    found: set[str] = set()
    for node, following in zip(body, [*body[1:], None], strict=True):
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        string_after = (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        )
        if string_after or lines[node.lineno - 2].strip().startswith("#:"):
            found.update(t.id for t in targets if isinstance(t, ast.Name))
    return found


def _documented() -> tuple[set[int], set[tuple[str, int]]]:
    """What docs/*.md renders, as autodoc picks members: classes and functions by
    identity, constants by (name, identity). ``automodule`` with ``:members:`` takes the
    module's ``__all__`` (imported names included), else what the module defines; members
    without a docstring only with ``:undoc-members:``."""
    objects: set[int] = set()
    data: set[tuple[str, int]] = set()

    def add(name: str, obj: object) -> None:
        if _is_data(obj):
            data.add((name, id(obj)))
        else:
            objects.add(id(obj))

    for directive, target, options in _directives():
        obj = _resolve(target)
        if directive != "automodule":
            add(target.rsplit(".", 1)[-1], obj)
            continue
        if "members" not in options:
            continue
        listed = [n.strip() for n in options["members"].split(",") if n.strip()]
        if listed:
            names = listed
        elif hasattr(obj, "__all__"):
            names = list(obj.__all__)
        else:
            names = [
                n
                for n, v in vars(obj).items()
                if not n.startswith("_")
                and (
                    _is_data(v)
                    or getattr(v, "__module__", None) == obj.__name__
                    or "imported-members" in options
                )
            ]
        constants = _documented_constants(obj)
        for name in names:
            value = getattr(obj, name)
            has_doc = name in constants if _is_data(value) else bool(inspect.getdoc(value))
            if listed or has_doc or "undoc-members" in options:
                add(name, value)
    return objects, data


DOCUMENTED_OBJECTS, DOCUMENTED_DATA = _documented()


def _is_documented(name: str, obj: object) -> bool:
    if _is_data(obj):
        return (name, id(obj)) in DOCUMENTED_DATA
    return id(obj) in DOCUMENTED_OBJECTS


def test_every_exported_name_is_in_the_docs() -> None:
    exported = [
        (f"{package}.{name}", name, getattr(importlib.import_module(package), name))
        for package in PUBLIC_PACKAGES
        for name in importlib.import_module(package).__all__
        if name != "__version__"
    ]
    assert len(exported) > 300
    missing = [path for path, name, obj in exported if not _is_documented(name, obj)]
    assert missing == [], "not rendered by any docs/*.md directive:\n" + "\n".join(missing)


def _sync_clients() -> list[object]:
    from beatkit import BeatConnect, BeatPass, Beatport, BeatTech

    return [
        BeatConnect("key"),
        BeatPass(),
        Beatport("client-id"),
        BeatTech("fabel", client_id="id", client_secret="secret"),
    ]


def _resources(path: str, obj: object, found: dict[type, str]) -> None:
    """Every beatkit object reachable from ``obj`` by its public non-callable attributes."""
    cls = type(obj)
    if cls in found or not cls.__module__.startswith("beatkit") or attrs.has(cls):
        return
    found[cls] = path
    for name in dir(obj):
        if name.startswith("_"):
            continue
        value = getattr(obj, name)
        if not callable(value) or isinstance(inspect.getattr_static(obj, name), property):
            _resources(f"{path}.{name}", value, found)


# Resources known not to be rendered (none today): a fixed one must leave this set.
UNDOCUMENTED_RESOURCES: set[str] = set()


def test_every_client_resource_is_in_the_docs() -> None:
    found: dict[type, str] = {}
    clients = _sync_clients()
    for client in clients:
        _resources(type(client).__name__, client, found)
    for client in clients:
        client.close()  # type: ignore[attr-defined]
    assert len(found) > 70
    missing = sorted(path for cls, path in found.items() if id(cls) not in DOCUMENTED_OBJECTS)
    assert missing == sorted(UNDOCUMENTED_RESOURCES), "\n".join(missing)


# --- 3. Google-style docstrings of every resource method ---------------------------------------

_SECTION = re.compile(r"^([A-Z]\w*(?: \w+)?):\s*$")
_ENTRY = re.compile(r"^(\*{0,2}[\w.]+)\s*(?:\([^)]*\))?:")


def _sections(doc: str) -> dict[str, list[str]]:
    """The Google-style sections of a cleaned docstring, each with its lines."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in doc.splitlines():
        if (header := _SECTION.match(line)) is not None:
            current = sections.setdefault(header.group(1), [])
        elif current is not None:
            current.append(line)
    return sections


def _entries(lines: list[str]) -> list[str]:
    """The names a section's entries start with (``name:`` or ``name (type):``)."""
    indent = min((len(s) - len(s.lstrip()) for s in lines if s.strip()), default=0)
    found: list[str] = []
    for line in lines:
        if line.strip() and len(line) - len(line.lstrip()) == indent:
            entry = _ENTRY.match(line.strip())
            found.append(entry.group(1) if entry else f"<not an entry: {line.strip()[:40]}>")
    return found


def _parameters(func: Any) -> list[str]:
    star = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}
    return [
        star.get(p.kind, "") + p.name
        for p in inspect.signature(func).parameters.values()
        if p.name not in ("self", "cls")
    ]


def _exception(name: str) -> type[BaseException] | None:
    """The exception a Raises entry names: a builtin, beatkit.errors' or a dotted path."""
    found: object = getattr(builtins, name, None) or getattr(beatkit.errors, name, None)
    if found is None and "." in name:
        module, _, attribute = name.rpartition(".")
        try:
            found = getattr(importlib.import_module(module), attribute, None)
        except ImportError:
            found = None
    return found if inspect.isclass(found) and issubclass(found, BaseException) else None


def _docstring_problems(where: str, func: Any) -> Iterator[str]:
    doc = inspect.getdoc(func) or ""
    sections = _sections(doc)
    wanted = _parameters(func)
    documented = _entries(sections.get("Args", []))
    if wanted and "Args" not in sections:
        yield f"{where}: no Args section for {wanted}"
    elif documented != wanted:
        yield f"{where}: Args {documented}, parameters {wanted}"
    returns = inspect.signature(func).return_annotation
    if returns not in ("None", None) and not {"Returns", "Yields"} & sections.keys():
        yield f"{where}: no Returns section (returns {returns})"
    if "Raises" not in sections:
        yield f"{where}: no Raises section"
    for name in _entries(sections.get("Raises", [])):
        if _exception(name) is None:
            yield f"{where}: Raises {name}, not an exception beatkit.errors or a builtin names"


def _resource_methods(service: str) -> Iterator[tuple[str, Any]]:
    """Every public method (and property) a class of the service's _async/ or _sync/
    modules defines, with ``__init__`` when the class has its own."""
    for module_name in _module_names(f"beatkit.{service}"):
        if "._async." not in module_name and "._sync." not in module_name:
            continue
        for class_name, cls in _defined_classes(module_name):
            for name, value in vars(cls).items():
                if name.startswith("_") and name not in ("__init__", "__call__"):
                    continue
                if isinstance(value, property):
                    continue  # a resource or a setting: described, no sections
                func = _function(value)
                if inspect.isfunction(func):
                    where = f"{module_name.removeprefix('beatkit.')}.{class_name}.{name}"
                    yield where, func


def _constructor_problems(where: str, cls: type) -> Iterator[str]:
    # A class documents its constructor's parameters in its own docstring.
    init = vars(cls)["__init__"]
    wanted = _parameters(init)
    documented = _entries(_sections(inspect.getdoc(cls) or "").get("Args", []))
    if documented != wanted:
        yield f"{where}: class Args {documented}, constructor parameters {wanted}"


# Gaps known and accepted (none today): a fixed one must leave this set with its fix.
KNOWN_DOCSTRING_GAPS: set[str] = set()


@pytest.mark.parametrize("service", SERVICES)
def test_resource_methods_document_args_returns_and_raises(service: str) -> None:
    methods = list(_resource_methods(service))
    assert len(methods) >= 20
    problems: list[str] = []
    for where, func in methods:
        if func.__name__ == "__init__":
            cls = vars(inspect.getmodule(func))[func.__qualname__.split(".")[0]]  # type: ignore[arg-type]
            problems.extend(_constructor_problems(where, cls))
        else:
            problems.extend(_docstring_problems(where, func))
    known = {p for p in KNOWN_DOCSTRING_GAPS if p.startswith(f"{service}.")}
    assert sorted(problems) == sorted(known), "\n".join(sorted(set(problems) ^ known))


def test_every_public_class_and_property_has_a_docstring() -> None:
    # autodoc's :members: leaves out a class or property without one: it would vanish
    # from the reference with no warning.
    missing = [
        f"{module_name}.{class_name}{'.' + name if name else ''}"
        for module_name in ASYNC_MODULES + SYNC_MODULES
        for class_name, cls in _defined_classes(module_name)
        for name, value in [("", cls), *vars(cls).items()]
        if (name == "" or (isinstance(value, property) and not name.startswith("_")))
        and not inspect.getdoc(value.fget if isinstance(value, property) else value)
    ]
    assert missing == []


def test_docstring_check_sees_a_stale_name() -> None:
    def stale(track_id: int, *, limit: int = 5, **pages: object) -> int:
        """Fetch a track.

        Args:
            id: The track.
            limit: How many.
            pages: Paging.

        Returns:
            Something.

        Raises:
            beatkit.errors.NoSuchError: Never.
        """
        return track_id

    problems = list(_docstring_problems("stale", stale))
    assert problems == [
        "stale: Args ['id', 'limit', 'pages'], parameters ['track_id', 'limit', '**pages']",
        "stale: Raises beatkit.errors.NoSuchError, not an exception beatkit.errors or a "
        "builtin names",
    ]


# --- 4. __all__ of each public module ----------------------------------------------------------

PUBLIC_MODULES = [
    "beatkit",
    *(
        name
        for name in _module_names("beatkit")
        if not any(part.startswith("_") for part in name.split(".")[1:])
    ),
]


def _top_level_names(module: ModuleType) -> list[str]:
    """The public names a module's own source binds: functions, classes, assignments."""
    tree = ast.parse(Path(inspect.getfile(module)).read_text("utf-8"))
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [n for n in names if not n.startswith("_")]


def _exempt(value: object) -> bool:
    """Module plumbing that need not be exported: type variables and loggers."""
    return isinstance(value, typing.TypeVar | logging.Logger)


# Public names defined outside __all__ and accepted (none today): each should be exported,
# documented, or renamed with a leading "_".
KNOWN_UNEXPORTED: set[str] = set()


def test_public_all_lists_what_the_module_defines_and_nothing_private() -> None:
    assert len(PUBLIC_MODULES) > 60
    problems: list[str] = []
    unexported: set[str] = set()
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        names = getattr(module, "__all__", None)
        defined = _top_level_names(module)
        if names is None:
            if defined:
                problems.append(f"{module_name}: no __all__, defines {defined}")
            continue
        if len(names) != len(set(names)):
            problems.append(f"{module_name}: __all__ repeats a name")
        problems.extend(
            f"{module_name}.{n}: private name in __all__"
            for n in names
            if n.startswith("_") and n != "__version__"
        )
        problems.extend(
            f"{module_name}.{n}: in __all__, not defined" for n in names if not hasattr(module, n)
        )
        unexported.update(
            f"{module_name}.{n}"
            for n in defined
            if n not in names and not _exempt(getattr(module, n))
        )
    assert problems == [], "\n".join(problems)
    assert sorted(unexported) == sorted(KNOWN_UNEXPORTED), "\n".join(
        sorted(unexported ^ KNOWN_UNEXPORTED)
    )


def test_the_package_is_marked_typed() -> None:
    # PEP 561: an empty marker (not "partial") covers every subpackage; the wheel ships
    # it (tests/test_packaging.py) because package-data lists it.
    marker = ROOT / "beatkit" / "py.typed"
    assert marker.is_file()
    assert "partial" not in marker.read_text()
    assert '"py.typed"' in (ROOT / "pyproject.toml").read_text()
