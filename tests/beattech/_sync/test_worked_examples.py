# GENERATED from tests/beattech/_async/test_worked_examples.py by scripts/unasync.py: edit the async source.
"""The notes' worked examples (section 1i) that other files check only in part, each
reproduced exactly with pytest-httpx: the request the client sends (method, URL with
its query, headers, body) and what it decodes from the page's answer (values and
types). Lines are the page's.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beattech import (
    BeatTech,
    BatchRequest,
    Bookmark,
    Change,
    PaymentType,
    Release,
    Stream,
    SubscriptionState,
)
from beatkit.errors import (
    BadRequestError,
    ExportLimitReachedError,
    NotFoundError,
    PermissionDeniedError,
)
from beatkit.testing import FakeBeatTech
from tests.beattech._mocked import BASE, api, sent

SETI = "seti_dadd3b3c4989acb6f0ff1044a50b0974"


# --- the walkthrough's answers, decoded whole (L338-354, L443-462) ------------------------------


def test_setup_intent_vector(bt: BeatTech, httpx_mock: HTTPXMock) -> None:
    # L338-354: {"payment_type": 3, "product_id": "201"} -> the top-level client_secret,
    # and setup_intent as sent (its client_secret is deprecated, kept as is).
    answer = {"client_secret": SETI, "setup_intent": {"payment_type": 3, "client_secret": SETI}}
    httpx_mock.add_response(method="POST", url=f"{BASE}/billing/setupintents", json=answer)
    intent = bt.billing.create_setup_intent(PaymentType.STRIPE, product_id="201")
    (request,) = api(httpx_mock)
    assert sent(request) == {"payment_type": 3, "product_id": "201"}
    assert list(sent(request)) == ["payment_type", "product_id"]
    assert request.headers["authorization"] == "Bearer 7924bef2b848a895"
    assert intent.client_secret == SETI
    assert intent.setup_intent == {"payment_type": 3, "client_secret": SETI}
    assert SETI not in repr(intent)


def test_stop_vector(bt: BeatTech, httpx_mock: HTTPXMock) -> None:
    # L449-462: PATCH {"state": 6} -> {"subscription": {expiry_date, next_billing_date:
    # null, state: 6}}.
    answer = {
        "subscription": {
            "expiry_date": "2026-05-01T00:00:00Z",
            "next_billing_date": None,
            "state": 6,
        }
    }
    httpx_mock.add_response(
        method="PATCH", url=f"{BASE}/users/28392/subscriptions/9001", json=answer
    )
    stopped = bt.subscriptions.stop("9001")
    (request,) = api(httpx_mock)
    assert sent(request) == {"state": 6}
    assert stopped.state is SubscriptionState.STOPPED and stopped.state == 6
    assert stopped.expiry_date == datetime(2026, 5, 1, tzinfo=UTC)
    assert stopped.next_billing_date is None
    assert (stopped.id, stopped.product_id, stopped.extra) == (None, None, {})


# --- Changes API: the page's batch and pull, exactly (L5820-5905) -------------------------------

PAGE_BATCH_ANSWER = {
    "responses": [
        {"status": 201, "body": {"id": "123", "...": "merge result"}, "headers": {"X-Change": 1}},
        {"status": 201, "body": {"id": "124", "...": "merge result"}, "headers": {"X-Change": 2}},
        {"status": 200, "body": {"id": "8", "...": "merge result"}, "headers": {"X-Change": 81}},
        {"status": 200, "body": {"id": "1", "...": "merge result"}, "headers": {"X-Change": 82}},
        {"status": 404, "body": {"error_description": "Not found"}},
    ]
}


def test_batch_vector(bt: BeatTech, httpx_mock: HTTPXMock) -> None:
    # L5820-5868: five subrequests with X-Base-Change "123" and an empty
    # X-Change-Timestamp, sent as written; five answers in order, the last a 404
    # without headers: an entry, not an exception.
    headers = {"X-Base-Change": "123", "X-Change-Timestamp": ""}
    rows = [
        ("POST", "/v2/releases/groups", {"name": "A"}),
        ("POST", "/v2/releases/groups", {"name": "B"}),
        ("PATCH", "/v2/tracks/8", {"favourite": True}),
        ("PATCH", "/v2/releases/1", {"favourite": True}),
        ("DELETE", "/v2/releases/groups/132", {}),
    ]
    httpx_mock.add_response(method="POST", url=f"{BASE}/batch", json=PAGE_BATCH_ANSWER)
    answers = bt.batch(
        [BatchRequest(method=m, url=u, body=b, headers=headers) for m, u, b in rows]
    )
    (request,) = api(httpx_mock)
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/batch")
    assert sent(request) == {
        "requests": [{"method": m, "url": u, "body": b, "headers": headers} for m, u, b in rows]
    }
    assert [a.status for a in answers] == [201, 201, 200, 200, 404]
    assert [a.ok for a in answers] == [True, True, True, True, False]
    assert [a.change_id for a in answers] == [1, 2, 81, 82, None]
    assert all(type(a.change_id) is int for a in answers[:4])
    assert [a.body for a in answers] == [r["body"] for r in PAGE_BATCH_ANSWER["responses"]]
    assert answers[4].headers == {}


PAGE_CHANGES = [
    {"id": 1, "method": "POST", "body": {"group": {"id": "123", "name": "A"}}},
    {"id": 2, "method": "POST", "body": {"group": {"id": "124", "name": "B"}}},
    {"id": 81, "method": "PATCH", "body": {"track": {"id": "8", "favourite": True}}},
    {"id": 82, "method": "DELETE", "body": {"group": {"id": "123"}}},
]


def test_pull_vector(bt: BeatTech, httpx_mock: HTTPXMock) -> None:
    # L5872-5891: GET .../changes?base_change_id=<BASE> with "Range: changes=0-99";
    # 206 with "Content-Range: changes 0-99/101" means more (the window 100-199 follows);
    # base = the max change id seen.
    url = f"{BASE}/users/28392/changes?base_change_id=0"
    httpx_mock.add_response(
        method="GET",
        url=url,
        match_headers={"Range": "changes=0-99"},
        status_code=206,
        json={"changes": PAGE_CHANGES},
        headers={"Content-Range": "changes 0-99/101", "Accept-Ranges": "changes"},
    )
    httpx_mock.add_response(
        method="GET",
        url=url,
        match_headers={"Range": "changes=100-199"},
        status_code=206,
        json={"changes": [{"id": 101, "method": "PATCH", "body": {"artist": {"id": "1"}}}]},
        headers={"Content-Range": "changes 100-199/101"},
    )
    feed = bt.sync.pull(0)
    requests = api(httpx_mock)
    assert [(r.method, str(r.url), r.headers["range"]) for r in requests] == [
        ("GET", url, "changes=0-99"),
        ("GET", url, "changes=100-199"),
    ]
    assert all(r.headers["authorization"] == "Bearer 7924bef2b848a895" for r in requests)
    assert feed.changes[:4] == [Change(**row) for row in PAGE_CHANGES]
    assert [c.id for c in feed.changes] == [1, 2, 81, 82, 101]
    assert feed.base_change_id == 101
    rows = [(c.method, c.entity_type, c.entity_id) for c in feed.changes[:4]]
    assert rows == [
        ("POST", "group", "123"),
        ("POST", "group", "124"),
        ("PATCH", "track", "8"),
        ("DELETE", "group", "123"),
    ]
    assert feed.changes[2].entity == {"id": "8", "favourite": True}


# --- partner activation (L7563-7598) ------------------------------------------------------------


def test_partner_activation_vector(bt: BeatTech, httpx_mock: HTTPXMock) -> None:
    answer = {
        "activation": {
            "id": "9001",
            "url": "https://example.com/a",
            "confirmation_url": "https://example.com/c",
        },
        "user": {"id": "5667", "was_user_created": True, "was_requested_password_applied": False},
    }
    httpx_mock.add_response(method="POST", url=f"{BASE}/partnerusers/activations", json=answer)
    made = bt.partner_users.activate(
        "PARTNER-USR-123",
        "13",
        user={"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace"},
    )
    (request,) = api(httpx_mock)
    assert sent(request) == {
        "partneruser": {"external_id": "PARTNER-USR-123"},
        "user": {"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace"},
        "product": {"id": "13"},
    }
    assert "authorization" not in request.headers
    assert request.headers["x-auth-client-id"] == "cid"
    assert request.headers["x-auth-client-secret"] == "csecret"
    activation, user = made.activation, made.user
    assert (activation.id, activation.url, activation.confirmation_url) == (
        "9001",
        "https://example.com/a",
        "https://example.com/c",
    )
    assert (user.id, user.was_user_created, user.was_requested_password_applied) == (
        "5667",
        True,
        False,
    )
    assert user.was_user_created is True and user.was_requested_password_applied is False


# --- ns and UPC paths (L3989, L5296, L4760) -----------------------------------------------------


def test_ns_vectors(bt: BeatTech, httpx_mock: HTTPXMock) -> None:
    release = {"release": {"id": "1001", "title": "T"}}
    stream = {"stream": {"id": "10001", "url": "https://cdn.example/p.mp3", "duration": 30}}
    httpx_mock.add_response(url=f"{BASE}/releases/9788242180711?ns=isbn", json=release)
    httpx_mock.add_response(url=f"{BASE}/streams/previews/1001?ns=release_id", json=stream)
    httpx_mock.add_response(url=f"{BASE}/releases/upc/0724382304258", json=release)
    by_isbn = bt.releases.get("9788242180711", ns="isbn")
    preview = bt.streams.preview(1001, release=True)
    by_upc = bt.releases.get_by_upc("0724382304258")
    assert [(r.method, str(r.url)) for r in api(httpx_mock)] == [
        ("GET", f"{BASE}/releases/9788242180711?ns=isbn"),
        ("GET", f"{BASE}/streams/previews/1001?ns=release_id"),
        ("GET", f"{BASE}/releases/upc/0724382304258"),
    ]
    assert isinstance(by_isbn, Release) and by_isbn == by_upc and by_isbn.id == "1001"
    assert isinstance(preview, Stream) and (preview.id, preview.duration) == ("10001", 30)


# --- the bookmark request sample (L2254-2262) ---------------------------------------------------


def test_bookmark_vector(bt: BeatTech, httpx_mock: HTTPXMock) -> None:
    # The page's sample mixes an audio position with the reader fields: sent as written.
    page = {
        "entity_type": "track",
        "entity_id": "string",
        "note": "string",
        "position_type": "audio",
        "position": 0,
        "reader_position_selector": "epubcfi(/6/2!/0)",
        "reader_position_ratio": 1,
    }
    httpx_mock.add_response(
        method="POST", url=f"{BASE}/bookmarks", json={"bookmark": {"id": "77", **page}}
    )
    made = bt.bookmarks.create(
        "track",
        "string",
        note="string",
        position_type="audio",
        position=0,
        reader_position_selector="epubcfi(/6/2!/0)",
        reader_position_ratio=1,
    )
    (request,) = api(httpx_mock)
    assert sent(request) == page and list(sent(request)) == list(page)
    assert isinstance(made, Bookmark) and made.id == "77"
    assert (made.position, made.reader_position_ratio) == (0, 1)
    assert type(made.position) is int and made.reader_position_selector == "epubcfi(/6/2!/0)"


def test_bookmark_vector_on_the_fake(fake: FakeBeatTech, connect: Any) -> None:
    # FakeBeatTech takes the page's sample too, and keeps every field of it.
    bt = connect((fake.username, fake.password))
    track_id = next(iter(fake.catalog.tracks))
    made = bt.bookmarks.create(
        "track",
        track_id,
        note="string",
        position_type="audio",
        position=0,
        reader_position_selector="epubcfi(/6/2!/0)",
        reader_position_ratio=1,
    )
    assert (made.entity_type, made.entity_id, made.note) == ("track", track_id, "string")
    assert (made.position_type, made.position) == ("audio", 0)
    assert made.reader_position_selector == "epubcfi(/6/2!/0)"
    assert made.reader_position_ratio == 1
    assert bt.bookmarks.get(made.id) == made


# --- metadata (L6916-6919) ----------------------------------------------------------------------


def test_metadata_vector(bt: BeatTech, httpx_mock: HTTPXMock) -> None:
    # The user-admin write goes with the app token, the page's sample as the body, {} back.
    httpx_mock.add_response(
        method="POST",
        url=f"{BASE}/oauth2/token",
        json={"access_token": "app-1", "expires_in": 3600, "token_type": "bearer"},
    )
    httpx_mock.add_response(method="PATCH", url=f"{BASE}/users/28392/metadata", json={})
    values = {"device_id": "abc-123", "app_variant": "premium"}
    assert bt.users.update_metadata(values) is None
    (request,) = api(httpx_mock)
    assert sent(request) == values and request.headers["authorization"] == "Bearer app-1"


# --- the page's two error forms --------------------------------------------------------------


def test_metadata_writes_of_other_callers_are_400_insufficient_permissions(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    # L6890, L6931: 400 "Insufficient permissions" (while the GET answers 403, L6858).
    httpx_mock.add_response(
        method="POST",
        url=f"{BASE}/oauth2/token",
        json={"access_token": "app-1", "expires_in": 3600, "token_type": "bearer"},
    )
    refusal = {"error": "bad_request", "error_description": "Insufficient permissions"}
    httpx_mock.add_response(
        method="PATCH", url=f"{BASE}/users/28392/metadata", status_code=400, json=refusal
    )
    httpx_mock.add_response(
        method="DELETE", url=f"{BASE}/users/28392/metadata/k", status_code=400, json=refusal
    )
    httpx_mock.add_response(
        method="GET",
        url=f"{BASE}/users/5/metadata",
        status_code=403,
        json={"error": "forbidden", "error_description": "Forbidden"},
    )
    with pytest.raises(BadRequestError, match="Insufficient permissions") as write:
        bt.users.update_metadata({"k": "v"})
    with pytest.raises(BadRequestError, match="Insufficient permissions"):
        bt.users.delete_metadata("k")
    with pytest.raises(PermissionDeniedError):
        bt.users.metadata(user_id=5)
    assert (write.value.status_code, write.value.code) == (400, "bad_request")


@pytest.mark.parametrize(
    "refusal",
    [
        {"error": "export_limit_reached", "error_description": "Too many exports"},
        # L3170 names it "error_code=": a key beside the usual "error".
        {"error": "forbidden", "error_code": "export_limit_reached", "error_description": "x"},
        {"error_code": "export_limit_reached"},
    ],
)
def test_export_limit_reached_in_either_key(
    bt: BeatTech, httpx_mock: HTTPXMock, refusal: dict[str, Any]
) -> None:
    httpx_mock.add_response(
        method="POST", url=f"{BASE}/releases/1003/lcp/license", status_code=403, json=refusal
    )
    with pytest.raises(ExportLimitReachedError) as caught:
        bt.lcp.generate_license("1003", "secret-pass")
    assert isinstance(caught.value, PermissionDeniedError)
    assert caught.value.status_code == 403
    assert "secret-pass" not in str(caught.value)


@pytest.mark.parametrize("state", [2, 0])
def test_partner_activation_of_a_known_user_with_a_state(
    bt: BeatTech, httpx_mock: HTTPXMock, state: int
) -> None:
    # L7658: state 2 skips the confirmation; the request sample (L7672) writes 0. Without
    # "user" and an unknown external id the answer is 404 (L7602).
    answer = {"activation": {"id": "9002"}, "user": {"id": "5667"}}
    url = f"{BASE}/partnerusers/activations"
    httpx_mock.add_response(method="POST", url=url, json=answer)
    made = bt.partner_users.activate("PARTNER-USR-123", 14, state=state)
    assert sent(api(httpx_mock)[0]) == {
        "partneruser": {"external_id": "PARTNER-USR-123"},
        "product": {"id": "14"},
        "state": state,
    }
    assert (made.activation.id, made.activation.url, made.user.was_user_created) == (
        "9002",
        None,
        None,
    )
    httpx_mock.add_response(
        method="POST",
        url=url,
        status_code=404,
        json={"error": "error_not_found", "error_description": "Not found"},
    )
    with pytest.raises(NotFoundError):
        bt.partner_users.activate("UNKNOWN", 14)


@pytest.mark.parametrize(
    ("refusal", "where"),
    [
        # The page gives no shape for the consent answer (L6986): the error body's
        # developer part, or a body of its own, kept whole.
        (
            {
                "error": "confirmation_required",
                "error_description": "Confirm",
                "error_developer": {"confirmation_url": "https://example.com/c"},
            },
            "details",
        ),
        ({"confirmation_url": "https://example.com/c"}, "body"),
    ],
)
def test_a_migration_without_consent_keeps_the_consent_url(
    bt: BeatTech, httpx_mock: HTTPXMock, refusal: dict[str, Any], where: str
) -> None:
    httpx_mock.add_response(
        method="POST", url=f"{BASE}/users/28392/migrations", status_code=403, json=refusal
    )
    with pytest.raises(PermissionDeniedError) as caught:
        bt.users.migrate("202", confirmed=False)
    assert sent(api(httpx_mock)[0]) == {"product_id": "202", "renewable": True, "confirmed": False}
    kept = caught.value.details if where == "details" else caught.value.body
    assert kept == {"confirmation_url": "https://example.com/c"}


def test_a_416_without_content_range_ends_a_walk_of_unknown_length(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    # L86: the 416 SHOULD carry "Content-Range: <unit> */<length>"; one without it
    # ends the walk the same way ("items 20-39/*" with 17 items, then past the end).
    url = f"{BASE}/events"
    items = [{"id": str(i)} for i in range(37)]
    httpx_mock.add_response(
        url=url,
        match_headers={"Range": "items=0-19"},
        status_code=206,
        json={"events": items[:20]},
        headers={"Content-Range": "items 0-19/*"},
    )
    httpx_mock.add_response(
        url=url,
        match_headers={"Range": "items=20-39"},
        status_code=206,
        json={"events": items[20:]},
        headers={"Content-Range": "items 20-39/*"},
    )
    httpx_mock.add_response(url=url, match_headers={"Range": "items=40-59"}, status_code=416)
    found = [e.id for e in bt.events.list(page_size=20)]
    assert found == [str(i) for i in range(37)]
    assert [r.headers["range"] for r in api(httpx_mock)] == [
        "items=0-19",
        "items=20-39",
        "items=40-59",
    ]
