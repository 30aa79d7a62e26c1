"""``X-RateLimit-*`` headers sent more than once: the strictest reading wins.

A gateway in front of an API may add its own ``X-RateLimit-*`` headers beside the
origin's, or repeat them; httpx keeps every line. The limiter took the last line of
each name, so an origin's ``Remaining: 0`` followed by a gateway's ``Remaining: 59``
read as 59 left, and the next calls were sent into the origin's shut window. As for a
repeated ``Retry-After`` (the longest wait wins), the fewest requests left, the lowest
limit and the latest reset are kept; a line folded with commas (``0, 59``) is read the
same way, and an unreadable value is skipped beside readable ones.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.errors import RateLimitError

SPEC = ServiceSpec(name="testsvc", parse_error=lambda status, body: None)


async def _no_sleep(seconds: float) -> None:
    return None


def _op() -> Operation[Any]:
    return Operation(name="things.get", method="GET", path="/things/1", result=Any)


@pytest.fixture
def client(
    http_clients: list[httpx.AsyncClient],
) -> Callable[[list[tuple[str, str]], list[int]], AsyncAPIClient]:
    def factory(headers: list[tuple[str, str]], sent: list[int]) -> AsyncAPIClient:
        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(1)
            return httpx.Response(200, headers=headers, json={})

        settings = build_settings(
            SPEC,
            base_url="https://api.test/v1",
            max_retries=0,
            max_retry_wait=5.0,
            async_sleep=_no_sleep,
        )
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        http_clients.append(http)
        return AsyncAPIClient(settings, http)

    return factory


SHUT = [
    ("X-RateLimit-Limit", "60"),
    ("X-RateLimit-Remaining", "0"),
    ("X-RateLimit-Reset", "3600"),
]


@pytest.mark.parametrize(
    "gateway",
    [
        [("X-RateLimit-Remaining", "59")],
        [("X-RateLimit-Limit", "1000"), ("X-RateLimit-Remaining", "999")],
        [("X-RateLimit-Remaining", "many")],
    ],
)
async def test_a_shut_window_stays_shut_whatever_follows_it(
    client: Any, gateway: list[tuple[str, str]]
) -> None:
    sent: list[int] = []
    c = client(SHUT + gateway, sent)
    await c._transport.send(_op())
    assert c.rate_limit.remaining == 0
    assert c.rate_limit.limit == 60
    # The window is shut for an hour, longer than max_retry_wait: refused unsent.
    with pytest.raises(RateLimitError):
        await c._transport.send(_op())
    assert len(sent) == 1


@pytest.mark.parametrize(
    "headers",
    [
        [("X-RateLimit-Remaining", "59"), ("X-RateLimit-Remaining", "0")],
        [("X-RateLimit-Remaining", "59, 0")],
        [("X-RateLimit-Remaining", "0 , 59")],
    ],
)
async def test_the_fewest_requests_left_are_kept(
    client: Any, headers: list[tuple[str, str]]
) -> None:
    c = client([("X-RateLimit-Limit", "60"), *headers], [])
    await c._transport.send(_op())
    assert c.rate_limit.remaining == 0


async def test_the_latest_reset_is_kept(client: Any) -> None:
    headers = [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "3600")]
    early = client([*headers, ("X-RateLimit-Reset", "1")], [])
    late = client(headers, [])
    await early._transport.send(_op())
    await late._transport.send(_op())
    gap = abs((early.rate_limit.reset_at - late.rate_limit.reset_at).total_seconds())
    assert gap < 60
