"""Every recorded Beatport response, decoded by a strict client as the API sent it.

Each file of ``tests/fixtures/real/beatport/`` holds a request line, the status, the
response headers and the body of one real exchange with ``api.beatport.com``. The
client is given that exchange through a mock transport (nothing leaves the process),
makes the call the request line names, and decodes the body strictly: a key the models
do not declare fails the test. The values checked are read from the recording itself.
A new recording needs an entry in ``CALLS`` (the test of the file says so).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import Pager
from beatkit.beatport import Beatport
from beatkit.beatport.models import Track

RECORDINGS = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "beatport"
FILES = sorted(RECORDINGS.glob("*.json"))

Call = Callable[[Beatport, Mapping[str, Any]], "Pager[Any]"]

CALLS: dict[str, tuple[Call, type[Any]]] = {
    "/v4/catalog/tracks/": (lambda bp, query: bp.tracks.list(**query), Track),
}
"""The client call that makes each recorded request (by path), and the model of its items."""


def recording(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def replay(record: Mapping[str, Any], sent: list[httpx.Request]) -> httpx.MockTransport:
    """A transport that answers with the recorded status, headers and body."""
    body = json.dumps(record["body"]).encode()
    headers = {k: v for k, v in record["response_headers"].items() if k != "content-length"}

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if len(sent) > 1:  # the bound of this test: every recording is one page
            return httpx.Response(500, json={"detail": "asked for more than was recorded"})
        return httpx.Response(record["status"], headers=headers, content=body)

    return httpx.MockTransport(handler)


@pytest.fixture(params=FILES, ids=[path.name for path in FILES])
def record(request: pytest.FixtureRequest) -> dict[str, Any]:
    return recording(request.param)


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def client(record: dict[str, Any], sent: list[httpx.Request]) -> Iterator[Beatport]:
    http = httpx.Client(transport=replay(record, sent))
    with Beatport(
        "recorded-client",
        token="recorded-token",
        http_client=http,
        max_retries=0,
        requests_per_second=None,
        strict=True,
    ) as bp:
        yield bp


def test_there_are_recordings() -> None:
    assert FILES, f"no recorded Beatport responses in {RECORDINGS}"


def call_of(record: Mapping[str, Any]) -> tuple[httpx.URL, Call, type[Any]]:
    method, url = record["request"].split(" ", 1)
    assert method == "GET"
    recorded = httpx.URL(url)
    assert recorded.path in CALLS, f"no client call for {recorded.path}: add one to CALLS"
    call, model = CALLS[recorded.path]
    return recorded, call, model


def test_the_client_sends_the_recorded_request(
    client: Beatport, record: dict[str, Any], sent: list[httpx.Request]
) -> None:
    recorded, call, _ = call_of(record)
    list(call(client, dict(recorded.params)))
    assert [(r.method, r.url.host, r.url.path) for r in sent] == [
        ("GET", recorded.host, recorded.path)
    ]
    assert dict(sent[0].url.params) == dict(recorded.params)


def test_every_item_decodes_strictly_with_the_recorded_values(
    client: Beatport, record: dict[str, Any]
) -> None:
    recorded, call, model = call_of(record)
    body = record["body"]
    page = call(client, dict(recorded.params)).first_page()
    assert page.total == body["count"]
    assert len(page.items) == len(body["results"]) > 0
    for item, raw in zip(page.items, body["results"], strict=True):
        assert type(item) is model
        assert item.extra == {}
        if model is Track:
            check_track(item, raw)


def check_track(track: Track, raw: Mapping[str, Any]) -> None:
    """The track's values, each against the recorded JSON."""
    assert (track.id, track.name, track.mix_name, track.isrc) == (
        raw["id"],
        raw["name"],
        raw["mix_name"],
        raw["isrc"],
    )
    assert (track.bpm, track.length_ms, track.slug) == (raw["bpm"], raw["length_ms"], raw["slug"])
    assert track.is_hype is raw["is_hype"] and track.exclusive is raw["exclusive"]
    assert track.price is not None
    # The float as written in the body (its shortest repr), not its binary expansion.
    assert track.price.value == Decimal(repr(raw["price"]["value"]))
    assert track.price.display == raw["price"]["display"]
    assert track.encoded_date == datetime.fromisoformat(raw["encoded_date"])
    assert track.encoded_date is not None
    assert track.encoded_date.utcoffset() == datetime.fromisoformat(raw["encoded_date"]).utcoffset()
    assert track.publish_date == date.fromisoformat(raw["publish_date"])
    assert [(a.id, a.name) for a in track.artists] == [(a["id"], a["name"]) for a in raw["artists"]]
    assert track.release is not None
    assert (track.release.id, track.release.name) == (raw["release"]["id"], raw["release"]["name"])
    assert track.genre is not None and track.genre.name == raw["genre"]["name"]
    assert track.sub_genre is None if raw["sub_genre"] is None else track.sub_genre is not None
