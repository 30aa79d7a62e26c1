# GENERATED from tests/beattech/_async/test_page_disagreements.py by scripts/unasync.py: edit the async source.
"""Where the page disagrees with itself, through the public client (notes 1i and the ⚠ marks).

Each test pins the exact request (method, URL with its query, headers, body) and the
decoded answer field by field, with pytest-httpx. Lines are the page's. Written once
for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import httpx
import pytest
from pytest_httpx import HTTPXMock

from beatkit.beattech import BeatTech, CredentialType, Subscription, SubscriptionState, Track
from tests.beattech._mocked import APP_TOKEN, BASE, api, sent

OSLO = timezone(timedelta(hours=2))


# --- subscription states: 1, 3, 5-9 listed (L5915-5922); a partner sets 2 (L7658) -------------


def test_states_the_list_does_not_name_are_kept_as_sent(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    rows = [
        {"id": "9001", "product_id": "201", "state": 3, "expiry_date": "2026-05-01T00:00:00Z"},
        # state 2: what a partner activation sets (L7658); absent from the list.
        {"id": "9002", "product_id": "13", "state": 2, "expiry_date": "2026-05-01T02:00:00+02:00"},
        # state 4: neither listed nor used anywhere on the page.
        {"id": "9003", "product_id": "14", "state": 4, "next_billing_date": None},
        {"id": "9004", "product_id": "15", "state": 9},
    ]
    httpx_mock.add_response(
        method="GET",
        url=f"{BASE}/users/28392/subscriptions?state=all",
        status_code=206,
        json={"subscriptions": rows},
        headers={"Content-Range": "subscriptions 0-19/4"},
    )
    found = [s for s in bt.subscriptions.list(state="all")]
    (request,) = api(httpx_mock)
    assert (request.method, str(request.url)) == (
        "GET",
        f"{BASE}/users/28392/subscriptions?state=all",
    )
    assert "range" not in request.headers and request.content == b""
    assert request.headers["authorization"] == "Bearer 7924bef2b848a895"
    assert all(isinstance(s, Subscription) for s in found)
    assert [(s.id, s.product_id) for s in found] == [
        ("9001", "201"),
        ("9002", "13"),
        ("9003", "14"),
        ("9004", "15"),
    ]
    assert [int(s.state) for s in found] == [3, 2, 4, 9]
    assert found[0].state is SubscriptionState.ACTIVE
    assert found[3].state is SubscriptionState.INCOMPLETE
    assert found[1].state == 2 and found[1].state not in list(SubscriptionState)
    assert found[2].state == 4 and found[2].state not in list(SubscriptionState)
    # Datetimes: the page's Z form, and an offset normalised to UTC (L45-59).
    assert found[0].expiry_date == datetime(2026, 5, 1, tzinfo=UTC)
    assert found[1].expiry_date == datetime(2026, 5, 1, tzinfo=UTC)
    assert found[1].expiry_date is not None and found[1].expiry_date.tzinfo is UTC
    assert (found[2].expiry_date, found[2].next_billing_date) == (None, None)


def test_a_filter_on_a_state_the_list_does_not_name_is_sent_as_is(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        method="GET",
        url=f"{BASE}/users/28392/subscriptions?state=2",
        status_code=206,
        json={"subscriptions": []},
        headers={"Content-Range": "subscriptions 0-19/0"},
    )
    assert bt.subscriptions.list(state=2).to_list() == []
    assert [str(r.url) for r in api(httpx_mock)] == [f"{BASE}/users/28392/subscriptions?state=2"]


STATES = [
    (1, "TRIALING"),
    (3, "ACTIVE"),
    (5, "RENEW_FAILURE"),
    (6, "STOPPED"),
    (7, "DEACTIVATED"),
    (8, "UNPAID"),
    (9, "INCOMPLETE"),
]


def test_the_seven_listed_states_decode_by_name(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    # The states vector (L5915-5922), each read from a subscription list.
    rows = [{"id": str(9000 + number), "state": number} for number, _ in STATES]
    httpx_mock.add_response(
        method="GET",
        url=f"{BASE}/users/28392/subscriptions",
        status_code=206,
        json={"subscriptions": rows},
        headers={"Content-Range": "subscriptions 0-19/7"},
    )
    found = bt.subscriptions.list().to_list()
    assert [str(r.url) for r in api(httpx_mock)] == [f"{BASE}/users/28392/subscriptions"]
    assert [(s.id, int(s.state), s.state.name) for s in found] == [
        (str(9000 + number), number, name) for number, name in STATES
    ]
    assert all(
        s.state is SubscriptionState[name] for s, (_, name) in zip(found, STATES, strict=True)
    )


# --- datetimes: only YYYY-MM-DDThh:mm:ssZ and YYYY-MM-DD go out (L41-59) ------------------------


def test_the_change_timestamp_goes_out_in_the_one_accepted_form(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    # An Oslo time with a fraction: sent as UTC, whole seconds, "Z" (L47, L59); the base
    # change id as its text.
    answer = {"track": {"id": "8", "title": "T", "duration": 236, "favourite": True}}
    httpx_mock.add_response(method="PATCH", url=f"{BASE}/tracks/8", json=answer)
    at = datetime(1997, 7, 16, 21, 20, 30, 999999, tzinfo=OSLO)
    track = bt.tracks.favourite(8, base_change=123, changed_at=at)
    (request,) = api(httpx_mock)
    assert (request.method, str(request.url)) == ("PATCH", f"{BASE}/tracks/8")
    assert request.headers["x-change-timestamp"] == "1997-07-16T19:20:30Z"
    assert request.headers["x-base-change"] == "123"
    assert "x-base_change" not in request.headers  # L4066's spelling is never sent
    assert sent(request) == {"favourite": True}
    assert isinstance(track, Track)
    assert (track.id, track.title, track.duration, track.favourite) == ("8", "T", 236, True)
    assert type(track.duration) is int


def test_a_date_filter_goes_out_as_a_date(bt: BeatTech, httpx_mock: HTTPXMock) -> None:
    url = f"{BASE}/releases?media_available_from=1997-07-16&licensor_id=7"
    httpx_mock.add_response(
        method="GET",
        url=url,
        status_code=206,
        json={"releases": [{"id": "1001", "title": "Island Letters"}]},
        headers={"Content-Range": "releases 0-19/1"},
    )
    found = bt.releases.list(media_available_from=date(1997, 7, 16), licensor_id=7).to_list()
    (request,) = api(httpx_mock)
    assert (request.method, str(request.url)) == ("GET", url)
    assert [(r.id, r.title) for r in found] == [("1001", "Island Letters")]


def test_a_progress_record_goes_out_in_its_own_form(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    # ⚠ L3561: progress "changed" is <Y-m-d H:i:s> (UTC), not the page's datetime form.
    answer = {
        "progress": {
            "id": "7001",
            "entity_type": "track",
            "entity_id": "10001",
            "changed": "1997-07-16 19:20:30",
            "position_type": "audio",
            "stop_position": 64,
        }
    }
    httpx_mock.add_response(method="POST", url=f"{BASE}/progresses", json=answer)
    at = datetime(1997, 7, 16, 21, 20, 30, 500000, tzinfo=OSLO)
    made = bt.progresses.create("track", 10001, changed=at, stop_position=64)
    (request,) = api(httpx_mock)
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/progresses")
    assert sent(request) == {
        "entity_type": "track",
        "entity_id": "10001",
        "changed": "1997-07-16 19:20:30",
        "stop_position": 64,
    }
    assert (made.id, made.entity_type, made.entity_id) == ("7001", "track", "10001")
    assert made.changed == datetime(1997, 7, 16, 19, 20, 30, tzinfo=UTC)
    assert (made.position_type, made.stop_position) == ("audio", 64)


# --- credential types: "1-6" in the heading, 5-10 in the list (L6505-6514) ---------------------


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        (CredentialType.EMAIL, 8),  # the walkthrough's (L264-272)
        (6, 6),  # L5776 calls 6 "an email credential"; L6510 Bokbasen e-mail
    ],
)
def test_the_two_verifiable_credential_types_go_out_as_numbers(
    httpx_mock: HTTPXMock, kind: int, number: int
) -> None:
    # Only 6 and 8 have a verification method (L6545, L6563); 202 with an empty body.
    httpx_mock.add_response(method="POST", url=f"{BASE}/oauth2/token", json=APP_TOKEN)
    httpx_mock.add_response(method="POST", url=f"{BASE}/credentials", status_code=202)
    with BeatTech("fabel", client_id="cid", client_secret="csecret") as bt:
        assert bt.credentials.request_verification(kind, "user@example.com") is None
    (token, request) = httpx_mock.get_requests()
    assert dict(httpx.QueryParams(token.content.decode())) == {
        "grant_type": "client_credentials",
        "client_id": "cid",
        "client_secret": "csecret",
    }
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/credentials")
    assert request.headers["authorization"] == "Bearer 2YotnFZFEjr1zCsicMWpAA"
    assert sent(request) == {"type": number, "credential": "user@example.com"}
    assert type(sent(request)["type"]) is int
