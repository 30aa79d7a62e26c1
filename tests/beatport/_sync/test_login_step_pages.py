# GENERATED from tests/beatport/_async/test_login_step_pages.py by scripts/unasync.py: edit the async source.
"""What a refused login step blames: the credentials only when Beatport's API judged them.

A 403 HTML page at ``POST /auth/login/`` (a bot check, a firewall, a proxy in front of the
API) says nothing of the password: the message must not send the user to re-type it.
(The sync twin is generated.)
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.errors import AuthenticationError
from beatkit.testing.beatport import FakeBeatport

CHALLENGE_PAGE = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
    "<body>Checking your browser before accessing api.beatport.com.</body></html>"
)


def client_answering_login(fake: FakeBeatport, answer: httpx.Response) -> Beatport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/login/"):
            return answer
        return fake.handle(request)

    return Beatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        requests_per_second=None,
    )


@pytest.mark.parametrize("status", [401, 403])
def test_an_html_page_at_the_login_step_does_not_blame_the_password(status: int) -> None:
    fake = FakeBeatport()
    page = httpx.Response(
        status, headers={"Content-Type": "text/html; charset=utf-8"}, text=CHALLENGE_PAGE
    )
    client = client_answering_login(fake, page)
    with pytest.raises(AuthenticationError) as caught:
        client.auth.login(fake.username, fake.password)
    message = str(caught.value)
    assert caught.value.status_code == status
    assert "login step" in message
    assert "username and password" not in message
    assert "text/html" in message  # says what answered instead of Beatport's JSON
    client.close()


def test_beatports_own_refusal_still_blames_the_credentials() -> None:
    fake = FakeBeatport()
    client = client_answering_login(
        fake, httpx.Response(403, json={"detail": "Incorrect authentication credentials."})
    )
    with pytest.raises(AuthenticationError, match="check the username and password"):
        client.auth.login(fake.username, "wrong")
    client.close()
