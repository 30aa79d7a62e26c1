"""Which text forms a ``datetime`` (or ``date``) field accepts, and that nothing is invented.

Python 3.11's ``datetime.fromisoformat`` reads far more than the APIs send: a bare
date (``2023-02-15``, read as midnight), the basic form (``20230215T123456Z``), week
dates (``2023-W07-3``), times cut to the hour or minute, and fractions of seven or
more digits (truncated to microseconds). A datetime field takes what the sources show:
``YYYY-MM-DDThh:mm:ss`` (or a space for the ``T``, as Beat Technology's progress
``changed`` is written), an optional fraction of up to six digits, and an optional
offset (``Z`` or ``±hh:mm``; none means UTC). A date field takes ``YYYY-MM-DD``.
Everything else is an error, never a value the API did not send.

The same grammar holds where beatkit reads its own saved datetimes back (a stored
token, a saved offline change) and a webhook's ``created`` sent as text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from beatkit._core.http import ServiceSpec
from beatkit._core.json_values import structure_date, structure_datetime
from beatkit._core.operation import Operation
from beatkit._core.responses import decode_result, read_body
from beatkit.auth.token import Token
from beatkit.beatconnect import models as bc_models
from beatkit.beatconnect.converter import converter as bc_converter
from beatkit.beatconnect.webhooks import WebhookPayloadError, parse_event
from beatkit.beattech import models as bt_models
from beatkit.beattech.converter import converter as bt_converter
from beatkit.beattech.sync import PendingChange
from beatkit.errors import ResponseDecodeError

SPEC = ServiceSpec(name="testsvc")
WIDE = "\uff12\uff10\uff12\uff13"  # 2023 in fullwidth digits

# Forms fromisoformat takes that no spec or recorded response shows in a datetime field.
INVENTING = [
    "2023-02-15",  # a date: the time and the zone would be made up
    "20230215",
    "2023-W07-3",
    "2023-02-15T12",  # cut to the hour: minutes and seconds made up
    "2023-02-15T12:34",  # cut to the minute
    "2023-02-15T12:34Z",
]
LOSING = ["2023-02-15T12:34:56.1234567Z"]  # the 7th digit would be dropped silently
OTHER_FORMS = [
    "20230215T123456Z",  # ISO 8601 basic form
    "2023-W07-3T12:34:56Z",  # week date
    "2023-046T12:34:56Z",  # ordinal date
    "2023-02-15T12:34:56+0530",
    "2023-02-15T12:34:56+05",
    "2023-02-15T12:34:56,5Z",
    "2023-02-15t12:34:56z",
    " 2023-02-15T12:34:56Z",
    "2023-02-15T12:34:56Z\n",
    WIDE + "-02-15T12:34:56Z",  # other scripts' digits
]
REFUSED = INVENTING + LOSING + OTHER_FORMS

# Forms the sources show, each with the value it must give.
SHOWN = [
    # Beatport recorded responses: an offset.
    (
        "2016-08-19T00:50:00-06:00",
        datetime(2016, 8, 19, 0, 50, tzinfo=timezone(-timedelta(hours=6))),
    ),
    # BeatConnect, Beat Technology: Z.
    ("2023-04-15T12:34:56Z", datetime(2023, 4, 15, 12, 34, 56, tzinfo=UTC)),
    # BeatPass content API: +00:00; BeatPass (Laravel): six fractional digits and Z.
    ("2026-02-20T12:00:00+00:00", datetime(2026, 2, 20, 12, tzinfo=UTC)),
    ("2024-01-01T00:00:00.000000Z", datetime(2024, 1, 1, tzinfo=UTC)),
    # Beat Technology progress `changed`: <Y-m-d H:i:s>, UTC.
    ("2023-02-15 12:34:56", datetime(2023, 2, 15, 12, 34, 56, tzinfo=UTC)),
    # No offset: taken as UTC (documented); a short fraction; what isoformat() writes
    # for an offset with seconds (a saved token or change reads back).
    ("2023-04-15T12:34:56", datetime(2023, 4, 15, 12, 34, 56, tzinfo=UTC)),
    ("2023-04-15T12:34:56.5Z", datetime(2023, 4, 15, 12, 34, 56, 500000, tzinfo=UTC)),
    (
        "2023-04-15T12:34:56+05:30:15",
        datetime(2023, 4, 15, 12, 34, 56, tzinfo=timezone(timedelta(hours=5, seconds=1815))),
    ),
]


@pytest.mark.parametrize("text", REFUSED)
def test_structure_datetime_refuses_forms_no_source_shows(text: str) -> None:
    with pytest.raises(ValueError, match="invalid datetime") as info:
        structure_datetime(text)
    assert text.strip() not in str(info.value)


@pytest.mark.parametrize("text", ["2023-02-15", "20230215", "2023-W07-3"])
def test_a_date_in_a_datetime_field_says_the_time_is_missing(text: str) -> None:
    with pytest.raises(ValueError, match="a date without a time"):
        structure_datetime(text)


@pytest.mark.parametrize(("text", "expected"), SHOWN)
def test_structure_datetime_reads_the_forms_the_sources_show(text: str, expected: datetime) -> None:
    value = structure_datetime(text)
    assert value == expected
    assert value.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text", ["20230215", "2023-W07-3", "2023-046", WIDE + "-02-15", "2023-2-15"]
)
def test_structure_date_takes_only_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        structure_date(text)
    assert structure_date("2023-02-15") == date(2023, 2, 15)


# --- through real model decodes ----------------------------------------------------------


def _decode(result: Any, body: bytes, converter: Any) -> Any:
    response = httpx.Response(
        200,
        content=body,
        headers={"Content-Type": "application/json"},
        request=httpx.Request("GET", "https://api.test/things/1"),
    )
    operation = Operation(name="things.get", method="GET", path="/things/1", result=result)
    return decode_result(operation, response, read_body(response), SPEC, converter)


@pytest.mark.parametrize("text", ["2023-02-15", "20230215T123456Z", "2023-02-15T12:34"])
def test_a_beatconnect_beat_with_an_odd_created_at_is_a_decode_error(text: str) -> None:
    body = b'{"id": 1, "title": "t", "created_at": "%s"}' % text.encode()
    with pytest.raises(ResponseDecodeError, match="created_at"):
        _decode(bc_models.Beat, body, bc_converter)


def test_a_beatconnect_beat_created_at_as_documented() -> None:
    beat = _decode(
        bc_models.Beat,
        b'{"id": 1, "title": "t", "created_at": "2023-04-15T12:34:56Z"}',
        bc_converter,
    )
    assert beat.created_at == datetime(2023, 4, 15, 12, 34, 56, tzinfo=UTC)


def test_beat_technology_progress_changed_as_the_page_writes_it() -> None:
    body = b'{"id": "1", "changed": "2023-02-15 12:34:56"}'
    progress = _decode(bt_models.Progress, body, bt_converter)
    assert progress.changed == datetime(2023, 2, 15, 12, 34, 56, tzinfo=UTC)
    with pytest.raises(ResponseDecodeError, match="changed"):
        _decode(bt_models.Progress, b'{"id": "1", "changed": "2023-02-15"}', bt_converter)


# --- beatkit's own saved datetimes and a webhook's `created` -----------------------------


@pytest.mark.parametrize("text", ["2023-02-15", "20230215T123456+00:00", "2023-W07-3T12:34:56Z"])
def test_a_stored_token_with_an_odd_expires_at_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="expires_at") as info:
        Token.from_dict({"access_token": "tok-SECRET", "expires_at": text})
    assert "tok-SECRET" not in str(info.value)


def test_a_stored_token_reads_back() -> None:
    token = Token(
        access_token="a",
        expires_at=datetime(2030, 1, 1, 12, 0, 0, 123456, tzinfo=UTC),
        obtained_at=datetime(2029, 12, 31, tzinfo=UTC),
    )
    assert Token.from_dict(token.to_dict()) == token
    with pytest.raises(ValueError, match="timezone-aware"):
        Token.from_dict({"access_token": "a", "expires_at": "2030-01-01T12:00:00"})


@pytest.mark.parametrize("text", ["2023-02-15", "20230215T123456+00:00", "2023-02-15T12:34+00:00"])
def test_a_saved_pending_change_with_an_odd_changed_at_is_refused(text: str) -> None:
    saved = {"method": "DELETE", "path": "/tracks/8", "body": None, "changed_at": text}
    with pytest.raises(ValueError, match="damaged"):
        PendingChange.from_dict(saved)


def test_a_saved_pending_change_reads_back() -> None:
    change = PendingChange(
        method="DELETE",
        path="/tracks/8",
        changed_at=datetime(2023, 2, 15, 12, 34, 56, 789, tzinfo=timezone(timedelta(hours=1))),
    )
    assert PendingChange.from_dict(change.to_dict()) == change


@pytest.mark.parametrize("text", ["2021-11-03", "20211103T180000Z", "2021-11-03T18:00"])
def test_a_webhook_created_text_that_invents_or_is_not_the_shown_form_is_refused(
    text: str,
) -> None:
    event = {"id": "evt_1", "created": text, "type": "x.y", "data": {}}
    with pytest.raises(WebhookPayloadError, match="'created'"):
        parse_event(event)


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        ("2021-11-03T18:00:00Z", datetime(2021, 11, 3, 18, tzinfo=UTC)),
        ("2021-11-03T19:00:00+01:00", datetime(2021, 11, 3, 18, tzinfo=UTC)),
        ("2021-11-03 18:00:00", datetime(2021, 11, 3, 18, tzinfo=UTC)),
        (1635962400, datetime(2021, 11, 3, 18, tzinfo=UTC)),
    ],
)
def test_a_webhook_created_in_utc(created: Any, expected: datetime) -> None:
    event = parse_event({"id": "evt_1", "created": created, "type": "x.y", "data": {}})
    assert event.created == expected
    assert event.created.tzinfo is UTC
