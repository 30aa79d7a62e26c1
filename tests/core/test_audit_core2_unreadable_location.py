"""A 3xx answer is a redirect error, sent once, whatever its Location.

httpx builds the redirect request of every 3xx, followed or not, and fails on a
``Location`` it cannot make one of (a port that is no number, a malformed IDNA host):
an API call came out as an ``APIConnectionError`` ("RemoteProtocolError") and, a GET,
was retried ``max_retries`` times. docs/concepts.md says a 3xx is a ``RedirectError``,
never retried. A token request answered so (its body holds the client secret) was sent
again with each retry too, where a redirect is an ``AuthenticationError``. The port
text (maybe a password) is named nowhere, a scheme-relative ``//host:port`` included.
"""

from __future__ import annotations

import traceback

import httpx
import pytest

from beatkit import AsyncBeatConnect, AsyncBeatTech, BeatConnect, BeatTech
from beatkit.errors import AuthenticationError, RedirectError

SECRET = "hunter2secretport"
LOCATIONS = [
    f"https://evil.example:{SECRET}/x",
    f"//evil.example:{SECRET}/x",
    "https://xn--zz.example.com/token",
]
BASE = "https://api.example/v2"


def _handler(location: str, seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(302, headers={"Location": location})

    return httpx.MockTransport(handler)


def _chain(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


@pytest.mark.parametrize("location", LOCATIONS)
def test_an_unreadable_location_is_a_redirect_error_sent_once(location: str) -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_handler(location, seen))
    client = BeatConnect("key", base_url="https://api.example/v1", http_client=http)
    with client, pytest.raises(RedirectError) as caught:
        client.beats.get(1)
    assert len(seen) == 1
    assert caught.value.status_code == 302
    assert SECRET not in _chain(caught.value)
    assert SECRET not in repr(caught.value.location)


@pytest.mark.parametrize("location", LOCATIONS)
async def test_an_unreadable_location_is_a_redirect_error_sent_once_async(location: str) -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=_handler(location, seen))
    client = AsyncBeatConnect("key", base_url="https://api.example/v1", http_client=http)
    async with http, client:
        with pytest.raises(RedirectError) as caught:
            await client.beats.get(1)
    assert len(seen) == 1
    assert SECRET not in _chain(caught.value)
    assert SECRET not in repr(caught.value.location)


def test_a_readable_location_is_still_named() -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_handler("/v2/beats/1?token=abc", seen))
    client = BeatConnect("key", base_url="https://api.example/v1", http_client=http)
    with client, pytest.raises(RedirectError) as caught:
        client.beats.get(1)
    assert caught.value.location is not None
    assert caught.value.location.startswith("https://api.example/v2/beats/1")
    assert "abc" not in caught.value.location


def _beattech(location: str, seen: list[httpx.Request]) -> BeatTech:
    http = httpx.Client(transport=_handler(location, seen))
    return BeatTech(client_id="cid", client_secret="csecret", base_url=BASE, http_client=http)


@pytest.mark.parametrize("location", LOCATIONS)
def test_a_token_request_redirected_to_an_unreadable_location_is_sent_once(
    location: str,
) -> None:
    # The app token fetched for an API call (a GET, which is retried on a connection
    # failure): the token request went out 1 + max_retries times, client secret and all.
    seen: list[httpx.Request] = []
    with _beattech(location, seen) as bt, pytest.raises(AuthenticationError) as caught:
        bt.tracks.get(1)
    assert [request.url.path for request in seen] == ["/v2/oauth2/token"]
    assert caught.value.status_code == 302
    assert "redirect" in str(caught.value)
    assert SECRET not in _chain(caught.value)


@pytest.mark.parametrize("location", LOCATIONS)
def test_a_login_redirected_to_an_unreadable_location_is_an_authentication_error(
    location: str,
) -> None:
    seen: list[httpx.Request] = []
    with _beattech(location, seen) as bt, pytest.raises(AuthenticationError) as caught:
        bt.auth.login("user@example.com", "pw")
    assert len(seen) == 1
    assert caught.value.status_code == 302
    assert SECRET not in _chain(caught.value)


@pytest.mark.parametrize("location", LOCATIONS)
async def test_a_token_request_redirected_to_an_unreadable_location_is_sent_once_async(
    location: str,
) -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=_handler(location, seen))
    bt = AsyncBeatTech(client_id="cid", client_secret="csecret", base_url=BASE, http_client=http)
    async with http, bt:
        with pytest.raises(AuthenticationError) as caught:
            await bt.tracks.get(1)
        assert [request.url.path for request in seen] == ["/v2/oauth2/token"]
        assert SECRET not in _chain(caught.value)
        seen.clear()
        with pytest.raises(AuthenticationError) as caught:
            await bt.auth.login("user@example.com", "pw")
        assert len(seen) == 1
        assert SECRET not in _chain(caught.value)


def test_a_token_redirect_names_a_readable_host() -> None:
    seen: list[httpx.Request] = []
    bt = _beattech("https://other.example/x", seen)
    with bt, pytest.raises(AuthenticationError, match=r"redirect to other\.example"):
        bt.auth.login("user@example.com", "pw")
