"""docs/auth.md, docs/beatport.md, docs/beatpass.md and docs/testing.md, claim by claim.

Each test names the claim it pins (quoted or paraphrased from its page) and checks it
through the public API only, against the bundled fakes or an ``httpx.MockTransport``
(no network). The pages' tables are checked row by row; where a claim covers both
facades, the async client is checked too.
"""

from __future__ import annotations

import asyncio
import copy
import importlib.resources
import pickle
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

import beatkit.errors as errors
from beatkit import AsyncBeatPass, AsyncBeatport, BeatPass, Beatport
from beatkit.auth import (
    BearerAuth,
    ClientCredentialsAuth,
    FileTokenStore,
    MemoryTokenStore,
    RefreshingAuth,
    Token,
)
from beatkit.hls import FetchError
from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech

Handler = Callable[[httpx.Request], httpx.Response]


def _answer(status: int, body: Any, headers: dict[str, str] | None = None) -> Handler:
    """A handler answering every request with ``status`` and ``body`` (JSON unless text)."""

    def handle(request: httpx.Request) -> httpx.Response:
        kind = {"text": body} if isinstance(body, str) else {"json": body}
        return httpx.Response(status, headers=headers or {}, **kind)

    return handle


def _counting(handler: Handler) -> tuple[Handler, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return handler(request)

    return handle, sent


# -- docs/beatpass.md "## Errors": every row of the table, both facades --------------------

BEATPASS_ERROR_ROWS = [
    (401, {"message": "Unauthenticated."}, errors.AuthenticationError, 1),
    (403, {"message": "Forbidden."}, errors.PermissionDeniedError, 1),
    (404, {"message": "No query results."}, errors.NotFoundError, 1),
    (
        409,
        {"message": "Pending.", "error_code": "backstage_request_pending"},
        errors.BackstageRequestPendingError,
        1,
    ),
    (
        409,
        {"message": "Revoked.", "error_code": "backstage_request_revoked"},
        errors.BackstageRequestRevokedError,
        1,
    ),
    (422, {"message": "Invalid.", "errors": {"title": ["x"]}}, errors.UnprocessableEntityError, 1),
    # "429 ... RateLimitError (after retries)", "5xx anything ServerError (reads: after retries)"
    (429, {"message": "Too Many Attempts.", "retry_after": 0}, errors.RateLimitError, 3),
    (500, "<html>Whoops</html>", errors.ServerError, 3),
    (503, {"anything": True}, errors.ServerError, 3),
    # "2xx {"status": "error", ...} APIError (status_code 200; never retried)"
    (200, {"status": "error", "message": "Refused."}, errors.APIError, 1),
]


@pytest.mark.parametrize(("status", "body", "cls", "sends"), BEATPASS_ERROR_ROWS)
def test_beatpass_error_table_row_sync(
    status: int, body: Any, cls: type[errors.APIError], sends: int
) -> None:
    handler, sent = _counting(_answer(status, body, {"Retry-After": "0"}))
    http = httpx.Client(transport=httpx.MockTransport(handler))
    with BeatPass("tok", http_client=http, max_retry_wait=0) as bp, pytest.raises(cls) as info:
        bp.tracks.get(1)
    assert info.value.status_code == status
    assert len(sent) == sends


@pytest.mark.parametrize(("status", "body", "cls", "sends"), BEATPASS_ERROR_ROWS)
async def test_beatpass_error_table_row_async(
    status: int, body: Any, cls: type[errors.APIError], sends: int
) -> None:
    handler, sent = _counting(_answer(status, body, {"Retry-After": "0"}))
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with AsyncBeatPass("tok", http_client=http, max_retry_wait=0) as bp:
        with pytest.raises(cls) as info:
            await bp.tracks.get(1)
    assert info.value.status_code == status
    assert len(sent) == sends


def test_beatpass_422_without_message_takes_the_field_messages() -> None:
    """'a 422 without a message takes them as its message too: title: The title ...'"""
    body = {"errors": {"title": ["The title field is required."]}}
    http = httpx.Client(transport=httpx.MockTransport(_answer(422, body)))
    with (
        BeatPass("tok", http_client=http) as bp,
        pytest.raises(errors.UnprocessableEntityError) as info,
    ):
        bp.tracks.get(1)
    assert "title: The title field is required." in str(info.value)


# -- docs/beatport.md "## Errors": every row that names a status -----------------------------

_TOKEN = Token(
    access_token="at",
    refresh_token="rt",
    expires_at=datetime.now(UTC) + timedelta(hours=5),
    obtained_at=datetime.now(UTC),
)

BEATPORT_ERROR_ROWS = [
    (403, {"detail": "Territory Restricted."}, errors.TerritoryRestrictedError, 1),
    (403, ["Territory Restricted."], errors.TerritoryRestrictedError, 1),
    (
        403,
        {"detail": "You do not have permission to perform this action."},
        errors.PermissionDeniedError,
        1,
    ),
    (404, {"detail": "No Track matches the given query."}, errors.NotFoundError, 1),
    (404, {"detail": "Not found."}, errors.NotFoundError, 1),
    (
        400,
        {"per_page": ["Ensure this value is less than or equal to 100."]},
        errors.BadRequestError,
        1,
    ),
    (400, {"detail": "Requested quality is not available."}, errors.QualityNotAvailableError, 1),
    (400, ["Requested quality is not available."], errors.QualityNotAvailableError, 1),
    (429, {"detail": "Slow down."}, errors.RateLimitError, 3),
    (502, "<html>Bad Gateway</html>", errors.ServerError, 3),
    (200, {"id": 1, "name": None}, errors.ResponseDecodeError, 1),
    (200, "not json", errors.ResponseDecodeError, 1),
]


def _beatport(handler: Handler) -> Beatport:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return Beatport(
        client_id="c", token=_TOKEN, http_client=http, requests_per_second=None, max_retry_wait=0
    )


@pytest.mark.parametrize(("status", "body", "cls", "sends"), BEATPORT_ERROR_ROWS)
def test_beatport_error_table_row_sync(
    status: int, body: Any, cls: type[errors.APIError], sends: int
) -> None:
    handler, sent = _counting(_answer(status, body, {"Retry-After": "0"}))
    with _beatport(handler) as bp, pytest.raises(cls):
        bp.tracks.get(1)
    assert len(sent) == sends


@pytest.mark.parametrize(("status", "body", "cls", "sends"), BEATPORT_ERROR_ROWS)
async def test_beatport_error_table_row_async(
    status: int, body: Any, cls: type[errors.APIError], sends: int
) -> None:
    handler, sent = _counting(_answer(status, body, {"Retry-After": "0"}))
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with AsyncBeatport(
        client_id="c", token=_TOKEN, http_client=http, requests_per_second=None, max_retry_wait=0
    ) as bp:
        with pytest.raises(cls):
            await bp.tracks.get(1)
    assert len(sent) == sends


def test_beatport_quality_and_field_error_attributes() -> None:
    """'QualityNotAvailableError (a BadRequestError, code="quality_not_available")';
    '400 field errors: BadRequestError (field_errors)'; a gateway's message is no field."""
    quality = _answer(400, ["Requested quality is not available."])
    with _beatport(quality) as bp, pytest.raises(errors.BadRequestError) as info:
        bp.tracks.get(1)
    assert info.value.code == "quality_not_available"
    field = {"per_page": ["Ensure this value is less than or equal to 100."]}
    with _beatport(_answer(400, field)) as bp, pytest.raises(errors.BadRequestError) as info:
        bp.tracks.get(1)
    assert info.value.field_errors == field
    gateway = _answer(400, {"message": "gateway"})
    with _beatport(gateway) as bp, pytest.raises(errors.BadRequestError) as info:
        bp.tracks.get(1)
    assert info.value.field_errors == {}
    assert "gateway" in str(info.value)


def test_beatport_redirect_row() -> None:
    """'a redirect (3xx) to an API call: RedirectError (location)'"""
    where = "https://api.beatport.com/v4/elsewhere/"
    handler, sent = _counting(lambda request: httpx.Response(302, headers={"Location": where}))
    with _beatport(handler) as bp, pytest.raises(errors.RedirectError) as info:
        bp.tracks.get(1)
    assert info.value.location == where
    assert len(sent) == 1


# -- docs/beatport.md: the login steps table, against FakeBeatport --------------------------


def _fake_beatport_client(fake: FakeBeatport, client_id: str | None = None) -> Beatport:
    return Beatport(
        client_id=client_id or fake.client_id,
        requests_per_second=None,
        http_client=httpx.Client(transport=fake.transport()),
    )


def test_beatport_login_table_wrong_password_is_403_at_the_login_step() -> None:
    fake = FakeBeatport()
    with _fake_beatport_client(fake) as bp, pytest.raises(errors.AuthenticationError) as info:
        bp.auth.login(fake.username, "not-the-password")
    assert info.value.status_code == 403
    assert "Incorrect authentication credentials." in str(info.value)
    assert "login step" in str(info.value)


def test_beatport_login_table_unknown_client_is_400_invalid_request_at_authorize() -> None:
    fake = FakeBeatport()
    bp = _fake_beatport_client(fake, "someone-elses-client")
    with bp, pytest.raises(errors.AuthenticationError) as info:
        bp.auth.login(fake.username, fake.password)
    assert (info.value.status_code, info.value.code) == (400, "invalid_request")
    assert "authorize step" in str(info.value)


def test_beatport_login_table_refused_code_is_400_invalid_grant() -> None:
    fake = FakeBeatport()
    with _fake_beatport_client(fake) as bp:
        request = bp.auth.authorization_url("http://127.0.0.1:8765/callback")
        with pytest.raises(errors.AuthenticationError) as info:
            bp.auth.exchange_code("not-a-code", request)
    assert (info.value.status_code, info.value.code) == (400, "invalid_grant")


# -- docs/beatport.md "## Streams": a 403 fetches a new URL once, a second is FetchError -----


class _StreamHost403(httpx.BaseTransport):
    """The fake's transport, with the first ``count`` stream-host requests after
    ``skip`` of them answered 403 (an expired signed URL)."""

    def __init__(self, fake: FakeBeatport, *, count: int, skip: int) -> None:
        self.inner = fake.transport()
        self.count, self.skip, self.seen = count, skip, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host != "api.beatport.com":
            self.seen += 1
            if self.seen > self.skip and self.count > 0:
                self.count -= 1
                return httpx.Response(403)
        return self.inner.handle_request(request)


@pytest.mark.parametrize("skip", [0, 1, 3])  # the playlist, the key, a segment
def test_beatport_stream_403_gets_a_new_url_once(tmp_path: Path, skip: int) -> None:
    fake = FakeBeatport()
    token = Token.from_response(fake.issue_token(), now=datetime.now(UTC))
    transport = _StreamHost403(fake, count=1, skip=skip)
    with Beatport(
        client_id=fake.client_id,
        token=token,
        requests_per_second=None,
        http_client=httpx.Client(transport=transport),
    ) as bp:
        result = bp.tracks.save_stream(fake.tracks[0]["id"], tmp_path / "t.aac")
    assert result.segments > 0
    assert len([r for r in fake.requests if r.url.path.endswith("/stream/")]) == 2
    assert fake.leaked_authorization == []


def test_beatport_stream_second_403_is_fetch_error(tmp_path: Path) -> None:
    fake = FakeBeatport()
    token = Token.from_response(fake.issue_token(), now=datetime.now(UTC))
    transport = _StreamHost403(fake, count=2, skip=3)
    with (
        Beatport(
            client_id=fake.client_id,
            token=token,
            requests_per_second=None,
            http_client=httpx.Client(transport=transport),
        ) as bp,
        pytest.raises(FetchError) as info,
    ):
        bp.tracks.save_stream(fake.tracks[0]["id"], tmp_path / "t.aac")
    assert info.value.status_code == 403
    assert not (tmp_path / "t.aac").exists()
    assert list(tmp_path.iterdir()) == []


# -- docs/testing.md: the fixtures table and the fault table, on every fake --------------------


def test_testing_fixture_table_credentials() -> None:
    bc, bp, bpass, bt = FakeBeatConnect(), FakeBeatport(), FakeBeatPass(), FakeBeatTech()
    assert bc.api_key == "test-api-key"
    assert (bp.client_id, bp.username, bp.password) == (
        "beatkit-fake-client",
        "dj@example.com",
        "fake-password",
    )
    assert (bpass.token, bpass.email, bpass.password) == (
        "fake-beatpass-token",
        "producer@example.com",
        "fake-password",
    )
    assert (bt.tenant, bt.client_id, bt.client_secret) == (
        "fabel",
        "beatkit-fake-client",
        "fake-client-secret",
    )


def test_testing_beatconnect_fake_catalogue() -> None:
    """'253 beats, ids 1001-1253 ... 40 users, ids 5660-5699: 25 producers, then 15
    buyers; the API key belongs to buyer fake.owner_id (5699), who has 30 orders
    (ids 8001-8030); 12 genres: Amapiano (id 1) ...'"""
    fake = FakeBeatConnect()
    assert [beat["id"] for beat in fake.beats] == list(range(1001, 1254))
    beat = next(beat for beat in fake.beats if beat["id"] == 1234)
    assert (beat["title"], beat["producer_name"], beat["user_id"]) == (
        "Summer Vibes",
        "DJ Maphorisa",
        5678,
    )
    assert [user["id"] for user in fake.users] == list(range(5660, 5700))
    assert [user["role"] for user in fake.users] == ["producer"] * 25 + ["buyer"] * 15
    assert fake.owner_id == 5699
    assert sorted(order["id"] for order in fake.orders) == list(range(8001, 8031))
    assert [genre["name"] for genre in fake.genres] == [
        "Amapiano",
        "Afrobeats",
        "Gqom",
        "Afro House",
        "Hip Hop",
        "Kwaito",
        "Bongo Flava",
        "Highlife",
        "Drill",
        "Trap",
        "R&B",
        "Dancehall",
    ]
    assert fake.genres[0]["id"] == 1


_FAKES = [FakeBeatConnect, FakeBeatport, FakeBeatPass, FakeBeatTech]


@pytest.mark.parametrize("make", _FAKES, ids=lambda cls: cls.__name__)
def test_testing_fault_table_in_process(make: Callable[[], Any]) -> None:
    fake = make()
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        fake.fail_next(503)
        assert http.get("/anything").status_code == 503
        for status in (204, 304):  # "no body for 204 and 304"
            fake.fail_next(status)
            answer = http.get("/anything")
            assert (answer.status_code, answer.content) == (status, b"")
        fake.fail_next(500, body={"a": 1})
        assert http.get("/anything").json() == {"a": 1}
        fake.fail_next(500, body="raw", headers={"Content-Type": "text/html; charset=utf-8"})
        answer = http.get("/anything")
        assert (answer.text, answer.headers["content-type"]) == ("raw", "text/html; charset=utf-8")
        fake.timeout_next()
        with pytest.raises(httpx.ReadTimeout):
            http.get("/anything")
        fake.disconnect_next()
        with pytest.raises(httpx.ConnectError):
            http.get("/anything")
        fake.garbage_next()
        answer = http.get("/anything")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/html")
        fake.garbage_next(status=502)
        assert http.get("/anything").status_code == 502
        fake.fail_next(500, count=3)
        assert fake.pending_faults == 3
        fake.clear_faults()
        assert fake.pending_faults == 0
    # "including the ones a fault swallowed"
    assert len(fake.requests) == 9


@pytest.mark.parametrize("make", _FAKES, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize(
    ("kwargs", "exc"),
    [
        ({"status": "500"}, TypeError),
        ({"status": 500, "count": 1.0}, TypeError),
        ({"status": 500, "count": 0}, ValueError),
        ({"status": 199}, ValueError),
        ({"status": 600}, ValueError),
        ({"status": 500, "headers": {"X Y": "1"}}, ValueError),
        ({"status": 500, "headers": {"X": "a\nb"}}, ValueError),
        ({"status": 500, "headers": {"X": "a\x01"}}, ValueError),
        ({"status": 500, "headers": {"X": "\u00e9"}}, ValueError),
        ({"status": 500, "body": {"a": float("nan")}}, ValueError),
        ({"status": 500, "body": {"a": float("inf")}}, ValueError),
        ({"status": 500, "body": "\ud83d"}, ValueError),
    ],
)
def test_testing_fail_next_arguments_checked(
    make: Callable[[], Any], kwargs: dict[str, Any], exc: type
) -> None:
    fake = make()
    with pytest.raises(exc):
        fake.fail_next(**kwargs)
    assert fake.pending_faults == 0


def test_testing_fail_next_text_body_labels() -> None:
    """'Content-Type: application/json on FakeBeatPass and FakeBeatConnect, no label on
    FakeBeatport and FakeBeatTech'"""
    for make, label in [
        (FakeBeatPass, "application/json"),
        (FakeBeatConnect, "application/json"),
        (FakeBeatport, None),
        (FakeBeatTech, None),
    ]:
        fake: Any = make()
        fake.fail_next(500, body="raw")
        with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
            answer = http.get("/anything")
        assert answer.text == "raw"
        assert answer.headers.get("content-type") == label, make.__name__


def test_testing_beatpass_fake_documented_behaviour() -> None:
    """Reads without a token get the minimal fields, writes get 401; 429 past the limit;
    fingerprint_polls; both paths of a play log and of a playlist update."""
    fake = FakeBeatPass(rate_limit=3, fingerprint_polls=2)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        anonymous = http.get(f"/tracks/{fake.track_id}").json()["track"]
        assert "plays" not in anonymous
        assert http.delete(f"/tracks/{fake.track_id}").status_code == 401
        assert http.get("/genres").status_code == 200
        limited = http.get("/genres")
        assert limited.status_code == 429
        assert limited.json()["message"] == "Too Many Attempts."
        assert limited.json()["retry_after"] == int(limited.headers["Retry-After"])
    fake = FakeBeatPass(fingerprint_polls=2)
    auth = {"Authorization": f"Bearer {fake.token}"}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=auth) as http:
        http.post(f"/tracks/{fake.track_id}/fingerprint").raise_for_status()
        states = [
            http.get(f"/tracks/{fake.track_id}/fingerprint/status").json()["fingerprint_status"]
            for _ in range(3)
        ]
        assert states == ["processing", "processing", "completed"]
        assert http.post(f"/tracks/plays/{fake.track_id}/log").status_code == 200
        assert http.post(f"/tracks/{fake.track_id}/plays").status_code == 200
        assert http.put("/playlists", json={"id": fake.playlist_id, "name": "A"}).status_code == 200
        assert http.put(f"/playlists/{fake.playlist_id}", json={"name": "B"}).status_code == 200


def test_testing_injected_429_waits_a_whole_window_on_beatpass() -> None:
    """'without it, a 429 from FakeBeatConnect or FakeBeatPass carries the API's own
    Retry-After (a whole rate_limit_window ...)'"""
    for make in (FakeBeatConnect, FakeBeatPass):
        fake: Any = make(rate_limit_window=0.5)
        fake.fail_next(429)
        with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
            answer = http.get("/genres")
        assert int(answer.headers["Retry-After"]) >= 0.5, make.__name__


# -- docs/auth.md -------------------------------------------------------------------------


_NOW = datetime(2030, 1, 1, tzinfo=UTC)


def _token_endpoint(answers: list[tuple[int, Any]]) -> tuple[Handler, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            sent.append(request)
            status, body = answers.pop(0)
            return httpx.Response(status, json=body)
        return httpx.Response(200, json={"auth": request.headers.get("authorization")})

    return handle, sent


@pytest.mark.parametrize(
    ("expires_in", "lifetime"),
    [
        ("3600", 3600.0),
        (3600, 3600.0),
        (0, 0.0),
        ("1_000", None),
        ("+60", None),
        ("\u0663\u0666", None),
        (-5, None),
        ("-5", None),
        (True, None),
    ],
)
def test_auth_expires_in_forms(expires_in: object, lifetime: float | None) -> None:
    """'An expires_in sent as a string is read as a JSON number in ASCII digits ("3600");
    anything else ("1_000", "+60", other scripts' digits) makes the answer a
    ResponseDecodeError, and so does a negative expires_in ... expires_in: 0 is accepted'"""
    handler, _ = _token_endpoint([(200, {"access_token": "AT", "expires_in": expires_in})])
    manager = ClientCredentialsAuth(
        "https://a.example/token", "id", "secret", hosts=["a.example"], clock=lambda: _NOW
    )
    with httpx.Client(transport=httpx.MockTransport(handler), auth=manager) as http:
        if lifetime is None:
            with pytest.raises(errors.ResponseDecodeError):
                http.get("https://a.example/x")
            assert manager.token is None
        else:
            http.get("https://a.example/x")
            assert manager.token is not None
            assert manager.token.expires_at == _NOW + timedelta(seconds=lifetime)


@pytest.mark.parametrize(
    ("lifetime", "buffer", "at", "refreshed"),
    [(100, 60, 49, False), (100, 60, 51, True), (200, 60, 139, False), (200, 60, 141, True)],
)
def test_auth_refresh_moment(lifetime: int, buffer: int, at: int, refreshed: bool) -> None:
    """'refreshed when it is within refresh_buffer seconds of its expiry ... A token whose
    whole lifetime is shorter than twice the buffer is refreshed at half its life'"""
    token = Token(
        access_token="old",
        refresh_token="r",
        obtained_at=_NOW,
        expires_at=_NOW + timedelta(seconds=lifetime),
    )
    handler, sent = _token_endpoint([(200, {"access_token": "new", "expires_in": 100})])
    manager = RefreshingAuth(
        "https://a.example/token",
        "id",
        hosts=["a.example"],
        store=MemoryTokenStore(token),
        refresh_buffer=buffer,
        clock=lambda: _NOW + timedelta(seconds=at),
    )
    with httpx.Client(transport=httpx.MockTransport(handler), auth=manager) as http:
        used = http.get("https://a.example/x").json()["auth"]
    assert used == ("Bearer new" if refreshed else "Bearer old")
    assert len(sent) == int(refreshed)


def test_auth_refresh_answer_keeps_refresh_token_scope_and_extra() -> None:
    token = Token(
        access_token="old",
        refresh_token="r",
        scope="a b",
        extra={"user_id": "7"},
        obtained_at=_NOW,
        expires_at=_NOW,
    )
    handler, _ = _token_endpoint([(200, {"access_token": "new", "expires_in": 100})])
    manager = RefreshingAuth(
        "https://a.example/token",
        "id",
        hosts=["a.example"],
        store=MemoryTokenStore(token),
        clock=lambda: _NOW,
    )
    with httpx.Client(transport=httpx.MockTransport(handler), auth=manager) as http:
        http.get("https://a.example/x")
    assert manager.token is not None
    assert (manager.token.refresh_token, manager.token.scope, manager.token.extra) == (
        "r",
        "a b",
        {"user_id": "7"},
    )


@pytest.mark.parametrize("status", [400, 401])
def test_auth_invalid_grant_is_final_for_that_token(status: int) -> None:
    token = Token(access_token="old", refresh_token="r", obtained_at=_NOW, expires_at=_NOW)
    handler, sent = _token_endpoint([(status, {"error": "invalid_grant"})])
    manager = RefreshingAuth(
        "https://a.example/token",
        "id",
        hosts=["a.example"],
        store=MemoryTokenStore(token),
        clock=lambda: _NOW,
    )
    with httpx.Client(transport=httpx.MockTransport(handler), auth=manager) as http:
        for _ in range(2):
            with pytest.raises(errors.AuthenticationError) as info:
                http.get("https://a.example/x")
            assert info.value.code == "invalid_grant"
            assert "log in again" in str(info.value)
    assert len(sent) == 1


def test_auth_managers_refuse_copy_and_pickle() -> None:
    managers = [
        BearerAuth("t", hosts=["a.example"]),
        ClientCredentialsAuth("https://a.example/token", "id", "s", hosts=["a.example"]),
        RefreshingAuth("https://a.example/token", "id", hosts=["a.example"]),
    ]
    for manager in managers:
        for attempt in (copy.copy, copy.deepcopy, pickle.dumps):
            with pytest.raises(TypeError):
                attempt(manager)


def test_auth_stores_pickle() -> None:
    """'A MemoryTokenStore pickles with its token; a FileTokenStore pickles as its path'"""
    token = Token(access_token="a", extra={"user_id": "u"})
    assert pickle.loads(pickle.dumps(MemoryTokenStore(token))).load() == token  # noqa: S301
    store = FileTokenStore("relative/token.json")
    assert store.path.is_absolute()
    assert pickle.loads(pickle.dumps(store)).path == store.path  # noqa: S301
    assert "'***'" in repr(token)
    assert "'u'" not in repr(token)


@pytest.mark.parametrize(
    ("port", "ok"), [("0", False), ("65536", False), ("x", False), ("1", True), ("65535", True)]
)
def test_auth_host_port_range(port: str, ok: bool) -> None:
    if ok:
        BearerAuth("t", hosts=[f"api.example.com:{port}"])
    else:
        with pytest.raises(errors.ConfigurationError):
            BearerAuth("t", hosts=[f"api.example.com:{port}"])


def test_auth_async_on_token_refused() -> None:
    async def on_token(token: Token) -> None:
        await asyncio.sleep(0)

    with pytest.raises(errors.ConfigurationError):
        RefreshingAuth("https://a.example/token", "id", hosts=["a.example"], on_token=on_token)


# -- docs/auth.md "A sync and an async client on one manager": a request made from inside
# on_token or a store while the manager refreshes raises the reentry ConfigurationError
# when it needs the lock (a stale token, a 401), and is sent when the new token serves it.


def _reentry_handler(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/token":
        return httpx.Response(200, json={"access_token": "new", "expires_in": 1000})
    if request.url.path == "/unauthorized":
        return httpx.Response(401)
    return httpx.Response(200, json={"auth": request.headers.get("authorization")})


class _ReentrantStore:
    """A store whose reads, once the manager is made, send a request through it."""

    def __init__(self, token: Token, results: dict[str, object]) -> None:
        self.token: Token | None = token
        self.results = results
        self.client: httpx.Client | None = None

    def load(self) -> Token | None:
        if self.client is not None and "load" not in self.results:
            try:
                self.client.get("https://a.example/fresh")
                self.results["load"] = "sent"
            except errors.ConfigurationError:
                self.results["load"] = "refused"
        return self.token

    def save(self, token: Token) -> None:
        self.token = token

    def clear(self) -> None:
        self.token = None


def _reentry_manager(results: dict[str, object]) -> tuple[RefreshingAuth, _ReentrantStore]:
    stale = Token(
        access_token="old",
        refresh_token="r",
        obtained_at=_NOW - timedelta(hours=1),
        expires_at=_NOW,
    )
    store = _ReentrantStore(stale, results)
    holder: dict[str, httpx.Client] = {}

    def on_token(token: Token) -> None:
        for path in ("fresh", "unauthorized"):
            try:
                answer = holder["client"].get(f"https://a.example/{path}")
                results[f"on_token {path}"] = answer.json()["auth"]
            except errors.ConfigurationError:
                results[f"on_token {path}"] = "refused"

    manager = RefreshingAuth(
        "https://a.example/token",
        "id",
        hosts=["a.example"],
        store=store,
        on_token=on_token,
        clock=lambda: _NOW,
    )
    client = httpx.Client(transport=httpx.MockTransport(_reentry_handler), auth=manager)
    holder["client"] = client
    store.client = client
    return manager, store


_REENTRY_EXPECTED = {
    "load": "refused",
    "on_token fresh": "Bearer new",
    "on_token unauthorized": "refused",
}


def _bounded(run: Callable[[], None]) -> None:
    """Run ``run`` on a daemon thread, failing (not hanging) if it does not end in 30 s."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            run()
        except BaseException as exc:  # handed back to the test's thread
            failure.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "the request through the refreshing manager hung"
    if failure:
        raise failure[0]


def test_auth_reentry_from_hooks_sync() -> None:
    results: dict[str, object] = {}
    _, store = _reentry_manager(results)
    assert store.client is not None
    client = store.client

    def run() -> None:
        with client as http:
            assert http.get("https://a.example/x").json()["auth"] == "Bearer new"

    _bounded(run)
    assert results == _REENTRY_EXPECTED


def test_auth_reentry_from_hooks_async() -> None:
    results: dict[str, object] = {}
    manager, store = _reentry_manager(results)
    assert store.client is not None
    client = store.client

    async def main() -> None:
        async with httpx.AsyncClient(
            transport=httpx.MockTransport(_reentry_handler), auth=manager
        ) as http:
            answer = await http.get("https://a.example/x")
        assert answer.json()["auth"] == "Bearer new"

    _bounded(lambda: asyncio.run(main()))
    client.close()
    assert results == _REENTRY_EXPECTED


@pytest.mark.parametrize(
    ("package", "data_file"),
    [
        ("beatkit.testing.beatconnect", "tables.json"),
        ("beatkit.testing.beatport", "tables.json"),
        ("beatkit.testing.beatpass", "tables.json"),
        ("beatkit.testing.beattech", "seed.json"),
    ],
)
def test_testing_each_fake_keeps_its_data_file(package: str, data_file: str) -> None:
    """'each fake keeps its name tables, fixed seed rows and the API's fixed texts in
    data/tables.json beside it (FakeBeatTech in data/seed.json ...)'"""
    data = importlib.resources.files(package).joinpath("data")
    assert data.joinpath(data_file).is_file()
    other = "seed.json" if data_file == "tables.json" else "tables.json"
    assert not data.joinpath(other).is_file()
