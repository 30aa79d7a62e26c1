"""A login step sent raw hands its 3xx answer back as it came, whatever its Location.

A redirect URI that is no http URL (``urn:ietf:wg:oauth:2.0:oob``, ``myapp:cb``) is
accepted by ``check_redirect_uri``, and the authorization server answers with a
``Location`` of that form carrying the code: httpx, which builds the redirect request of
every 3xx even when it does not follow it, could make no request of it, and the login
failed with an ``APIConnectionError`` (``RemoteProtocolError``) although the server had
answered right. An API call's 3xx with such a Location stays a connection error
(tests/core/test_location_port_secret.py)."""

from __future__ import annotations

import httpx
import pytest

from beatkit import AsyncBeatport, Beatport
from beatkit._core.raw_answers import keep_raw_locations
from beatkit.auth import Token
from beatkit.testing.beatport import FakeBeatport

URIS = ["urn:ietf:wg:oauth:2.0:oob", "myapp:cb", "com.example.app:/oauth2redirect"]


@pytest.mark.parametrize("redirect_uri", URIS)
def test_login_with_a_non_http_redirect_uri(redirect_uri: str) -> None:
    fake = FakeBeatport()
    with Beatport(
        fake.client_id,
        http_client=httpx.Client(transport=fake.transport()),
        requests_per_second=None,
    ) as bp:
        token = bp.auth.login(fake.username, fake.password, redirect_uri=redirect_uri)
        assert isinstance(token, Token)
        assert bp.auth.token is not None


@pytest.mark.parametrize("redirect_uri", URIS)
async def test_async_login_with_a_non_http_redirect_uri(redirect_uri: str) -> None:
    fake = FakeBeatport()
    http = httpx.AsyncClient(transport=fake.transport())
    bp = AsyncBeatport(fake.client_id, http_client=http, requests_per_second=None)
    async with http, bp:
        token = await bp.auth.login(fake.username, fake.password, redirect_uri=redirect_uri)
        assert isinstance(token, Token)


def test_the_callers_hooks_still_see_the_location_and_other_answers_keep_next_request() -> None:
    fake = FakeBeatport()
    seen: list[str | None] = []

    def hook(response: httpx.Response) -> None:
        seen.append(response.headers.get("Location"))

    http = httpx.Client(transport=fake.transport(), event_hooks={"response": [hook]})
    with Beatport(fake.client_id, http_client=http, requests_per_second=None) as bp:
        bp.auth.login(fake.username, fake.password, redirect_uri="urn:ietf:wg:oauth:2.0:oob")
    assert any(location and location.startswith("urn:ietf:wg:oauth:2.0:oob?") for location in seen)
    # A request that is not a raw send keeps httpx's redirect request.
    mock = httpx.MockTransport(lambda r: httpx.Response(302, headers={"Location": "/next"}))
    http.close()
    with httpx.Client(transport=mock) as other:
        keep_raw_locations(other)
        keep_raw_locations(other)
        assert len(other.event_hooks["response"]) == 1
        answer = other.get("https://api.example.test/x")
        assert answer.headers["Location"] == "/next"
        assert answer.next_request is not None
