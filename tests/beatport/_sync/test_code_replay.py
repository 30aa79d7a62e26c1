# GENERATED from tests/beatport/_async/test_code_replay.py by scripts/unasync.py: edit the async source.
"""A callback handed to exchange_code() twice: the spent code is refused before it is sent.

RFC 6749 section 4.1.2: a code is single-use, and a server that sees one again should
revoke the tokens it issued for it. A callback page reloaded, or a redirect delivered
twice, must not send the code a second time. (The sync twin is generated.)
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.errors import AuthenticationError, ResponseDecodeError, ServerError
from beatkit.testing.beatport import FakeBeatport

REDIRECT_URI = "https://app.example/callback"


def make_client(fake: FakeBeatport) -> Beatport:
    return Beatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        http_client=httpx.Client(transport=fake.transport()),
        requests_per_second=None,
        max_retries=0,
    )


def browser_redirect(fake: FakeBeatport, url: str) -> str:
    """What a browser does: log in to Beatport, open ``url``, land on the redirect."""
    with httpx.Client(transport=fake.transport()) as browser:
        login = browser.post(
            f"{fake.base_url}/auth/login/",
            json={"username": fake.username, "password": fake.password},
        )
        assert login.status_code == 200
        answer = browser.get(url, follow_redirects=False)
    assert answer.status_code == 302
    location: str = answer.headers["Location"]
    return location


def token_requests(fake: FakeBeatport) -> int:
    return sum(1 for r in fake.requests if r.url.path.endswith("/auth/o/token/"))


@pytest.mark.parametrize("bare", [False, True])
def test_a_replayed_callback_is_refused_before_sending(bare: bool) -> None:
    fake = FakeBeatport()
    client = make_client(fake)
    request = client.auth.authorization_url(REDIRECT_URI)
    location = browser_redirect(fake, request.url)
    token = client.auth.exchange_code(location, request)
    assert token_requests(fake) == 1

    code = httpx.URL(location).params["code"]
    again = code if bare else location
    with pytest.raises(AuthenticationError) as caught:
        client.auth.exchange_code(again, request)
    assert token_requests(fake) == 1  # nothing sent
    assert caught.value.code == "invalid_grant"
    assert caught.value.status_code == 0
    message = str(caught.value)
    assert "token step" in message and "already" in message
    assert code not in message and request.pkce.verifier not in message
    # The token the first exchange obtained stays the client's, and works.
    assert client.auth.token == token
    assert fake.access_token_valid(token.access_token)
    client.close()


def test_a_code_whose_exchange_failed_may_be_sent_again() -> None:
    fake = FakeBeatport()
    client = make_client(fake)
    request = client.auth.authorization_url(REDIRECT_URI)
    location = browser_redirect(fake, request.url)
    fake.fail_next(503)
    with pytest.raises(ServerError):
        client.auth.exchange_code(location, request)
    token = client.auth.exchange_code(location, request)
    assert token_requests(fake) == 2
    assert client.auth.token == token
    client.close()


def test_a_code_answered_with_an_unreadable_token_is_not_sent_again() -> None:
    # A 2xx answer means the server took the code and issued a token, which the client
    # could not read: sending the code again is the replay RFC 6749 4.1.2 punishes.
    fake = FakeBeatport()
    answers = iter(
        [httpx.Response(200, text="<html>ok</html>", headers={"Content-Type": "text/html"})]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        if request.url.path.endswith("/auth/o/token/"):
            return next(answers, response)
        return response

    client = Beatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        requests_per_second=None,
    )
    request = client.auth.authorization_url(REDIRECT_URI)
    location = browser_redirect(fake, request.url)
    with pytest.raises(ResponseDecodeError):
        client.auth.exchange_code(location, request)
    sent = token_requests(fake)
    with pytest.raises(AuthenticationError) as caught:
        client.auth.exchange_code(location, request)
    assert caught.value.code == "invalid_grant" and caught.value.status_code == 0
    assert token_requests(fake) == sent
    assert client.auth.token is None
    client.close()
