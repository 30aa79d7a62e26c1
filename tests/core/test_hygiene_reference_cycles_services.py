"""BeatPass, Beatport and Beat Technology clients, like BeatConnect's
(tests/core/test_hygiene_reference_cycles.py), are freed as soon as they are dropped,
without the cyclic garbage collector.

Two more cycles held them: BeatPass's router was the client's bound method (client ->
transport -> settings -> router -> client), and the close trace a token request shares
held its httpx client strongly while httpx kept that request in a cycle with its
response (Beatport after a login, Beat Technology's app and user tokens).
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from beatkit import BeatPass, Beatport, BeatTech
from beatkit.testing import FakeBeatPass, FakeBeatport, FakeBeatTech


@pytest.fixture
def no_gc() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _beatpass() -> tuple[Any, httpx.Client, Callable[[Any], object]]:
    fake = FakeBeatPass()
    http = httpx.Client(transport=fake.transport())
    client = BeatPass(token=fake.token, base_url=fake.base_url, http_client=http)
    return client, http, lambda c: c.tracks.list(limit=1).first_page()


def _beatport() -> tuple[Any, httpx.Client, Callable[[Any], object]]:
    fake = FakeBeatport()
    http = httpx.Client(transport=fake.transport())
    client = Beatport(client_id=fake.client_id, http_client=http, requests_per_second=None)

    def use(c: Any) -> object:
        c.auth.login(fake.username, fake.password)
        return c.tracks.get(fake.tracks[0]["id"])

    return client, http, use


def _beattech() -> tuple[Any, httpx.Client, Callable[[Any], object]]:
    fake = FakeBeatTech()
    http = httpx.Client(transport=fake.transport())
    client = BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
        requests_per_second=None,
    )

    def use(c: Any) -> object:
        c.features.list()  # with the app token
        c.auth.login(fake.username, fake.password)
        return c.users.get()

    return client, http, use


@pytest.mark.parametrize(
    "make", [_beatpass, _beatport, _beattech], ids=["beatpass", "beatport", "beattech"]
)
@pytest.mark.parametrize("close", [True, False])
def test_a_dropped_client_is_freed_without_the_collector(
    no_gc: None, make: Callable[[], tuple[Any, httpx.Client, Callable[[Any], object]]], close: bool
) -> None:
    client, http, use = make()
    use(client)
    refs = {
        "client": weakref.ref(client),
        "transport": weakref.ref(client._transport),
        "http_client": weakref.ref(http),
    }
    if close:
        client.close()
    del client, use
    http.close()
    del http
    alive = [name for name, ref in refs.items() if ref() is not None]
    assert alive == []
