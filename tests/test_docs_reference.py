"""The API reference in docs/ covers the public surface, and links clients to resources.

Every name a public package exports (``__all__`` of beatkit, its services, their models,
beatkit.errors, beatkit.auth, beatkit.hls, beatkit.testing and the fakes) is named by an
autodoc directive on some page: a name missing there is one a user can import but not
look up. And each resource a client hangs on itself (``client.tracks``) carries its
class as an annotation, which is what makes the reference link ``client.tracks`` to
``Tracks`` and its methods.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.inspect import stringify_signature

from beatkit import RequestOptions
from beatkit.auth import Token
from tests.test_surface import _resolve as resolve

DOCS = Path(__file__).resolve().parent.parent / "docs"
DIRECTIVE = re.compile(r"^\.\. auto(\w+):: ([\w.]+)\n((?:[ \t]+:.*\n?(?:[ \t]{6,}.*\n?)*)*)", re.M)

PACKAGES = [
    "beatkit",
    "beatkit.errors",
    "beatkit.auth",
    "beatkit.hls",
    "beatkit.testing",
    *(f"beatkit.{service}" for service in ("beatport", "beatpass", "beatconnect", "beattech")),
    *(f"beatkit.{service}.models" for service in ("beatport", "beatpass", "beatconnect")),
    "beatkit.beattech.models",
    *(f"beatkit.testing.{service}" for service in ("beatport", "beatpass", "beatconnect")),
    "beatkit.testing.beattech",
]
# Not API reference material: the version string is on the changelog page.
NOT_IN_THE_REFERENCE = {"beatkit.__version__"}

CLIENTS = [
    ("beatkit.beatport", "Beatport"),
    ("beatkit.beatport", "AsyncBeatport"),
    ("beatkit.beatpass", "BeatPass"),
    ("beatkit.beatpass", "AsyncBeatPass"),
    ("beatkit.beatconnect", "BeatConnect"),
    ("beatkit.beatconnect", "AsyncBeatConnect"),
    ("beatkit.beattech", "BeatTech"),
    ("beatkit.beattech", "AsyncBeatTech"),
]


def documented() -> tuple[set[int], set[str]]:
    """The ids of the documented classes and functions, and every documented dotted path."""
    ids: set[int] = set()
    paths: set[str] = set()
    for page in sorted(DOCS.glob("*.md")):
        for kind, path, options in DIRECTIVE.findall(page.read_text()):
            names = [path]
            if kind == "module":
                module = importlib.import_module(path)
                listed = re.search(r":members:(.*(?:\n[ \t]{6,}.*)*)", options)
                members = re.findall(r"\w+", listed[1]) if listed else []
                if listed and not members:
                    members = list(getattr(module, "__all__", vars(module)))
                names = [f"{path}.{member}" for member in members]
            for name in names:
                paths.add(name)
                obj = resolve(name)
                if isinstance(obj, type) or callable(obj):
                    ids.add(id(obj))
    return ids, paths


IDS, PATHS = documented()


def public_names() -> list[str]:
    names = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        names += [f"{package}.{name}" for name in module.__all__]
    return sorted(set(names) - NOT_IN_THE_REFERENCE)


def test_the_check_reads_the_directives() -> None:
    assert "beatkit.errors.NotFoundError" in PATHS  # from automodule:: beatkit.errors
    assert "beatkit.beatport.auth.resolve_client_id" in PATHS  # from a :members: list
    assert id(resolve("beatkit.beatport.Beatport")) in IDS


@pytest.mark.parametrize("name", public_names())
def test_every_public_name_is_in_the_reference(name: str) -> None:
    obj = resolve(name)
    if isinstance(obj, type) or callable(obj):
        assert id(obj) in IDS, f"{name} is exported but no page documents it"
        return
    # A constant or a type alias: documented under its own name, where it is defined.
    package, _, short = name.rpartition(".")
    assert any(
        path.startswith(package + ".") and path.endswith("." + short) and resolve(path) is obj
        for path in PATHS
    ), f"{name} is exported but no page documents it"


@pytest.mark.parametrize(("package", "client"), CLIENTS)
def test_each_client_attribute_carries_its_type(package: str, client: str) -> None:
    # autodoc shows an attribute's type only from an annotation; without one the page
    # says "tracks" and never links it to Tracks and its methods.
    cls = getattr(importlib.import_module(package), client)
    analyzer = ModuleAnalyzer.for_module(cls.__module__)
    analyzer.analyze()
    qualnames = {klass.__qualname__ for klass in cls.__mro__}
    attributes = {
        (owner, name)
        for (owner, name) in analyzer.attr_docs
        if owner in qualnames and not name.startswith("_")
    }
    assert attributes, f"{client}: no documented attributes found"
    untyped = sorted(key[1] for key in attributes if key not in analyzer.annotations)
    assert not untyped, f"{client} documents attributes without a type: {untyped}"


def conf() -> Any:
    spec = importlib.util.spec_from_file_location("docs_conf", DOCS / "conf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MODELS = [
    obj
    for service in ("beatport", "beatpass", "beatconnect", "beattech")
    for obj in vars(importlib.import_module(f"beatkit.{service}.models")).values()
    if isinstance(obj, type) and attrs.has(obj)
] + [RequestOptions, Token]


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_signatures_show_no_attrs_sentinel(cls: type) -> None:
    # attrs writes a factory default (extra: dict = field(factory=dict)) as NOTHING in
    # __init__; the reference shows what the constructor fills in instead.
    signature = stringify_signature(inspect.signature(cls), show_annotation=False)
    shown = conf().factory_defaults(cls, signature)
    assert "NOTHING" not in shown, shown


def test_enum_and_function_defaults_read_as_written() -> None:
    shown = conf().readable_defaults(
        "(q, *, type=<SearchType.ALL: 'all'>, clock=<built-in function time>, "
        "now=<function utcnow at 0x7f3a2b1c>)"
    )
    assert shown == "(q, *, type=SearchType.ALL, clock=time, now=utcnow)"
