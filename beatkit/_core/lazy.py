"""Lazy exports for a package ``__init__``: a name is imported on first use.

``import beatkit`` stays light (no httpx, no cattrs) until a client is used; the
package's ``__getattr__`` and ``__dir__`` come from :func:`lazy_exports`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, where: Mapping[str, str], namespace: dict[str, Any], public: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module-level ``__getattr__`` and ``__dir__`` of a package with lazy exports.

    Args:
        package: The package's ``__name__``, for the ``AttributeError`` message.
        where: Each lazily exported name and the module it lives in.
        namespace: The package's ``globals()``: a name is kept there once imported.
        public: The package's ``__all__``, listed by ``dir()``.

    Returns:
        The pair ``(__getattr__, __dir__)``. Assign them under ``if not TYPE_CHECKING:``, as a
        module-level ``__getattr__`` returning ``Any`` would make type checkers
        accept any misspelt name.
    """
    listed = frozenset(public)

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | listed)

    return __getattr__, __dir__
