# GENERATED from tests/beatpass/_async/test_audit_envelopes.py by scripts/unasync.py: edit the async source.
"""Search results under the envelope's ``data``, as every other single object may come.

The docs promise one object "under its name, under ``data``, or flat: all three are
read". Search results under ``data`` read as no results at all, every match left in
``extra``: a silent empty answer.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit.beatpass import BeatPass

RESULTS = {"tracks": [{"id": 1}], "artists": [{"id": 2}], "users": [{"id": 3}]}


class Server:
    def __init__(self) -> None:
        self.body: Any = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=self.body)


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
def bp(server: Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    transport = httpx.MockTransport(server)
    with BeatPass("tok", http_client=httpx.Client(transport=transport)) as client:
        yield client


@pytest.mark.parametrize(
    "body",
    [
        {"status": "success", "query": "night", "results": RESULTS},
        {"status": "success", "data": {"query": "night", "results": RESULTS}},
        {"status": "success", "data": {"query": "night", **RESULTS}},
        {"status": "success", "query": "night", **RESULTS},
    ],
    ids=["openapi", "data", "data-flat", "flat"],
)
def test_search_results_are_read_in_every_envelope(
    bp: BeatPass, server: Server, body: dict[str, Any]
) -> None:
    server.body = body
    found = bp.search("night")
    assert found.query == "night"
    assert [t.id for t in found.tracks] == [1]
    assert [a.id for a in found.artists] == [2]
    assert [u.id for u in found.users] == [3]
    assert found.extra == {}
