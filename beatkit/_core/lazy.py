"""Lazy exports for a package ``__init__`` (a name is imported on first use), and module
values built on first use.

``import beatkit`` stays light (no httpx, no cattrs) until a client is used; the
package's ``__getattr__`` and ``__dir__`` come from :func:`lazy_exports`.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, cast

__all__ = ["built_on_first_use", "lazy_exports"]

T = TypeVar("T")


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


def built_on_first_use(
    module: str, name: str, build: Callable[[], T], namespace: dict[str, Any]
) -> tuple[Callable[[], T], Callable[[str], Any]]:
    """A module-level value (a converter) built on first use, not when its module is imported.

    A converter that registers models generates their hooks as it is built, which
    costs more than importing most modules: a service's strict converter is built
    only once a strict client (or a test) asks for it.

    Args:
        module: The module's ``__name__``, for the ``AttributeError`` message.
        name: The module attribute that holds the converter once built.
        build: Makes the converter; called once, under a lock (started afresh in a
            child forked while a thread of its parent built it: that thread does
            not run in the child, which builds its own).
        namespace: The module's ``globals()``, where the converter is kept.

    Returns:
        A function that returns the converter, built on the first call, and the
        module's ``__getattr__``, which serves it under ``name`` (assign it under
        ``if not TYPE_CHECKING`` and declare ``name`` for type checkers).
    """
    lock = _BuildLock()

    def get() -> T:
        """The value, built on the first call."""
        with lock.lock:
            built = namespace.get(name)
            if built is None:
                built = namespace[name] = build()
        return cast(T, built)

    def __getattr__(attribute: str) -> Any:
        if attribute == name:
            return get()
        raise AttributeError(f"module {module!r} has no attribute {attribute!r}")

    return get, __getattr__


class _BuildLock:
    """The lock a value is built under, replaced in a forked child (see
    :func:`_after_fork_in_child`)."""

    __slots__ = ("lock",)

    def __init__(self) -> None:
        self.lock = threading.Lock()
        _BUILD_LOCKS.append(self)


_BUILD_LOCKS: list[_BuildLock] = []
"""Every build lock (one per value built on first use, made as its module is imported)."""


def _after_fork_in_child() -> None:
    """In a forked child: each build lock afresh. One held by a thread of the parent
    (building the value as the child was forked) would never be released in the child,
    which runs no such thread: its first use would wait for ever."""
    for held in _BUILD_LOCKS:
        held.lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # pragma: no branch - POSIX
    os.register_at_fork(after_in_child=_after_fork_in_child)
