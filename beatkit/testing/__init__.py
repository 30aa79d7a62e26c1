"""Fake API servers and pytest fixtures for testing code that uses beatkit.

Everything here is imported lazily, so ``import beatkit.testing`` (which pytest
does in every session through the ``beatkit`` plugin) costs almost nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from beatkit.testing._app import FakeService, Route
    from beatkit.testing.beatconnect import FakeBeatConnect
    from beatkit.testing.beatpass import FakeBeatPass
    from beatkit.testing.beatport import FakeBeatport
    from beatkit.testing.beattech import FakeBeatTech
    from beatkit.testing.server import FakeServer, serve

__all__ = [
    "FakeBeatConnect",
    "FakeBeatPass",
    "FakeBeatTech",
    "FakeBeatport",
    "FakeServer",
    "FakeService",
    "Route",
    "serve",
]

_WHERE = {
    "FakeBeatConnect": "beatkit.testing.beatconnect", "FakeBeatPass": "beatkit.testing.beatpass",
    "FakeBeatTech": "beatkit.testing.beattech", "FakeBeatport": "beatkit.testing.beatport",
    "FakeServer": "beatkit.testing.server",
    "FakeService": "beatkit.testing._app", "Route": "beatkit.testing._app",
    "serve": "beatkit.testing.server",
}  # fmt: skip


# Hidden from type checkers, which read the imports above instead: a module-level
# __getattr__ returning Any would let any misspelt name pass the check as Any.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        module = _WHERE.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
