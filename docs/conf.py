"""Sphinx configuration for the beatkit documentation."""

from __future__ import annotations

import importlib
import types
from typing import Any

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


def canonical_target(target: str) -> str | None:
    """Where a re-exported ``beatkit`` name is defined, or None when it is there already.

    The pages link the names users import (``beatkit.auth.Token``); the reference
    documents each object in the module that defines it (``beatkit.auth.token``).
    Modules, names that do not resolve, and names already canonical give None.
    """
    if not target.startswith("beatkit."):
        return None
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name, None)
            if obj is None:
                return None
        break
    else:
        return None
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if isinstance(obj, types.ModuleType) or not module or not qualname:
        return None
    canonical = f"{module}.{qualname}"
    return None if canonical == target else canonical


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
    target = node.get("reftarget", "")
    domain = env.get_domain("py")
    for candidate in (canonical_target(target), sync_twin(target)):
        if candidate is None:
            continue
        found = domain.resolve_xref(
            env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
        )
        if found is not None:
            return found
    return None


def setup(app: Any) -> None:
    app.connect("missing-reference", _link_re_exports)
