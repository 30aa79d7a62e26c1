"""Beatport datetimes are ISO 8601 text with an offset, and decode only from that.

Every datetime in the recorded responses and the vendor pages carries its offset
(``2016-08-19T00:50:00-06:00``: Beatport's servers write Mountain time). A value
without one is not UTC by any sign the API gives (if anything, it would be the
servers' local time), and a Unix number in a datetime field is no form Beatport
uses: taking either would make up a time the API did not send, so both are
refused, naming the field.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import cattrs
import httpx
import pytest

from beatkit._core.converter import describe_failure
from beatkit.beatport import Beatport
from beatkit.beatport.converter import converter, strict_converter
from beatkit.beatport.models import Account, Subscription, Track
from beatkit.errors import ResponseDecodeError

RECORDED = (
    Path(__file__).resolve().parents[1] / "fixtures/real/beatport/catalog-tracks-by-isrc.json"
)
FAILURES = (TypeError, ValueError, KeyError, cattrs.BaseValidationError)


def recorded_track() -> dict[str, Any]:
    track: dict[str, Any] = json.loads(RECORDED.read_text())["body"]["results"][0]
    return copy.deepcopy(track)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2016-08-19T00:50:00", "without an offset"),
        ("2016-08-19 00:50:00.123456", "without an offset"),
        (1471589400, "expected an ISO 8601 string with an offset, got integer"),
        (1471589400.5, "expected an ISO 8601 string with an offset, got number"),
    ],
)
def test_a_datetime_without_an_offset_or_as_a_number_is_refused(value: Any, message: str) -> None:
    raw = {**recorded_track(), "encoded_date": value}
    for conv in (converter, strict_converter):
        with pytest.raises(FAILURES) as info:
            conv.structure(copy.deepcopy(raw), Track)
        failure = describe_failure(info.value)
        assert failure is not None
        assert failure.startswith("Track.encoded_date: ")
        assert message in failure


@pytest.mark.parametrize(
    ("cls", "raw"),
    [
        (Track, {"id": 1, "name": "Free", "free_download_end_date": "2024-05-31T23:59:59"}),
        (Subscription, {"id": 1, "renewal_date": "2026-02-15T00:00:00"}),
        (Account, {"id": 1, "last_login": 1769720486}),
    ],
)
def test_every_beatport_datetime_field_needs_an_offset(cls: type[Any], raw: dict[str, Any]) -> None:
    with pytest.raises(FAILURES):
        converter.structure(raw, cls)


def test_offsets_are_kept_as_sent() -> None:
    raw = {**recorded_track(), "encoded_date": "2016-08-19T06:50:00Z"}
    track = converter.structure(raw, Track)
    assert track.encoded_date == datetime(2016, 8, 19, 6, 50, tzinfo=UTC)
    assert converter.unstructure(track)["encoded_date"] == "2016-08-19T06:50:00Z"
    raw["encoded_date"] = "2016-08-19T00:50:00-06:00"
    track = converter.structure(raw, Track)
    assert track.encoded_date is not None
    assert track.encoded_date.utcoffset() == timedelta(hours=-6)


def test_a_client_call_raises_a_beatkit_error_for_a_naive_datetime() -> None:
    body = {**recorded_track(), "encoded_date": "2016-08-19T00:50:00"}
    client = Beatport(
        client_id="test-client",
        token="t0ken-for-tests",
        http_client=httpx.Client(
            transport=httpx.MockTransport(lambda _: httpx.Response(200, json=body))
        ),
        max_retries=0,
    )
    with client, pytest.raises(ResponseDecodeError, match=r"Track\.encoded_date"):
        client.tracks.get(8291700)
