# GENERATED from tests/beatpass/_async/test_answers.py by scripts/unasync.py: edit the async source.
"""BeatPass answers read field by field: error statements in a 2xx body, and login answers."""

from __future__ import annotations

from collections.abc import Iterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import APIError, ResponseDecodeError
from beatkit.beatpass import BeatPass, User

# The call's coroutine (or, in the sync twin, its result).
Call = Callable[[BeatPass], Any]


class Server:
    """Answers every request with one JSON body and records what was sent."""

    def __init__(self) -> None:
        self.body: Any = {}
        self.status = 200
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(self.status, json=self.body)


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
def client(server: Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    transport = httpx.MockTransport(server)
    with BeatPass(
        "tok", http_client=httpx.Client(transport=transport), max_retries=0
    ) as bp:
        yield bp


def _first(bp: BeatPass) -> Any:
    for purchase in bp.purchases.list():
        return purchase
    return None


ERROR_STATEMENTS: list[tuple[str, Call]] = [
    ("purchases.calculate_price", lambda bp: bp.purchases.calculate_price(1)),
    ("purchases.initiate", lambda bp: bp.purchases.initiate(1)),
    ("fingerprints.generate", lambda bp: bp.fingerprints.generate(1)),
    ("licenses.revoke", lambda bp: bp.licenses.revoke("550e8400")),
    ("coupons.validate", lambda bp: bp.coupons.validate("SAVE10")),
    ("lyrics.create", lambda bp: bp.lyrics.create(1, "la la")),
    ("purchases.list", _first),
]


@pytest.mark.parametrize(("name", "call"), ERROR_STATEMENTS, ids=[n for n, _ in ERROR_STATEMENTS])
def test_a_200_that_says_error_raises_api_error(
    client: BeatPass, server: Server, name: str, call: Call
) -> None:
    # Laravel apps answer some refusals with 200 and {"status": "error"}: that is no
    # result with every field None, it is the API's refusal.
    server.body = {"status": "error", "message": "This track is not for sale."}
    with pytest.raises(APIError) as info:
        call(client)
    error = info.value
    assert not isinstance(error, ResponseDecodeError)
    assert "This track is not for sale." in str(error)
    assert error.status_code == 200
    assert error.service == "beatpass"
    assert error.body == {"status": "error", "message": "This track is not for sale."}
    assert len(server.sent) == 1  # a refusal is not retried


def test_a_200_error_statement_without_a_message_says_so(
    client: BeatPass, server: Server
) -> None:
    server.body = {"status": "error"}
    with pytest.raises(APIError, match=r"200.*error") as info:
        client.purchases.calculate_price(1)
    assert info.value.status_code == 200


def test_an_objects_own_status_is_not_an_error_statement(
    client: BeatPass, server: Server
) -> None:
    server.body = {"status": "success", "license": {"uuid": "u-1", "status": "revoked"}}
    license_ = client.licenses.generate(1, license_type="exclusive")
    assert license_.status == "revoked"


LOGIN_ANSWERS: list[tuple[str, dict[str, Any], User | None]] = [
    ("token-beside-no-user", {"status": "success", "access_token": "7|abc"}, None),
    ("token-as-token", {"status": "success", "token": "7|abc"}, None),
    ("user-null", {"status": "success", "user": None, "access_token": "7|abc"}, None),
    (
        "under-data",
        {"status": "success", "data": {"user": {"id": 3}, "access_token": "7|abc"}},
        User(id=3),
    ),
    (
        "user-under-data",
        {"status": "success", "data": {"id": 3, "access_token": "7|abc"}},
        User(id=3),
    ),
]


@pytest.mark.parametrize(
    ("body", "user"), [(b, u) for _, b, u in LOGIN_ANSWERS], ids=[n for n, _, _ in LOGIN_ANSWERS]
)
def test_login_keeps_the_token_of_an_answer_without_a_user(
    client: BeatPass, server: Server, body: dict[str, Any], user: User | None
) -> None:
    server.body = body
    result = client.login("me@example.com", "pw", token_name="cli")
    assert result.access_token == "7|abc"
    assert result.user == user
    assert "7|abc" not in repr(result)
    server.body = {"status": "success", "track": {"id": 1}}
    client.tracks.get(1)
    assert server.sent[-1].headers["authorization"] == "Bearer 7|abc"


def test_login_without_any_token_is_a_decode_error_and_keeps_the_old_token(
    client: BeatPass, server: Server
) -> None:
    server.body = {"status": "success", "user": {"id": 3}}
    with pytest.raises(ResponseDecodeError, match="access_token"):
        client.login("me@example.com", "pw")
    server.body = {"status": "success", "track": {"id": 1}}
    client.tracks.get(1)
    assert server.sent[-1].headers["authorization"] == "Bearer tok"


def test_login_that_says_error_is_an_api_error(client: BeatPass, server: Server) -> None:
    server.body = {"status": "error", "message": "These credentials do not match our records."}
    with pytest.raises(APIError, match="credentials") as info:
        client.login("me@example.com", "pw")
    assert not isinstance(info.value, ResponseDecodeError)
    assert "pw" not in repr(info.value.body)


SAVES: list[tuple[str, Callable[[BeatPass, Any], Any]]] = [
    ("licenses.download_pdf", lambda bp, dest: bp.licenses.download_pdf(1, dest)),
    ("tracks.download", lambda bp, dest: bp.tracks.download(1, dest)),
]


@pytest.mark.parametrize(("name", "call"), SAVES, ids=[n for n, _ in SAVES])
def test_a_download_that_says_error_raises_and_writes_nothing(
    client: BeatPass, server: Server, tmp_path: Path, name: str, call: Any
) -> None:
    server.body = {"status": "error", "message": "The certificate could not be generated."}
    dest = tmp_path / "license.pdf"
    dest.write_bytes(b"old")
    with pytest.raises(APIError, match="could not be generated") as info:
        call(client, dest)
    assert not isinstance(info.value, ResponseDecodeError)
    assert info.value.status_code == 200
    assert dest.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["license.pdf"]


def test_a_json_download_that_is_no_error_statement_is_no_file_either(
    client: BeatPass, server: Server, tmp_path: Path
) -> None:
    # A track or a PDF is never JSON: a success envelope instead of the file is no file.
    server.body = {"status": "success", "peaks": [1, 2]}
    dest = tmp_path / "track.mp3"
    with pytest.raises(ResponseDecodeError, match="expected the file, got a JSON document"):
        client.tracks.download(1, dest)
    assert list(tmp_path.iterdir()) == []


def test_a_200_error_statement_that_quotes_the_password_does_not_show_it(
    client: BeatPass, server: Server
) -> None:
    server.body = {"status": "error", "message": "no account s3cr3t-pw", "password": "s3cr3t-pw"}
    with pytest.raises(APIError) as info:
        client.login("me@example.com", "s3cr3t-pw")
    error = info.value
    assert "s3cr3t-pw" not in str(error) and "s3cr3t-pw" not in repr(error.body)
