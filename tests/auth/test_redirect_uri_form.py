"""RFC 6749 section 3.1.2: a redirect URI is an absolute URI without a fragment. One that
is not (a path alone, a ``#...`` left on it) is refused before the user is sent to the
authorization page (where the server would refuse it, or send the code somewhere else),
as the authorization endpoint's own fragment is."""

from __future__ import annotations

import httpx
import pytest

from beatkit.auth import AuthorizationRequest
from beatkit.beatport import Beatport
from beatkit.errors import ConfigurationError
from beatkit.testing.beatport import FakeBeatport

AUTHORIZE = "https://auth.example.com/authorize"
BAD = ["http://127.0.0.1:8765/cb#done", "http://127.0.0.1:8765/cb#", "/callback", "cb"]
GOOD = [
    "http://127.0.0.1:8765/cb",
    "http://127.0.0.1:8765/cb?app=desktop",
    "com.example.app:/oauth2redirect",
    "myapp://callback",
    "urn:ietf:wg:oauth:2.0:oob",
]


@pytest.mark.parametrize("redirect_uri", BAD)
def test_a_redirect_uri_that_is_no_absolute_uri_or_has_a_fragment_is_refused(
    redirect_uri: str,
) -> None:
    with pytest.raises(ConfigurationError, match=r"^redirect_uri must be an absolute URI"):
        AuthorizationRequest.create(AUTHORIZE, "cid", redirect_uri=redirect_uri)


@pytest.mark.parametrize("redirect_uri", GOOD)
def test_absolute_redirect_uris_pass(redirect_uri: str) -> None:
    request = AuthorizationRequest.create(AUTHORIZE, "cid", redirect_uri=redirect_uri)
    assert request.redirect_uri == redirect_uri
    assert httpx.URL(request.url).params["redirect_uri"] == redirect_uri


@pytest.mark.parametrize("redirect_uri", BAD)
def test_beatport_refuses_it_before_sending(redirect_uri: str) -> None:
    fake = FakeBeatport()
    sent: list[httpx.Request] = []
    transport = fake.transport()

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return transport.handle_request(request)

    with Beatport(
        fake.client_id,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        requests_per_second=None,
    ) as bp:
        with pytest.raises(ConfigurationError, match=r"^redirect_uri must be an absolute URI"):
            bp.auth.authorization_url(redirect_uri)
        with pytest.raises(ConfigurationError, match=r"^redirect_uri must be an absolute URI"):
            bp.auth.login(fake.username, fake.password, redirect_uri=redirect_uri)
    assert sent == []
