"""Every recorded Beatport answer, served by pytest-httpx to the public call that makes it,
read back value by value, by a strict client and by a default (lenient) one.

``tests/beatport/test_recorded_responses.py`` checks chosen values with a strict sync
client and ``test_recorded_round_trip.py`` the unstructured JSON; this walks every key
of every recorded item against the attribute of the same name: a JSON integer is an
``int`` (never a bool), ``true``/``false`` are the bools, a JSON fraction is the exact
``Decimal`` of the number as written, a datetime keeps its offset and writes back as sent,
a date is that day, ``null`` is ``None``, an empty list stays an empty list, a nested
object is a model with nothing left in ``extra``.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from beatkit._core.model import ExactModel
from beatkit.beatport import AsyncBeatport
from beatkit.beatport.models import Track

RECORDINGS = Path(__file__).resolve().parents[2] / "fixtures" / "real" / "beatport"
FILES = sorted(RECORDINGS.glob("*.json"))


def recording(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def same(value: Any, raw: Any, where: str) -> None:
    """``value`` (what the client gave) is exactly ``raw`` (what the API sent)."""
    if raw is None:
        assert value is None, where
    elif isinstance(raw, bool):
        assert value is raw, where
    elif isinstance(raw, int):
        assert type(value) is int and value == raw, where
    elif isinstance(raw, float):
        assert type(value) is Decimal and value == Decimal(repr(raw)), where
    elif isinstance(raw, str):
        if isinstance(value, datetime):
            sent = datetime.fromisoformat(raw)
            assert value == sent and value.utcoffset() == sent.utcoffset(), where
            assert value.isoformat() == raw, where
        elif isinstance(value, date):
            assert value.isoformat() == raw, where
        else:
            assert type(value) is str and value == raw, where
    elif isinstance(raw, list):
        assert type(value) is list and len(value) == len(raw), where
        for index, (item, raw_item) in enumerate(zip(value, raw, strict=True)):
            same(item, raw_item, f"{where}[{index}]")
    elif isinstance(raw, Mapping):
        assert isinstance(value, ExactModel), where
        assert value.extra == {}, where
        for key, raw_value in raw.items():
            same(getattr(value, key), raw_value, f"{where}.{key}")
    else:  # pragma: no cover - JSON has no other type
        raise AssertionError(f"{where}: {raw!r}")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
async def test_every_recorded_value_reads_back_exactly(
    path: Path, strict: bool, httpx_mock: HTTPXMock
) -> None:
    record = recording(path)
    method, url = record["request"].split(" ", 1)
    recorded = httpx.URL(url)
    assert (method, recorded.path) == ("GET", "/v4/catalog/tracks/"), (
        f"{path.name}: a recording of another call needs its call here"
    )
    httpx_mock.add_response(
        method="GET",
        url=url,
        status_code=record["status"],
        headers=record["response_headers"],
        json=record["body"],
    )
    async with AsyncBeatport(
        "recorded-client",
        token="recorded-token",
        requests_per_second=None,
        max_retries=0,
        strict=strict,
    ) as bp:
        page = await bp.tracks.list(**dict(recorded.params)).first_page()

    (sent,) = httpx_mock.get_requests()
    assert (sent.method, sent.url.host, sent.url.path) == ("GET", recorded.host, recorded.path)
    assert dict(sent.url.params) == dict(recorded.params)

    body = record["body"]
    assert page.total == body["count"]
    assert page.has_next is (body["next"] is not None)
    assert len(page.items) == len(body["results"]) > 0
    for index, (track, raw) in enumerate(zip(page.items, body["results"], strict=True)):
        assert type(track) is Track
        same(track, raw, f"results[{index}]")
        # The conveniences read the same values.
        assert track.full_name == f"{raw['name']} ({raw['mix_name']})"
        assert track.duration is not None
        assert track.duration.total_seconds() * 1000 == raw["length_ms"]
        sample = track.sample
        assert sample is not None
        assert (sample.url, sample.start_ms, sample.end_ms) == (
            raw["sample_url"],
            raw["sample_start_ms"],
            raw["sample_end_ms"],
        )
        assert track.key is not None
        assert track.key.camelot_code == (
            f"{raw['key']['camelot_number']}{raw['key']['camelot_letter']}"
        )
        assert track.image is not None
        assert track.image.sized(100, 100) == raw["image"]["dynamic_uri"].replace(
            "{w}x{h}", "100x100"
        )
