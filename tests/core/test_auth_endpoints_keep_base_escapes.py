"""A service's own auth endpoints keep the base URL's percent-escapes, as its API calls do.

A base URL's path is kept as written (``/a%2Fb`` is one segment, not ``/a/b``). The token
and login endpoints that Beatport and Beat Technology build under the base URL were made
from its decoded path: with ``https://api.example/a%2Fb/v2``, API calls went to
``/a%2Fb/v2/...`` and token requests to ``/a/b/v2/...``, another endpoint.
"""

from __future__ import annotations

import json

import httpx
import pytest

from beatkit import BeatTech
from beatkit.beatport.auth import endpoint_url
from beatkit.beattech.auth import token_url
from beatkit.errors import ResponseDecodeError

BASE = "https://api.example/a%2Fb/v2"


def test_beatport_auth_endpoints_keep_an_escaped_slash() -> None:
    base = httpx.URL(BASE)
    for name, tail in (("auth.token", "/auth/o/token/"), ("auth.authorize", "/auth/o/authorize/")):
        url = endpoint_url(base, name)
        assert url.raw_path.decode().startswith("/a%2Fb/v2/"), (name, url)
        assert url.raw_path.decode().endswith(tail), (name, url)


def test_beattech_token_endpoint_keeps_an_escaped_slash() -> None:
    assert token_url(httpx.URL(BASE)).raw_path == b"/a%2Fb/v2/oauth2/token"
    assert token_url(httpx.URL(BASE + "/")).raw_path == b"/a%2Fb/v2/oauth2/token"


def test_beattech_token_request_and_call_go_under_the_same_root() -> None:
    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.raw_path)
        if request.url.raw_path.endswith(b"/oauth2/token"):
            body = {"access_token": "at-1", "token_type": "Bearer", "expires_in": 3600}
            return httpx.Response(200, json=body)
        return httpx.Response(200, content=json.dumps({"id": 1}).encode())

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = BeatTech(client_id="id", client_secret="secret", base_url=BASE, http_client=http)
    # The answer is no track: only where the two requests went matters here.
    with client, pytest.raises(ResponseDecodeError):
        client.tracks.get(1)
    assert len(seen) == 2, seen
    assert all(path.startswith(b"/a%2Fb/v2/") for path in seen), seen
