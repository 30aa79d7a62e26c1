# GENERATED from tests/core/_async/test_audit_a_http_client_closed_first.py by scripts/unasync.py: edit the async source.
"""An ``http_client`` of yours closed before a call says so: closed before this request,
nothing sent. Closed after the beatkit client was built but before its first call, it
was said to have been "closed while it was in use", as if a request had been cut.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit import ClientClosedError
from beatkit.beatconnect import BeatConnect
from beatkit.testing.beatconnect import FakeBeatConnect


def test_an_http_client_closed_before_the_first_call() -> None:
    fake = FakeBeatConnect()
    http = httpx.Client(transport=fake.transport())
    client = BeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
    http.close()
    with pytest.raises(ClientClosedError, match="http_client") as caught:
        client.genres.list()
    text = str(caught.value)
    assert "while it was in use" not in text
    assert "before this request" in text
    assert "nothing was sent" in text
    assert fake.requests == []
    client.close()


def test_an_http_client_closed_between_calls() -> None:
    fake = FakeBeatConnect()
    http = httpx.Client(transport=fake.transport())
    client = BeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
    assert client.genres.list()
    http.close()
    sent = len(fake.requests)
    with pytest.raises(ClientClosedError, match="before this request") as caught:
        client.genres.list()
    assert "nothing was sent" in str(caught.value)
    assert len(fake.requests) == sent
    client.close()
