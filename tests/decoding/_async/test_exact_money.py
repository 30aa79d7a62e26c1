"""Money with more digits than a float holds, through each service's client.

Every service with ``Decimal`` fields reads the JSON number's exact value, not the
float next to it (``12345678901234567.89`` would become ``12345678901234568``).
Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from decimal import Decimal

import httpx
import pytest
from pytest_httpx import HTTPXMock

from beatkit.beatconnect import AsyncBeatConnect
from beatkit.beatpass import AsyncBeatPass
from beatkit.beatport import AsyncBeatport
from beatkit.beattech import AsyncBeatTech

Handler = Callable[[httpx.Request], httpx.Response]

BIG = "12345678901234567.89"
SMALL = "0.1000000000000000055"


def raw(content: str, status: int = 200, **headers: str) -> httpx.Response:
    # The body as text: ``json=`` would already have rounded the numbers through float.
    return httpx.Response(
        status, content=content.encode(), headers={"Content-Type": "application/json", **headers}
    )


@pytest.fixture
async def http() -> AsyncIterator[Callable[[Handler], httpx.AsyncClient]]:
    made: list[httpx.AsyncClient] = []

    def make(handler: Handler) -> httpx.AsyncClient:
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.mark.parametrize("strict", [False, True])
async def test_beatport_price(http: Callable[[Handler], httpx.AsyncClient], strict: bool) -> None:
    body = f'{{"id": 1, "name": "Digital Love", "price": {{"code": "USD", "value": {BIG}}}}}'
    client = AsyncBeatport(
        "client-id",
        token="tok",
        http_client=http(lambda _: raw(body)),
        requests_per_second=None,
        max_retries=0,
        strict=strict,
    )
    track = await client.tracks.get(1)
    assert track.price is not None and track.price.value == Decimal(BIG)


async def test_beatpass_prices(http: Callable[[Handler], httpx.AsyncClient]) -> None:
    body = (
        f'{{"status": "success", "track": {{"id": 1, "name": "Crimson Dreams",'
        f' "price": {BIG}, "exclusive_price": {SMALL}}}}}'
    )
    client = AsyncBeatPass("tok", http_client=http(lambda _: raw(body)), max_retries=0)
    track = await client.tracks.get(1)
    assert track.price == Decimal(BIG)
    assert track.exclusive_price == Decimal(SMALL)


async def test_beatconnect_price(http: Callable[[Handler], httpx.AsyncClient]) -> None:
    body = f'{{"status": "success", "data": {{"id": 1, "title": "Lagos Nights", "price": {BIG}}}}}'
    client = AsyncBeatConnect("key", http_client=http(lambda _: raw(body)), max_retries=0)
    beat = await client.beats.get(1)
    assert beat.price == Decimal(BIG)


async def test_beattech_balances_through_the_pager(httpx_mock: HTTPXMock) -> None:
    base = "https://api.prod.fabel.beat.no/v2"
    token = {"access_token": "at", "expires_in": 3600, "token_type": "Bearer", "user_id": "28392"}
    httpx_mock.add_response(method="POST", url=f"{base}/oauth2/token", json=token)
    httpx_mock.add_response(
        method="GET",
        url=f"{base}/users/28392/balances",
        status_code=206,
        headers={"Content-Range": "balances 0-1/2"},
        content=(
            f'{{"balances": [{{"currency": "USD", "amount": {BIG}}},'
            f' {{"currency": "XCR", "amount": {SMALL}}}]}}'
        ).encode(),
    )
    async with AsyncBeatTech("fabel", client_id="cid", client_secret="csecret") as client:
        await client.auth.login("user@example.com", "pw")
        balances = [balance async for balance in client.users.balances()]
    assert [b.amount for b in balances] == [Decimal(BIG), Decimal(SMALL)]
