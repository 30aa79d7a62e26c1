# GENERATED from tests/decoding/_async/test_services.py by scripts/unasync.py: edit the async source.
"""Each service's client against answers it must refuse or read exactly, through the public API.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
The answers come from an in-process ``httpx.MockTransport``: wrong values, bodies too
deep to parse, mislabelled encodings, redirects, and answers as api.beatport.com sends
them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import RedirectError, ResponseDecodeError, ServerError
from beatkit.beatconnect import BeatConnect
from beatkit.beatpass import BeatPass
from beatkit.beatport import Account, Beatport, TokenIntrospection

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "beatport"

Handler = Callable[[httpx.Request], httpx.Response]


def answer(body: Any, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def raw(content: bytes, status: int = 200, **headers: str) -> httpx.Response:
    # A stream: httpx then decodes the body only when the client reads it.
    return httpx.Response(
        status,
        headers={"Content-Type": "application/json", **headers},
        stream=httpx.ByteStream(content),
    )


class Clients:
    """Builds clients of each service on a handler; closes them after the test."""

    def __init__(self) -> None:
        self.http: list[httpx.Client] = []

    def _http(self, handler: Handler) -> httpx.Client:
        client = httpx.Client(transport=httpx.MockTransport(handler))
        self.http.append(client)
        return client

    def beatport(self, handler: Handler, *, strict: bool = False) -> Beatport:
        return Beatport(
            "client-id",
            token="tok",
            http_client=self._http(handler),
            requests_per_second=None,
            max_retries=0,
            strict=strict,
        )

    def beatpass(self, handler: Handler, *, strict: bool = False) -> BeatPass:
        return BeatPass("tok", http_client=self._http(handler), max_retries=0, strict=strict)

    def beatconnect(self, handler: Handler, *, strict: bool = False) -> BeatConnect:
        return BeatConnect(
            "key", http_client=self._http(handler), max_retries=0, strict=strict
        )


@pytest.fixture
def clients() -> Iterator[Clients]:
    made = Clients()
    yield made
    for client in made.http:
        client.close()


# One "get one item" call per service, and the envelope that service wraps the item in.


def beatport_track(item: Any) -> Any:
    return item


def beatpass_track(item: Any) -> Any:
    return {"status": "success", "track": item}


def beatconnect_beat(item: Any) -> Any:
    return {"status": "success", "data": item}


def get_one(clients: Clients, service: str, handler: Handler) -> Any:
    if service == "beatport":
        return clients.beatport(handler).tracks.get(1)
    if service == "beatpass":
        return clients.beatpass(handler).tracks.get(1)
    return clients.beatconnect(handler).beats.get(1)


ENVELOPES = {
    "beatport": beatport_track,
    "beatpass": beatpass_track,
    "beatconnect": beatconnect_beat,
}
VALID = {
    "beatport": {"id": 1, "name": "Digital Love", "bpm": 125},
    "beatpass": {"id": 1, "name": "Crimson Dreams", "bpm": 85, "is_liked": True},
    "beatconnect": {"id": 1, "title": "Lagos Nights", "bpm": 98, "key": "A minor"},
}
MODELS = {"beatport": "Track", "beatpass": "Track", "beatconnect": "Beat"}
OPERATIONS = {"beatport": "tracks.get", "beatpass": "tracks.get", "beatconnect": "beats.get"}
TITLES = {"beatport": "name", "beatpass": "name", "beatconnect": "title"}


# --- only lossless conversions ------------------------------------------------------------------


@pytest.mark.parametrize("service", ["beatport", "beatpass", "beatconnect"])
@pytest.mark.parametrize(
    ("key", "value", "found"),
    [
        ("title", {}, "expected str, got object"),
        ("id", True, "expected int, got boolean"),
        ("bpm", 12.7, "expected int, got number"),
        ("bpm", [120], "expected int, got array"),
    ],
)
def test_wrong_values_raise_naming_service_operation_model_and_field(
    clients: Clients, service: str, key: str, value: Any, found: str
) -> None:
    field = TITLES[service] if key == "title" else key
    item = {**VALID[service], field: value}
    with pytest.raises(ResponseDecodeError) as info:
        get_one(clients, service, lambda _: answer(ENVELOPES[service](item)))
    expected = f"{service}: {OPERATIONS[service]}: {MODELS[service]}.{field}: {found}"
    assert str(info.value) == expected
    assert info.value.service == service and info.value.status_code == 200


def test_a_null_title_is_refused_where_the_api_never_sends_one(clients: Clients) -> None:
    item = {**VALID["beatconnect"], "title": None}
    with pytest.raises(ResponseDecodeError) as info:
        get_one(clients, "beatconnect", lambda _: answer(beatconnect_beat(item)))
    assert str(info.value) == "beatconnect: beats.get: Beat.title: expected str, got null"


def test_beatpass_reads_booleans_and_numbers_sent_as_text(clients: Clients) -> None:
    item = {**VALID["beatpass"], "is_liked": "false", "downloadable": "true", "plays": "9809"}
    track = get_one(clients, "beatpass", lambda _: answer(beatpass_track(item)))
    assert track.is_liked is False and track.downloadable is True and track.plays == 9809


@pytest.mark.parametrize("service", ["beatport", "beatconnect"])
def test_numbers_as_text_are_refused_where_the_api_sends_numbers(
    clients: Clients, service: str
) -> None:
    item = {**VALID[service], "bpm": "98"}
    with pytest.raises(ResponseDecodeError, match=r"\.bpm: expected int, got string"):
        get_one(clients, service, lambda _: answer(ENVELOPES[service](item)))


# --- answers no client can decode -----------------------------------------------------------------


@pytest.mark.parametrize("service", ["beatport", "beatpass", "beatconnect"])
@pytest.mark.parametrize("status", [200, 500])
def test_too_deep_bodies(clients: Clients, service: str, status: int) -> None:
    expected = ResponseDecodeError if status == 200 else ServerError
    with pytest.raises(expected) as info:
        get_one(clients, service, lambda _: raw(b"[" * 100_000, status))
    assert info.value.status_code == status


@pytest.mark.parametrize("service", ["beatport", "beatpass", "beatconnect"])
@pytest.mark.parametrize("status", [200, 500])
def test_bodies_that_are_not_their_content_encoding(
    clients: Clients, service: str, status: int
) -> None:
    body = json.dumps(ENVELOPES[service](VALID[service])).encode()
    with pytest.raises(ResponseDecodeError, match=r"Content-Encoding \(gzip\)") as info:
        get_one(clients, service, lambda _: raw(body, status, **{"Content-Encoding": "gzip"}))
    assert info.value.status_code == status


@pytest.mark.parametrize("service", ["beatport", "beatpass", "beatconnect"])
def test_redirects(clients: Clients, service: str) -> None:
    moved = httpx.Response(301, headers={"Location": "https://moved.test/x"})
    with pytest.raises(RedirectError) as info:
        get_one(clients, service, lambda _: moved)
    assert info.value.location == "https://moved.test/x" and info.value.service == service


# --- Beatport answers as api.beatport.com sends them ---------------------------------------------


@pytest.mark.parametrize("strict", [False, True])
def test_beatport_account_as_the_api_sends_it(clients: Clients, strict: bool) -> None:
    body = json.loads((FIXTURES / "account-api.json").read_text())

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v4/my/account/"
        return answer(body)

    account = clients.beatport(handler, strict=strict).my.account()
    assert isinstance(account, Account) and account.extra == {}
    assert account.add_date == date(2013, 5, 14)
    assert account.dj_profile is not None and account.dj_profile.name == "DJ Example"
    assert account.preferences is not None and account.preferences.language == "en-US"


@pytest.mark.parametrize("strict", [False, True])
def test_beatport_introspection_with_application_and_features(
    clients: Clients, strict: bool
) -> None:
    body = {
        "active": True,
        "scope": "app:locker user:dj",
        "exp": 1769720486,
        "client_id": "client-id",
        "username": "djexample",
        "user_id": 4417250,
        "application_id": 12,
        "feature": ["locker", "streaming"],
    }
    info = clients.beatport(lambda _: answer(body), strict=strict).auth.introspect()
    assert isinstance(info, TokenIntrospection) and info.extra == {}
    assert info.application_id == 12 and info.feature == ["locker", "streaming"]
