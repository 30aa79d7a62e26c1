"""FakeBeatport's login and OAuth endpoints refuse what django-oauth-toolkit refuses.

Driven over raw httpx (no beatkit client), so each refusal is the fake's own answer.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from beatkit.testing.beatport import FakeBeatport

REDIRECT = "https://app.example/callback"


@pytest.fixture
def fake() -> FakeBeatport:
    return FakeBeatport()


@pytest.fixture
def browser(fake: FakeBeatport) -> Iterator[httpx.Client]:
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        yield client


def log_in(fake: FakeBeatport, browser: httpx.Client) -> None:
    answer = browser.post(
        "/auth/login/", json={"username": fake.username, "password": fake.password}
    )
    assert answer.status_code == 200


def authorize(fake: FakeBeatport, browser: httpx.Client, **params: str) -> dict[str, list[str]]:
    query = {"client_id": fake.client_id, "response_type": "code", "redirect_uri": REDIRECT}
    answer = browser.get("/auth/o/authorize/", params={**query, **params})
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    return parse_qs(urlsplit(location).query)


@pytest.mark.parametrize(
    ("field", "value"), [("username", 5), ("password", ["pw"]), ("username", True)]
)
def test_login_fields_that_are_not_strings(
    fake: FakeBeatport, browser: httpx.Client, field: str, value: object
) -> None:
    body = {"username": fake.username, "password": fake.password, field: value}
    answer = browser.post("/auth/login/", json=body)
    assert answer.status_code == 400
    assert answer.json() == {field: ["Not a valid string."]}
    assert "set-cookie" not in answer.headers


@pytest.mark.parametrize("challenge", ["short", "x" * 129, "a" * 42 + "!", "é" * 43])
def test_a_malformed_code_challenge_is_refused_by_redirect(
    fake: FakeBeatport, browser: httpx.Client, challenge: str
) -> None:
    log_in(fake, browser)
    query = authorize(fake, browser, code_challenge=challenge, code_challenge_method="S256")
    assert query == {
        "error": ["invalid_request"],
        "error_description": ["Code challenge is not valid."],
    }


def test_a_challenge_method_without_a_challenge_is_refused_by_redirect(
    fake: FakeBeatport, browser: httpx.Client
) -> None:
    log_in(fake, browser)
    query = authorize(fake, browser, code_challenge_method="S256", state="st-1")
    assert query == {
        "error": ["invalid_request"],
        "error_description": ["Code challenge required."],
        "state": ["st-1"],
    }


def test_a_cookie_header_that_does_not_parse_is_no_session(
    fake: FakeBeatport, browser: httpx.Client
) -> None:
    log_in(fake, browser)
    session = browser.cookies["sessionid"]
    assert fake.sessions[session] == fake.username
    browser.cookies.clear()
    query = {"client_id": fake.client_id, "response_type": "code", "redirect_uri": REDIRECT}
    # A live session id, in a header Python's cookie parser refuses ($x is no attribute).
    answer = browser.get(
        "/auth/o/authorize/", params=query, headers={"Cookie": f"sessionid={session}; $x=1"}
    )
    # Not logged in: bounced to the login page, no code.
    assert answer.status_code == 302
    assert "/auth/login/?next=" in answer.headers["Location"]
    # The same id in a well-formed header is the session.
    answer = browser.get(
        "/auth/o/authorize/", params=query, headers={"Cookie": f"sessionid={session}"}
    )
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith(REDIRECT + "?code=")


@pytest.mark.parametrize(
    "credentials",
    ["not base64!", base64.b64encode(b"\xff\xfe:secret").decode()],
    ids=["not-base64", "not-utf8"],
)
def test_basic_client_credentials_that_do_not_decode_are_an_invalid_client(
    fake: FakeBeatport, browser: httpx.Client, credentials: str
) -> None:
    answer = browser.post(
        "/auth/o/token/",
        data={"grant_type": "refresh_token", "refresh_token": "rt"},
        headers={"Authorization": f"Basic {credentials}"},
    )
    assert answer.status_code == 401
    assert answer.json() == {"error": "invalid_client"}
