# GENERATED from tests/core/_async/test_audit_transport_closed_lockout.py by scripts/unasync.py: edit the async source.
"""A closed client says it is closed, even while the server has locked it out.

A call on a closed client used to meet the rate limiter first: after a 429 whose
``Retry-After`` was longer than ``max_retry_wait`` (or a window used up until a reset
that far away), it raised ``RateLimitError`` ("used up for another 3600 s"), telling
the caller to wait and call again on a client that will never send.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit import BeatConnect, ClientClosedError, RateLimitError
from beatkit.testing import FakeBeatConnect


def _client(fake: FakeBeatConnect, http: httpx.Client | None) -> BeatConnect:
    return BeatConnect(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=http,
        max_retry_wait=60.0,
    )


@pytest.mark.parametrize("own_http_client", [True, False])
def test_closed_client_locked_out_by_a_long_retry_after_says_closed(
    own_http_client: bool,
) -> None:
    fake = FakeBeatConnect()
    http = httpx.Client(transport=fake.transport())
    try:
        client = _client(fake, http)
        fake.fail_next(429, headers={"Retry-After": "3600"})
        with pytest.raises(RateLimitError):
            client.beats.get(1234)
        # Open, the lockout is refused without sending, as documented.
        with pytest.raises(RateLimitError):
            client.beats.get(1234)
        if own_http_client:
            http.close()
        else:
            client.close()
        sent = len(fake.requests)
        with pytest.raises(ClientClosedError):
            client.beats.get(1234)
        with pytest.raises(ClientClosedError):
            client.beats.list().first_page()
        assert len(fake.requests) == sent
    finally:
        http.close()


def test_closed_client_with_a_window_used_up_says_closed() -> None:
    fake = FakeBeatConnect()
    http = httpx.Client(transport=fake.transport())
    try:
        client = _client(fake, http)
        # A window used up until a reset further away than max_retry_wait.
        fake.fail_next(
            200,
            headers={
                "X-RateLimit-Limit": "100",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": "3600",
            },
            body={"status": "success", "data": []},
        )
        client.genres.list()
        with pytest.raises(RateLimitError):
            client.genres.list()
        client.close()
        sent = len(fake.requests)
        with pytest.raises(ClientClosedError):
            client.genres.list()
        assert len(fake.requests) == sent
    finally:
        http.close()
