# GENERATED from tests/beatpass/_async/test_audit_envelopes.py by scripts/unasync.py: edit the async source.
"""Search results under the envelope's ``data``, as every other single object may come.

The docs promise one object "under its name, under ``data``, or flat: all three are
read". Search results under ``data`` read as no results at all, every match left in
``extra``: a silent empty answer.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Iterator, Callable
from typing import Any

import httpx
import pytest

from beatkit import ResponseDecodeError
from beatkit.beatpass import BeatPass

# The call's coroutine (or, in the sync twin, its result).
Call = Callable[[BeatPass], Any]

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


# Each of these models reads an answer that names none of its fields as "nothing": a
# list under the envelope's data is not the object, and must not read as an empty one.
LIST_UNDER_DATA: list[tuple[str, Call]] = [
    ("fingerprints.check_duplicates", lambda bp: bp.fingerprints.check_duplicates([1])),
    ("radio.get", lambda bp: bp.radio.get("artist", 1)),
    ("search.audio", lambda bp: bp.search.audio(1, "a", "b")),
    ("credits.spotify_search", lambda bp: bp.credits.spotify_search("night")),
    ("artists.achievements", lambda bp: bp.artists.achievements(1)),
    ("tracks.wave", lambda bp: bp.tracks.wave(1)),
    ("purchases.initiate", lambda bp: bp.purchases.initiate(1)),
]


@pytest.mark.parametrize(("name", "call"), LIST_UNDER_DATA, ids=[n for n, _ in LIST_UNDER_DATA])
def test_a_list_under_data_is_no_object(
    bp: BeatPass, server: Server, name: str, call: Call
) -> None:
    server.body = {"status": "success", "data": [{"id": 7, "track_id": 1}]}
    with pytest.raises(ResponseDecodeError, match=name):
        call(bp)


def test_an_empty_list_under_data_is_still_an_empty_payload(
    bp: BeatPass, server: Server
) -> None:
    # PHP writes an empty payload as []: that one carries nothing, and reads as empty.
    server.body = {"status": "success", "data": []}
    assert (bp.fingerprints.check_duplicates([1])).duplicates == []
