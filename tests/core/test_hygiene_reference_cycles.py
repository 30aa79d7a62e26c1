"""A client's transport and httpx client are freed as soon as the client is dropped,
without waiting for the cyclic garbage collector.

Two reference cycles held them: the transport's close trace (the ``trace`` extension
it puts on each request) called the transport's own bound method, and the trace stayed
on the request after its send, where httpx's own response-request cycle kept it (and
the httpx client it holds). So every client dropped, closed or not, kept its transport,
settings and httpx client (with its pool, when it was not closed) until the next full
collection, which a long-running program that allocates little may not run for long.
"""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.errors import BeatkitError
from beatkit.testing import FakeBeatConnect


@pytest.fixture
def no_gc() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _alive(refs: dict[str, weakref.ref[object]]) -> list[str]:
    return [name for name, ref in refs.items() if ref() is not None]


def _fault(fake: FakeBeatConnect, fault: str | None) -> None:
    if fault == "404":
        fake.fail_next(404)
    elif fault == "garbage":
        fake.garbage_next()
    elif fault == "timeout":
        fake.timeout_next()


@pytest.mark.parametrize("close", [True, False])
@pytest.mark.parametrize("fault", [None, "404", "garbage", "timeout"])
def test_a_sync_client_is_freed_without_the_collector(
    no_gc: None, fault: str | None, close: bool
) -> None:
    fake = FakeBeatConnect()
    http = httpx.Client(transport=fake.transport())
    client = BeatConnect(api_key=fake.api_key, http_client=http, max_retries=0)
    refs: dict[str, weakref.ref[object]] = {
        "client": weakref.ref(client),
        "transport": weakref.ref(client._transport),
        "http_client": weakref.ref(http),
    }
    _fault(fake, fault)
    try:
        client.beats.get(1234)
    except BeatkitError:
        assert fault is not None
    assert len(client.beats.list(limit=45).to_list()) == 45
    if close:
        client.close()
    del client
    http.close()
    del http
    fake.requests.clear()  # the fake's log keeps the requests it was sent
    assert _alive(refs) == []


@pytest.mark.parametrize("fault", [None, "404", "garbage", "timeout"])
def test_an_async_client_is_freed_without_the_collector(no_gc: None, fault: str | None) -> None:
    fake = FakeBeatConnect()
    refs: dict[str, weakref.ref[object]] = {}

    async def main() -> None:
        http = httpx.AsyncClient(transport=fake.transport())
        client = AsyncBeatConnect(api_key=fake.api_key, http_client=http, max_retries=0)
        refs["client"] = weakref.ref(client)
        refs["transport"] = weakref.ref(client._transport)
        refs["http_client"] = weakref.ref(http)
        _fault(fake, fault)
        try:
            await client.beats.get(1234)
        except BeatkitError:
            assert fault is not None
        assert len(await client.beats.list(limit=45).to_list()) == 45
        await client.aclose()
        await http.aclose()

    asyncio.run(main())
    fake.requests.clear()
    assert _alive(refs) == []
