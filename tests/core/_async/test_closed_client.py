"""A client used after its connection pool was closed: one clear beatkit error, on every
path that sends (API calls, pagers, downloads, login steps, token requests).

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatkitError, ClientClosedError
from beatkit.beattech import AsyncBeatTech
from beatkit.testing import FakeBeatConnect, FakeBeatTech


async def test_calls_and_pagers_of_a_closed_client_raise_client_closed(
    tmp_path: Path,
) -> None:
    # httpx's own RuntimeError ("Cannot send a request, as the client has been closed")
    # used to escape, after the retries' waits for a connection failure in flight.
    fake = FakeBeatConnect()
    client = AsyncBeatConnect(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
    )
    assert await client.genres.list()
    await client._transport.http_client.aclose()
    sent = len(fake.requests)
    with pytest.raises(ClientClosedError, match="closed") as caught:
        await client.genres.list()
    assert isinstance(caught.value, BeatkitError) and isinstance(caught.value, RuntimeError)
    with pytest.raises(ClientClosedError):
        await client.beats.list().first_page()
    with pytest.raises(ClientClosedError):
        async for _ in client.beats.list():
            pass
    assert len(fake.requests) == sent


async def test_a_closed_client_does_not_log_in_or_fetch_tokens() -> None:
    fake = FakeBeatTech()
    bt = AsyncBeatTech(
        "fabel",
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
    )
    await bt._transport.http_client.aclose()
    with pytest.raises(ClientClosedError):
        await bt.auth.login(fake.username, fake.password)
    with pytest.raises(ClientClosedError):
        await bt.auth.app_token()
    with pytest.raises(ClientClosedError):
        await bt.tracks.get("10001")
    assert fake.requests == []


async def test_a_closed_client_on_your_own_http_client_sends_nothing_more() -> None:
    # close() leaves an http_client of yours open, and the client went on sending with it.
    fake = FakeBeatConnect()
    http = httpx.AsyncClient(transport=fake.transport())
    client = AsyncBeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
    assert await client.genres.list()
    await client.aclose()
    sent = len(fake.requests)
    with pytest.raises(ClientClosedError, match="closed"):
        await client.genres.list()
    with pytest.raises(ClientClosedError):
        await client.beats.list().first_page()
    assert len(fake.requests) == sent
    assert not http.is_closed
    await http.aclose()


async def test_a_closed_beat_technology_client_on_your_own_http_client() -> None:
    fake = FakeBeatTech()
    http = httpx.AsyncClient(transport=fake.transport())
    bt = AsyncBeatTech(
        "fabel",
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )
    await bt.aclose()
    with pytest.raises(ClientClosedError):
        await bt.auth.login(fake.username, fake.password)
    with pytest.raises(ClientClosedError):
        await bt.auth.app_token()
    with pytest.raises(ClientClosedError):
        await bt.app.tracks.get("10001")
    assert fake.requests == []
    assert not http.is_closed
    await http.aclose()


async def test_entering_a_closed_client_again_raises_client_closed() -> None:
    # `async with` after the block closed the client used to hand it back, and the
    # first call inside failed; a notebook cell run twice does exactly that.
    fake = FakeBeatConnect()
    http = httpx.AsyncClient(transport=fake.transport())
    client = AsyncBeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
    async with client:
        assert await client.genres.list()
    await client.aclose()  # closing twice is fine
    with pytest.raises(ClientClosedError, match="closed"):
        async with client:
            pytest.fail("entered a closed client")
    bt = AsyncBeatTech(
        "fabel", client_id="id", client_secret="secret", base_url=fake.base_url, http_client=http
    )
    await bt.aclose()
    with pytest.raises(ClientClosedError):
        async with bt:
            pytest.fail("entered a closed client")
    await http.aclose()


async def test_your_http_client_closed_under_an_open_client_is_named() -> None:
    # The message said "the client is closed; create a new one": the beatkit client was
    # open, and a new one on the same http_client fails alike.
    fake = FakeBeatConnect()
    http = httpx.AsyncClient(transport=fake.transport())
    client = AsyncBeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
    assert await client.genres.list()
    await http.aclose()
    sent = len(fake.requests)
    with pytest.raises(ClientClosedError, match="http_client") as caught:
        await client.genres.list()
    assert "create a new one" not in str(caught.value)
    with pytest.raises(ClientClosedError, match="http_client"):
        async with client:
            pytest.fail("entered a client whose http_client is closed")
    assert len(fake.requests) == sent
    # Closed by you and then by beatkit: beatkit's own close comes first in the message.
    await client.aclose()
    with pytest.raises(ClientClosedError, match="the client is closed"):
        await client.genres.list()
