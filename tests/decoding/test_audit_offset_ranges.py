"""An offset's minutes and seconds are 00-59, and its hours 00-23: nothing else is read.

``datetime.fromisoformat`` builds an offset as a ``timedelta`` of its parts without
checking each part's range, so ``+01:60`` was read as ``+02:00`` and ``+00:99`` as
``+01:39``: a time other than the one sent (RFC 3339's ``time-numoffset``, W3C's
``TZD`` and ISO 8601 all take minutes 00-59), silently. Such text is an error, in
every reader of the shared grammar (model fields, a stored token, a saved change),
and a text in the right form that names no real time says so rather than calling
its form wrong.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from beatkit._core import json_values
from beatkit._core.json_values import (
    parse_datetime_text,
    structure_datetime,
    structure_offset_datetime,
)
from beatkit.auth.token import Token
from beatkit.beatpass import BeatPass
from beatkit.errors import ResponseDecodeError

OUT_OF_RANGE_OFFSETS = [
    "2024-01-01T12:00:00+01:60",  # was +02:00
    "2024-01-01T12:00:00+00:99",  # was +01:39
    "2024-01-01T12:00:00-05:75",
    "2024-01-01T12:00:00+00:00:60",  # was +00:01
    "2024-01-01T12:00:00+05:30:99",
    "2024-01-01T12:00:00+24:00",
]


@pytest.mark.parametrize("text", OUT_OF_RANGE_OFFSETS)
def test_an_offset_part_out_of_its_range_is_refused(text: str) -> None:
    for read in (parse_datetime_text, structure_datetime, structure_offset_datetime):
        with pytest.raises(ValueError, match="invalid datetime"):
            read(text)


@pytest.mark.parametrize("text", OUT_OF_RANGE_OFFSETS[:2])
def test_an_answer_with_an_out_of_range_offset_is_a_decode_error(text: str) -> None:
    body = {"placements": [{"id": 1, "created_at": text}], "scanned_at": text}

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    transport = httpx.MockTransport(answer)
    client = BeatPass("tok", http_client=httpx.Client(transport=transport), max_retries=0)
    with client as bp, pytest.raises(ResponseDecodeError, match="created_at"):
        bp.recon.placements(7)


def test_a_stored_token_with_an_out_of_range_offset_is_refused() -> None:
    with pytest.raises(ValueError, match="expires_at"):
        Token.from_dict({"access_token": "tok", "expires_at": "2030-01-01T12:00:00+01:60"})


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2024-01-01T12:00:00+14:00", timedelta(hours=14)),
        ("2024-01-01T12:00:00-12:00", timedelta(hours=-12)),
        ("2024-01-01T12:00:00+23:59", timedelta(hours=23, minutes=59)),
        ("2024-01-01T12:00:00+05:45", timedelta(hours=5, minutes=45)),
        ("2024-01-01T12:00:00+05:30:59", timedelta(hours=5, minutes=30, seconds=59)),
        ("2024-01-01T12:00:00-00:00", timedelta(0)),
    ],
)
def test_offsets_in_range_are_read_as_sent(text: str, offset: timedelta) -> None:
    value = structure_datetime(text)
    assert value == datetime(2024, 1, 1, 12, tzinfo=timezone(offset))
    assert value.utcoffset() == offset


@pytest.mark.parametrize(
    "text",
    [
        "2016-12-31T23:59:60Z",  # a leap second: no datetime holds it
        "2023-02-30T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T12:60:00Z",
        "0000-01-01T00:00:00Z",  # RFC 3339 has a year 0; no datetime does
    ],
)
def test_a_time_in_form_that_names_no_real_time_says_so(text: str) -> None:
    with pytest.raises(ValueError, match="names no real time") as info:
        structure_datetime(text)
    assert text not in str(info.value)


def test_the_time_of_an_in_range_offset_is_kept() -> None:
    assert structure_datetime("2024-01-01T00:00:00+00:00") == datetime(2024, 1, 1, tzinfo=UTC)


class _Py314Datetime(datetime):
    """``datetime`` whose ``fromisoformat`` reads hour 24 as Python 3.14's does: the next
    day's midnight (ISO 8601's end of day), where 3.11 to 3.13 raise."""

    @classmethod
    def fromisoformat(cls, text: str) -> datetime:  # type: ignore[override]
        if text[11:19] == "24:00:00":
            return datetime.fromisoformat(text[:11] + "00:00:00" + text[19:]) + timedelta(days=1)
        return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    "text", ["2024-01-31T24:00:00Z", "2024-01-31 24:00:00", "2024-01-31T24:00:00"]
)
def test_hour_24_is_refused_on_a_python_that_reads_it_as_the_next_day(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # RFC 3339 and W3C's profile (Beat Technology's page: "hh (00-23)") take hours
    # 00-23. Python 3.14's fromisoformat reads 24:00 as the next day, so the same answer
    # decoded differently by Python version, and BeatPass's lenient date field (the date
    # a datetime is written with) would get 2024-02-01 for a text that says 2024-01-31.
    monkeypatch.setattr(json_values, "datetime", _Py314Datetime)
    with pytest.raises(ValueError, match="names no real time"):
        parse_datetime_text(text)
    with pytest.raises(ValueError, match="names no real time"):
        structure_datetime(text)
    answer = {"placements": [{"id": 1, "release_date": text}]}

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answer)

    client = BeatPass("tok", http_client=httpx.Client(transport=httpx.MockTransport(serve)))
    with client as bp, pytest.raises(ResponseDecodeError, match="release_date"):
        bp.recon.placements(7)
