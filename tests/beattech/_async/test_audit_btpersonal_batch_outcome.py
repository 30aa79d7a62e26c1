"""``bt.batch`` is never sent twice: when it fails after it was sent (a 5xx, a timeout, a
success answer that cannot be read) its error says that its subrequests may have run, and
when the server refused it as a whole (a 4xx) that none did; it said neither.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BatchRequest
from beatkit.errors import (
    APITimeoutError,
    BeatkitError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)
from beatkit.testing import FakeBeatTech


async def no_sleep(_: float) -> None:
    """The transport's sleep, skipped."""


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


@pytest.fixture
async def bt(fake: FakeBeatTech) -> AsyncIterator[AsyncBeatTech]:
    client = AsyncBeatTech(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
        max_retries=0,
    )
    settings = client._transport.settings
    client._transport.settings = attrs.evolve(settings, async_sleep=no_sleep)
    await client.auth.login(fake.username, fake.password)
    yield client
    await client._transport.http_client.aclose()


def notes(exc: BaseException) -> str:
    return "\n".join(getattr(exc, "__notes__", []))


def favourites(fake: FakeBeatTech) -> list[BatchRequest]:
    tracks = list(fake.catalog.tracks)[:2]
    body = {"favourite": True}
    return [BatchRequest(method="PATCH", url=f"/v2/tracks/{t}", body=body) for t in tracks]


def inject(fake: FakeBeatTech, fault: str) -> type[BeatkitError]:
    if fault == "timeout":
        fake.timeout_next()
        return APITimeoutError
    if fault == "garbage":
        fake.garbage_next()
        return ResponseDecodeError
    fake.fail_next(int(fault))
    return ServerError


@pytest.mark.parametrize("fault", ["500", "503", "timeout", "garbage"])
async def test_a_batch_failed_after_sending_says_it_may_have_run(
    fake: FakeBeatTech, bt: AsyncBeatTech, fault: str
) -> None:
    error = inject(fake, fault)
    with pytest.raises(error) as caught:
        await bt.batch(favourites(fake))
    assert len(fake.requests_to("/batch", "POST")) == 1
    assert "bt.batch: its 2 subrequests may have run" in notes(caught.value)


async def test_a_refused_batch_says_none_ran(fake: FakeBeatTech, bt: AsyncBeatTech) -> None:
    fake.fail_next(429, headers={"Retry-After": "0"})  # max_retries=0: raised, not retried
    with pytest.raises(RateLimitError) as caught:
        await bt.batch(favourites(fake))
    text = notes(caught.value)
    assert "may have run" not in text
    assert "bt.batch: the server refused the batch as a whole: none of its 2 subrequests ran" in (
        text
    )
