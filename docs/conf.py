"""Sphinx configuration for the beatkit documentation."""

from __future__ import annotations

import importlib
import re
import types
from typing import Any

import attrs

import beatkit

project = "beatkit"
author = "beatkit developers"
copyright = "2026, beatkit developers"
release = beatkit.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_attr_annotations = True
nitpicky = False

html_theme = "furo"
html_title = f"beatkit {release}"


_UNSET = object()


def lookup(target: str) -> Any:
    """The object a dotted ``beatkit`` path names, or ``_UNSET`` when it names none."""
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name, _UNSET)
            if obj is _UNSET:
                return _UNSET
        return obj
    return _UNSET


def canonical_target(target: str) -> str | None:
    """Where a re-exported ``beatkit`` name is defined, or None when it is there already.

    The pages link the names users import (``beatkit.auth.Token``); the reference
    documents each object in the module that defines it (``beatkit.auth.token``).
    Modules, names that do not resolve, and names already canonical give None.
    """
    if not target.startswith("beatkit."):
        return None
    obj = lookup(target)
    if obj is _UNSET or obj is None:
        return None
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if not isinstance(obj, (type, types.FunctionType)):
        # An attribute (``beatkit.auth.Token.extra``): where its class is, plus its name.
        parent, name = target.rsplit(".", 1)
        owner = lookup(parent)
        if not isinstance(owner, type):
            return None
        module, qualname = owner.__module__, f"{owner.__qualname__}.{name}"
    if isinstance(obj, types.ModuleType) or not module or not qualname:
        return None
    if not module.startswith("beatkit."):
        return None  # a type alias (Literal[...], Callable[...]): typing's name is not it
    canonical = f"{module}.{qualname}"
    return None if canonical == target else canonical


def documented_twin(target: str, documented: Any) -> str | None:
    """Another documented name for what ``target`` names, or None.

    Two cases autodoc leaves unlinked. A constant re-exported by a package
    (``beatkit.testing.beatport.RECORDED_ISRC``) carries no ``__module__``, so
    :func:`canonical_target` cannot follow it to where its docstring is documented
    (``beatkit.testing.beatport._data.RECORDED_ISRC``): a documented name that ends in
    the same name, sits in the same service (``beatkit.beattech``,
    ``beatkit.testing.beatport``) and holds the very same object is it. And a member a
    subclass inherits (``FakeBeatport.requests``) is documented once, on the base class
    (``FakeService.requests``).
    """
    parts = target.split(".")
    if parts[0] != "beatkit" or len(parts) < 3:
        return None
    package, name = ".".join(parts[: 3 if parts[1] == "testing" else 2]), parts[-1]
    obj = lookup(target)  # _UNSET for an instance attribute: the base-class rule still applies
    owner = lookup(".".join(parts[:-1]))
    bases = owner.__mro__[1:] if isinstance(owner, type) else ()
    if obj is _UNSET and not bases:
        return None
    for candidate in sorted(documented):
        if candidate == target or not candidate.endswith("." + name):
            continue
        if bases and lookup(candidate.rsplit(".", 1)[0]) in bases:
            return str(candidate)
        if obj is not _UNSET and candidate.startswith(package + ".") and lookup(candidate) is obj:
            return str(candidate)
    return None


def sync_twin(target: str) -> str | None:
    """The sync class documented for an async one, or None when ``target`` is not async.

    The pages document each resource once, in its sync form; the async client's
    resources (``beatkit.beattech._async.users.AsyncUsers``) have the same methods as
    coroutines, so their types link to the sync class (``..._sync.users.Users``).
    """
    parts = target.split(".")
    if not target.startswith("beatkit.") or "_async" not in parts:
        return None
    twin = ["_sync" if part == "_async" else part for part in parts]
    last = twin[-1]
    if last.startswith("Async") and last[5:6].isupper():
        twin[-1] = last[5:]
    return ".".join(twin)


def _link_re_exports(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "").lstrip("~.")
    guesses = [target]
    if not target.startswith("beatkit.") and node.get("py:module"):
        # A name as the docstring's class or module sees it.
        module, cls = node["py:module"], node.get("py:class")
        guesses = [f"{module}.{cls}.{target}"] if cls else []
        guesses.append(f"{module}.{target}")
    domain = env.get_domain("py")
    for guess in guesses:
        for candidate in (
            canonical_target(guess),
            sync_twin(guess),
            documented_twin(guess, domain.objects),
        ):
            if candidate is None:
                continue
            found = domain.resolve_xref(
                env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
            )
            if found is not None:
                return found
    return None


def factory_defaults(obj: Any, signature: str | None) -> str | None:
    """``signature`` with attrs' ``NOTHING`` replaced by what the field's factory makes.

    attrs shows a field with a factory default (``extra: dict = field(factory=dict)``)
    as ``extra=NOTHING`` in ``__init__``, which reads as a required value or a sentinel
    to pass; the reference shows what the constructor fills in (``extra={}``), or
    ``...`` when that is not a short value.
    """
    if signature is None or not isinstance(obj, type) or not attrs.has(obj):
        return signature
    for field in attrs.fields(obj):
        default = field.default
        if not isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            continue
        shown = "..."
        if not default.takes_self:
            try:
                made = repr(default.factory())
            except Exception:  # a factory that needs more than a call: say nothing
                made = shown
            shown = made if len(made) <= 30 else shown
        alias = re.escape(field.alias)
        signature = re.sub(rf"\b{alias}=NOTHING\b", f"{field.alias}={shown}", signature)
    return signature


_ENUM_REPR = re.compile(r"<(\w+\.\w+): [^<>]*>")  # <SearchType.ALL: 'all'>
_FUNCTION_REPR = re.compile(r"<(?:built-in )?function (\w+)(?: at 0x[0-9a-f]+)?>")


def readable_defaults(signature: str | None) -> str | None:
    """``signature`` with enum and function defaults by name, as a caller writes them.

    ``<SearchType.ALL: 'all'>`` reads ``SearchType.ALL``; ``<built-in function time>``
    and ``<function utcnow at 0x...>`` read ``time`` and ``utcnow``.
    """
    if signature is None:
        return None
    return _FUNCTION_REPR.sub(r"\1", _ENUM_REPR.sub(r"\1", signature))


def _process_signature(
    app: Any, what: str, name: str, obj: Any, options: Any, signature: Any, return_annotation: Any
) -> Any:
    if what == "class":
        signature = factory_defaults(obj, signature)
    return readable_defaults(signature), return_annotation


def setup(app: Any) -> None:
    app.connect("missing-reference", _link_re_exports)
    app.connect("autodoc-process-signature", _process_signature)
