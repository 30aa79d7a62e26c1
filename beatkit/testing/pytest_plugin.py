"""pytest fixtures serving beatkit's fake APIs (the ``beatkit`` pytest11 entry point)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

# This module is imported by every pytest session of every project that installs
# beatkit, so the fakes (and httpx) are imported inside the fixtures, not here.
if TYPE_CHECKING:
    from beatkit.testing.beatconnect import FakeBeatConnect
    from beatkit.testing.beatpass import FakeBeatPass
    from beatkit.testing.beatport import FakeBeatport
    from beatkit.testing.beattech import FakeBeatTech
    from beatkit.testing.server import FakeServer

__all__ = [
    "beatconnect_fake",
    "beatconnect_server",
    "beatpass_fake",
    "beatpass_server",
    "beattech_fake",
    "beattech_server",
    "beatport_fake",
    "beatport_server",
]


def _serve(fake: Any) -> Iterator[Any]:
    """What each ``*_server`` fixture yields: ``fake`` served on ``127.0.0.1`` for the test."""
    from beatkit.testing.server import serve

    with serve(fake, hang=1.0) as server:
        yield server


@pytest.fixture
def beatconnect_fake() -> FakeBeatConnect:
    """A fresh :class:`~beatkit.testing.FakeBeatConnect` with the default seed and key.

    Use ``beatconnect_fake.transport()`` as an httpx transport, or
    ``beatconnect_fake.handle(request)`` directly.
    """
    from beatkit.testing.beatconnect import FakeBeatConnect

    return FakeBeatConnect()


@pytest.fixture
def beatconnect_server(beatconnect_fake: FakeBeatConnect) -> Iterator[FakeServer[FakeBeatConnect]]:
    """The ``beatconnect_fake`` served over HTTP on ``127.0.0.1``.

    Yields a :class:`~beatkit.testing.FakeServer`: ``.base_url`` is
    ``http://127.0.0.1:PORT/v1`` and ``.fake`` is the same object as the
    ``beatconnect_fake`` fixture, so a test may use both.
    """
    yield from _serve(beatconnect_fake)


@pytest.fixture
def beatport_fake() -> FakeBeatport:
    """A fresh :class:`~beatkit.testing.FakeBeatport` (API and stream CDN) with default settings.

    Use ``beatport_fake.transport()`` as an httpx transport: it serves both the
    API host and the separate CDN host its stream and download URLs point at.
    """
    from beatkit.testing.beatport import FakeBeatport

    return FakeBeatport()


@pytest.fixture
def beatport_server(beatport_fake: FakeBeatport) -> Iterator[FakeServer[FakeBeatport]]:
    """The ``beatport_fake`` served over HTTP on ``127.0.0.1``.

    ``.fake`` is the same object as the ``beatport_fake`` fixture.
    """
    yield from _serve(beatport_fake)


@pytest.fixture
def beatpass_fake() -> FakeBeatPass:
    """A fresh :class:`~beatkit.testing.FakeBeatPass` with its default token and data."""
    from beatkit.testing.beatpass import FakeBeatPass

    return FakeBeatPass()


@pytest.fixture
def beatpass_server(beatpass_fake: FakeBeatPass) -> Iterator[FakeServer[FakeBeatPass]]:
    """The ``beatpass_fake`` served over HTTP on ``127.0.0.1``.

    ``.fake`` is the same object as the ``beatpass_fake`` fixture.
    """
    yield from _serve(beatpass_fake)


@pytest.fixture
def beattech_fake() -> FakeBeatTech:
    """A fresh :class:`~beatkit.testing.FakeBeatTech` (tenant ``fabel``, default seed).

    Its default client (``beattech_fake.client_id`` / ``client_secret``) is a
    user-admin client and a partner; ``beattech_fake.user_id`` logs in as
    ``reader@example.com`` / ``fake-password``.
    """
    from beatkit.testing.beattech import FakeBeatTech

    return FakeBeatTech()


@pytest.fixture
def beattech_server(beattech_fake: FakeBeatTech) -> Iterator[FakeServer[FakeBeatTech]]:
    """The ``beattech_fake`` served over HTTP on ``127.0.0.1``.

    ``.base_url`` is ``http://127.0.0.1:PORT/v2``; stream URLs name the other loopback
    host (``localhost``), so a token scoped to the API host never reaches them.
    ``.fake`` is the same object as the ``beattech_fake`` fixture.
    """
    yield from _serve(beattech_fake)
