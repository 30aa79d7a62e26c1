"""Every recorded Beatport response, decoded strictly by both clients, gives back exactly
the JSON it was read from: no key dropped or renamed, no value coerced (an int stays an
int, a float a float, ``null`` stays ``null``, a datetime keeps its offset).

``test_recorded_responses.py`` checks chosen values with the sync client; this checks
every key and every JSON type, with the sync and the async client alike.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.beatport.converter import get_strict_converter
from beatkit.beatport.models import Track

RECORDINGS = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "beatport"
FILES = sorted(RECORDINGS.glob("*.json"))


def typed(value: Any) -> Any:
    """``value`` with each scalar paired with its JSON type, so that ``1`` and ``1.0``
    (equal in Python) compare unequal, as ``true`` and ``1`` do."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)


def record_of(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    method, url = loaded["request"].split(" ", 1)
    assert (method, httpx.URL(url).path) == ("GET", "/v4/catalog/tracks/"), (
        f"{path.name}: a recording of another call needs its call here"
    )
    return loaded


def replay(record: dict[str, Any]) -> httpx.MockTransport:
    body = json.dumps(record["body"]).encode()
    headers = {k: v for k, v in record["response_headers"].items() if k != "content-length"}
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) > 1:  # every recording is one page
            return httpx.Response(500, json={"detail": "asked for more than was recorded"})
        return httpx.Response(record["status"], headers=headers, content=body)

    return httpx.MockTransport(handler)


def sync_items(record: dict[str, Any]) -> list[Track]:
    query = dict(httpx.URL(record["request"].split(" ", 1)[1]).params)
    http = httpx.Client(transport=replay(record))
    with Beatport(
        "recorded-client", token="t", http_client=http, requests_per_second=None, strict=True
    ) as bp:
        return list(bp.tracks.list(**query))


def async_items(record: dict[str, Any]) -> list[Track]:
    query = dict(httpx.URL(record["request"].split(" ", 1)[1]).params)

    async def run() -> list[Track]:
        http = httpx.AsyncClient(transport=replay(record))
        async with AsyncBeatport(
            "recorded-client", token="t", http_client=http, requests_per_second=None, strict=True
        ) as bp:
            return [track async for track in bp.tracks.list(**query)]

    return asyncio.run(asyncio.wait_for(run(), 30))


def test_there_are_recordings() -> None:
    assert FILES


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
@pytest.mark.parametrize("facade", [sync_items, async_items], ids=["sync", "async"])
def test_each_item_unstructures_to_the_recorded_json_exactly(path: Path, facade: Any) -> None:
    record = record_of(path)
    raw_items = record["body"]["results"]
    items = facade(record)
    assert len(items) == len(raw_items) > 0
    converter = get_strict_converter()
    for item, raw in zip(items, raw_items, strict=True):
        assert type(item) is Track and item.extra == {}
        assert typed(converter.unstructure(item)) == typed(raw)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_both_facades_decode_the_same(path: Path) -> None:
    record = record_of(path)
    assert sync_items(record) == async_items(record)
