"""``Track.length_ms``: milliseconds a ``timedelta`` can hold, or an error at decoding.

Regression: a ``length_ms`` past what a ``timedelta`` holds (about 2.7 million years)
decoded, and ``Track.duration`` then raised a bare ``OverflowError`` far from the call
that read the track, as ``TokenIntrospection.expires_at`` did with ``exp``
(``test_introspection_times.py``). It is refused where it is read, naming the field.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import cattrs
import httpx
import pytest

from beatkit._core.converter import describe_failure
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.beatport.converter import converter, get_strict_converter
from beatkit.beatport.models import PlaylistEntry, Track
from beatkit.errors import ResponseDecodeError

FAILURES = (TypeError, ValueError, KeyError, cattrs.BaseValidationError)

LONGEST = timedelta.max // timedelta(milliseconds=1)
"""The most milliseconds a ``timedelta`` holds (999999999 days and a bit)."""
SHORTEST = timedelta.min // timedelta(milliseconds=1)
"""The least (-999999999 days)."""


def converters() -> list[cattrs.Converter]:
    return [converter, get_strict_converter()]


@pytest.mark.parametrize(
    "value",
    [LONGEST + 1, SHORTEST - 1, 10**17, -(10**17), 2**63, 10**400],
    ids=["max+1", "min-1", "1e17", "-1e17", "2**63", "1e400"],
)
def test_a_length_no_timedelta_holds_is_refused_naming_the_field(value: int) -> None:
    for conv in converters():
        with pytest.raises(FAILURES) as info:
            conv.structure({"id": 1, "name": "n", "length_ms": value}, Track)
        failure = describe_failure(info.value)
        assert failure is not None and failure.startswith("Track.length_ms: "), failure
        assert str(value) not in failure  # the digits are not repeated (10**400 has 401)


def test_a_nested_track_s_length_is_checked_too() -> None:
    raw = {"id": 9, "position": 1, "track": {"id": 1, "name": "n", "length_ms": 10**17}}
    for conv in converters():
        with pytest.raises(FAILURES) as info:
            conv.structure(raw, PlaylistEntry)
        failure = describe_failure(info.value)
        assert failure is not None and failure.startswith("PlaylistEntry.track.length_ms: ")


@pytest.mark.parametrize("value", [0, 301373, LONGEST, SHORTEST, -1])
def test_lengths_a_timedelta_holds_decode_as_sent(value: int) -> None:
    raw = {"id": 1, "name": "n", "length_ms": value}
    for conv in converters():
        track = conv.structure(raw, Track)
        assert type(track.length_ms) is int and track.length_ms == value
        assert track.duration == timedelta(milliseconds=value)
        assert conv.unstructure(track) == raw


@pytest.mark.parametrize("value", [True, 1.5, 301373.0, "301373"])
def test_a_length_of_another_type_is_still_refused(value: Any) -> None:
    for conv in converters():
        with pytest.raises(FAILURES) as info:
            conv.structure({"id": 1, "name": "n", "length_ms": value}, Track)
        failure = describe_failure(info.value)
        assert failure is not None and failure.startswith("Track.length_ms: expected int")


def test_a_null_length_is_none() -> None:
    for conv in converters():
        track = conv.structure({"id": 1, "name": "n", "length_ms": None}, Track)
        assert track.length_ms is None and track.duration is None


PAGE = {"results": [{"id": 1, "name": "n", "length_ms": 10**17}], "next": None, "count": 1}


@pytest.mark.parametrize("strict", [False, True])
def test_both_clients_raise_a_beatkit_error_naming_the_field(strict: bool) -> None:
    def answer(_: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=PAGE)

    options: dict[str, Any] = {
        "token": "t0ken-for-tests",
        "requests_per_second": None,
        "max_retries": 0,
        "strict": strict,
    }
    http = httpx.Client(transport=httpx.MockTransport(answer))
    with (
        Beatport("test-client", http_client=http, **options) as bp,
        pytest.raises(ResponseDecodeError, match=r"Track\.length_ms"),
    ):
        list(bp.tracks.list())

    async def run() -> None:
        async with AsyncBeatport(
            "test-client",
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(answer)),
            **options,
        ) as bp:
            with pytest.raises(ResponseDecodeError, match=r"Track\.length_ms"):
                [track async for track in bp.tracks.list()]

    asyncio.run(asyncio.wait_for(run(), 30))
