"""What the outcome-note tests of never-replayed writes share (``bt.charges.create``,
``bt.coupons.generate``, ``bt.users.charge``/``migrate``/``redeem_coupon``/``create``,
``bt.passwords.reset``): FakeBeatTech with a user-admin integration client, clients on it
that never sleep, and the faults after which a write may have been done.

A test module imports the fixtures (``integration_fake`` and ``integration_make``, named
``fake`` and ``make`` for its tests) along with the helpers.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech
from beatkit.errors import APITimeoutError, BeatkitError, ResponseDecodeError, ServerError
from beatkit.testing import FakeBeatTech

Make = Callable[..., AsyncBeatTech]
INTEGRATION = ("beatkit-fake-integration", "fake-integration-secret")
"""A client with ``user_admin`` and the ``external-charge`` scope on :func:`integration_fake`."""

FAULTS = ["500", "503", "timeout", "garbage"]
"""The faults :func:`inject` makes, each one after which the write may have been done."""


async def no_sleep(_: float) -> None:
    """The transport's sleep, skipped."""


@pytest.fixture(name="fake")
def integration_fake() -> FakeBeatTech:
    """A fresh FakeBeatTech that also knows the :data:`INTEGRATION` client."""
    fake = FakeBeatTech()
    fake.add_client(*INTEGRATION, user_admin=True, scopes=["external-charge"])
    return fake


@pytest.fixture(name="make")
async def integration_make(fake: FakeBeatTech) -> AsyncIterator[Make]:
    """Build clients on ``fake`` (keyword arguments override the defaults) whose sleep is
    skipped; all are closed afterwards."""
    clients: list[AsyncBeatTech] = []

    def factory(**kwargs: Any) -> AsyncBeatTech:
        options: dict[str, Any] = {
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "base_url": fake.base_url,
            "http_client": httpx.AsyncClient(transport=fake.transport()),
        }
        options.update(kwargs)
        client = AsyncBeatTech(**options)
        settings = client._transport.settings
        client._transport.settings = attrs.evolve(settings, async_sleep=no_sleep)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client._transport.http_client.aclose()


def notes(exc: BaseException) -> str:
    """The notes of ``exc``, one a line."""
    return "\n".join(getattr(exc, "__notes__", []))


async def logged_in(make: Make, fake: FakeBeatTech) -> AsyncBeatTech:
    """A client of ``make`` logged in as ``fake``'s user."""
    bt = make()
    await bt.auth.login(fake.username, fake.password)
    return bt


def inject(fake: FakeBeatTech, fault: str) -> type[BeatkitError]:
    """Make ``fake`` answer its next request with ``fault`` (one of :data:`FAULTS`); the
    error the call then raises."""
    if fault == "timeout":
        fake.timeout_next()
        return APITimeoutError
    if fault == "garbage":
        fake.garbage_next()  # a 200 whose body is no JSON: the write may be done
        return ResponseDecodeError
    fake.fail_next(int(fault))
    return ServerError
