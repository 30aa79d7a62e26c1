"""Fake API servers and pytest fixtures for testing code that uses beatkit.

Everything here is imported lazily, so ``import beatkit.testing`` (which pytest
does in every session through the ``beatkit`` plugin) costs almost nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from beatkit._core.lazy import lazy_exports

if TYPE_CHECKING:
    from beatkit.testing._app import Abort, FakeService, Route, UnservedOriginError
    from beatkit.testing.beatconnect import FakeBeatConnect
    from beatkit.testing.beatpass import FakeBeatPass
    from beatkit.testing.beatport import FakeBeatport
    from beatkit.testing.beattech import FakeBeatTech
    from beatkit.testing.server import FakeServer, serve

__all__ = [
    "Abort",
    "FakeBeatConnect",
    "FakeBeatPass",
    "FakeBeatTech",
    "FakeBeatport",
    "FakeServer",
    "FakeService",
    "Route",
    "UnservedOriginError",
    "serve",
]

_WHERE = {
    "Abort": "beatkit.testing._app",
    "FakeBeatConnect": "beatkit.testing.beatconnect", "FakeBeatPass": "beatkit.testing.beatpass",
    "FakeBeatTech": "beatkit.testing.beattech", "FakeBeatport": "beatkit.testing.beatport",
    "FakeServer": "beatkit.testing.server",
    "FakeService": "beatkit.testing._app", "Route": "beatkit.testing._app",
    "UnservedOriginError": "beatkit.testing._app",
    "serve": "beatkit.testing.server",
}  # fmt: skip


# Hidden from type checkers, which read the imports above instead.
if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_exports(__name__, _WHERE, globals(), __all__)
