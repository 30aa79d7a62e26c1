"""A base URL's percent-escapes stay what they were: the base path is sent as given.

The base URL was rebuilt from its *decoded* path: an escaped ``/`` (``/a%2Fb``) was
sent as ``/a/b``, and ``/a%252Fb`` decoded twice to ``/a/b`` too: the base path silently
changed which endpoint was called. An escaped ``?`` or ``#`` (``/a%3Fb``) stays a
``ConfigurationError`` (the services build their auth endpoints from the decoded path).
The bearer token still goes to the base URL's host only.
"""

from __future__ import annotations

import contextlib

import httpx
import pytest

from beatkit import AsyncBeatConnect, AsyncBeatPass, BeatConnect, BeatPass
from beatkit._core.http import check_base_url, join_path
from beatkit.errors import BeatkitError, ConfigurationError

# base path as given -> raw path of the genres.list request
CASES = {
    "https://api.example/a%2Fb": b"/a%2Fb/genres",
    "https://api.example/a%2fb/": b"/a%2fb/genres",
    "https://api.example/a%252Fb": b"/a%252Fb/genres",
    "https://api.example/a%2541": b"/a%2541/genres",
    "https://api.example/a%20b/v1": b"/a%20b/v1/genres",
    "https://api.example/a%2F/": b"/a%2F/genres",
    "https://api.example/v1": b"/v1/genres",
    "https://api.example/v1/": b"/v1/genres",
    "https://api.example": b"/genres",
}
ANSWER = {"status": True, "message": "ok", "data": []}


def _recorder(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ANSWER)

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(("base", "sent"), CASES.items())
def test_the_base_path_is_sent_as_given(base: str, sent: bytes) -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_recorder(seen))
    client = BeatConnect("key", base_url=base, http_client=http, max_retries=0)
    with client, contextlib.suppress(BeatkitError):  # the answer's shape is not at issue
        client.genres.list()
    assert [request.url.raw_path for request in seen] == [sent]
    assert seen[0].url.host == "api.example"


@pytest.mark.parametrize(("base", "sent"), CASES.items())
async def test_the_base_path_is_sent_as_given_async(base: str, sent: bytes) -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=_recorder(seen))
    async with http, AsyncBeatConnect("key", base_url=base, http_client=http, max_retries=0) as c:
        with contextlib.suppress(BeatkitError):  # the answer's shape is not at issue
            await c.genres.list()
    assert [request.url.raw_path for request in seen] == [sent]


def test_a_base_url_with_a_query_keeps_it_and_its_path_escapes() -> None:
    base = check_base_url("https://api.example/a%2Fb/?key=1")
    assert base.raw_path == b"/a%2Fb?key=1"
    assert join_path(base, "/genres").raw_path == b"/a%2Fb/genres?key=1"


@pytest.mark.parametrize("base", ["https://api.example/a%3Fb", "https://api.example/a%23b/"])
def test_an_encoded_query_or_fragment_mark_is_still_refused(base: str) -> None:
    with pytest.raises(ConfigurationError, match="encoded"):
        BeatConnect("key", base_url=base)


def test_join_path_keeps_the_escapes_of_the_base() -> None:
    base = check_base_url("https://api.example/a%2Fb/")
    assert join_path(base, "/oauth2/token").raw_path == b"/a%2Fb/oauth2/token"


@pytest.mark.parametrize("base", ["https://api.example/a%2Fb", "https://api.example/a%252Fb"])
def test_the_bearer_token_still_goes_to_the_base_host(base: str) -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_recorder(seen))
    bp = BeatPass(token="tok-secret", base_url=base, http_client=http, max_retries=0)
    with bp, contextlib.suppress(BeatkitError):  # the answer's shape is not at issue
        bp.tracks.get(1)
    assert len(seen) == 1
    assert seen[0].url.raw_path.startswith(base.removeprefix("https://api.example").encode())
    assert seen[0].headers["Authorization"] == "Bearer tok-secret"


async def test_the_bearer_token_still_goes_to_the_base_host_async() -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=_recorder(seen))
    base = "https://api.example/a%2Fb"
    async with http, AsyncBeatPass(token="tok-secret", base_url=base, http_client=http) as bp:
        with contextlib.suppress(BeatkitError):  # the answer's shape is not at issue
            await bp.tracks.get(1)
    assert seen[0].url.raw_path.startswith(b"/a%2Fb/")
    assert seen[0].headers["Authorization"] == "Bearer tok-secret"
