# GENERATED from tests/core/_async/test_audit_http_client_timeout.py by scripts/unasync.py: edit the async source.
"""The timeout an ``http_client`` of the caller's was made with is not used: every call
gets the beatkit client's ``timeout`` (or its ``RequestOptions.timeout``), as
docs/concepts.md says.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from typing import Any

import httpx

from beatkit import BeatConnect, RequestOptions
from beatkit.testing import FakeBeatConnect


def test_the_clients_timeout_wins_over_the_http_clients() -> None:
    fake = FakeBeatConnect()
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return fake.handle(request)

    http = httpx.Client(transport=httpx.MockTransport(handler), timeout=httpx.Timeout(120))
    try:
        client = BeatConnect(
            api_key=fake.api_key, base_url=fake.base_url, http_client=http, timeout=7
        )
        client.genres.list()
        client.genres.list(options=RequestOptions(timeout=3))
        assert seen == [httpx.Timeout(7).as_dict(), httpx.Timeout(3).as_dict()]
    finally:
        http.close()
