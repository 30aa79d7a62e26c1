"""``client.my`` without a token: what the methods raise is what their docstrings say.

The account, My Beatport and subscriptions methods said only ``AuthenticationError: No
valid token.``; a client holding no token raises ``ConfigurationError`` before sending
(as the Beatport page's error table says), and ``AuthenticationError`` is Beatport
refusing the token it was sent.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.beatport._async.my import AsyncMy
from beatkit.beatport._sync.my import My
from beatkit.errors import AuthenticationError, ConfigurationError

METHODS = ["account", "beatport", "subscriptions", "tracks"]


def refusing(sent: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        detail = {"detail": "Authentication credentials were not provided."}
        return httpx.Response(401, json=detail)

    return httpx.MockTransport(handler)


def run_sync(bp: Beatport, name: str) -> Any:
    """Call ``bp.my.<name>()``; a pager (``tracks``) is walked."""
    result = getattr(bp.my, name)()
    return list(result) if name == "tracks" else result


def raises_section(method: Callable[..., Any]) -> str:
    doc = inspect.getdoc(method) or ""
    assert "Raises:" in doc
    return doc.split("Raises:", 1)[1]


@pytest.mark.parametrize("cls", [My, AsyncMy])
@pytest.mark.parametrize("name", METHODS)
def test_the_docstring_names_both_errors(cls: type, name: str) -> None:
    raises = raises_section(getattr(cls, name))
    assert "ConfigurationError: The client holds no token" in raises
    if name != "tracks":
        assert "AuthenticationError: Beatport refused the token" in raises
        assert "No valid token" not in raises


@pytest.mark.parametrize("name", METHODS)
def test_without_a_token_nothing_is_sent(name: str) -> None:
    sent: list[httpx.Request] = []
    http = httpx.Client(transport=refusing(sent))
    bp = Beatport("cid", http_client=http, requests_per_second=None)
    with bp, pytest.raises(ConfigurationError, match="no token"):
        run_sync(bp, name)
    assert sent == []


@pytest.mark.parametrize("name", METHODS)
def test_a_refused_token_is_an_authentication_error(name: str) -> None:
    sent: list[httpx.Request] = []
    http = httpx.Client(transport=refusing(sent))
    bp = Beatport("cid", token="t", http_client=http, requests_per_second=None)
    with bp, pytest.raises(AuthenticationError):
        run_sync(bp, name)
    assert len(sent) == 1


def test_the_async_client_without_a_token() -> None:
    async def run() -> None:
        http = httpx.AsyncClient(transport=refusing([]))
        async with AsyncBeatport("cid", http_client=http, requests_per_second=None) as bp:
            with pytest.raises(ConfigurationError, match="no token"):
                await bp.my.account()

    asyncio.run(asyncio.wait_for(run(), 30))
