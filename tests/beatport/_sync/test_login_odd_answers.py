# GENERATED from tests/beatport/_async/test_login_odd_answers.py by scripts/unasync.py: edit the async source.
"""Beatport session login against odd answers to its first step (the sync twin is generated)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.errors import AuthenticationError
from beatkit.testing.beatport import FakeBeatport

Handler = Callable[[httpx.Request], httpx.Response]


def client_answering_login(fake: FakeBeatport, answer: httpx.Response) -> Beatport:
    """A client on the fake whose ``POST /auth/login/`` gets ``answer`` instead."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/login/"):
            fake.requests.append(request)
            return answer
        return fake.handle(request)

    return Beatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )


def test_a_redirect_from_the_login_step_is_refused_not_followed() -> None:
    fake = FakeBeatport()
    answer = httpx.Response(
        302,
        headers={"Location": "/elsewhere/", "Set-Cookie": "sessionid=abc; Path=/"},
    )
    with client_answering_login(fake, answer) as client:
        with pytest.raises(AuthenticationError) as info:
            client.auth.login(fake.username, fake.password)
    assert str(info.value) == (
        "beatport 302 Beatport login failed at the login step (POST /auth/login/): "
        "expected 200, got HTTP 302"
    )
    assert info.value.status_code == 302
    assert client.auth.token is None
    assert [r.url.path for r in fake.requests] == ["/v4/auth/login/"]


def test_a_login_answer_without_a_session_cookie_is_refused() -> None:
    fake = FakeBeatport()
    answer = httpx.Response(200, json={"username": fake.username})
    with client_answering_login(fake, answer) as client:
        with pytest.raises(AuthenticationError) as info:
            client.auth.login(fake.username, fake.password)
    assert str(info.value) == (
        "beatport 200 Beatport login failed at the login step (POST /auth/login/): "
        "the answer set no session cookie"
    )
    assert info.value.status_code == 200
    assert fake.password not in repr(info.value.body)
    assert [r.url.path for r in fake.requests] == ["/v4/auth/login/"]
