"""A track's media calls without a token: what they raise is what their docstrings say.

``tracks.stream()``, ``download()``, ``save_stream()`` and ``save_download()`` need a
user's token; a client holding none raises ``ConfigurationError`` before sending (the
Beatport page's error table), and a token Beatport refuses is an
``AuthenticationError``. Their docstrings named neither (``client.my``'s were fixed
alike, see ``test_my_without_token.py``).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.beatport._async.media import AsyncTrackMedia
from beatkit.beatport._sync.media import TrackMedia
from beatkit.errors import AuthenticationError, ConfigurationError

METHODS = ["stream", "download", "save_stream", "save_download"]
TRACK = 8291700


def refusing(sent: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        detail = {"detail": "Authentication credentials were not provided."}
        return httpx.Response(401, json=detail)

    return httpx.MockTransport(handler)


def call(tracks: Any, name: str, tmp: Path) -> Any:
    if name.startswith("save_"):
        return getattr(tracks, name)(TRACK, tmp / "out.bin")
    return getattr(tracks, name)(TRACK)


def raises_section(method: Callable[..., Any]) -> str:
    doc = inspect.getdoc(method) or ""
    assert "Raises:" in doc
    return doc.split("Raises:", 1)[1]


@pytest.mark.parametrize("cls", [TrackMedia, AsyncTrackMedia])
@pytest.mark.parametrize("name", METHODS)
def test_the_docstring_names_both_errors(cls: type, name: str) -> None:
    raises = raises_section(getattr(cls, name))
    assert "ConfigurationError: The client holds no token" in raises
    assert "AuthenticationError: Beatport refused the token" in raises


@pytest.mark.parametrize("name", METHODS)
def test_without_a_token_nothing_is_sent(name: str, tmp_path: Path) -> None:
    sent: list[httpx.Request] = []
    bp = Beatport("cid", http_client=httpx.Client(transport=refusing(sent)))
    with bp, pytest.raises(ConfigurationError, match="no token"):
        call(bp.tracks, name, tmp_path)
    assert sent == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", METHODS)
def test_a_refused_token_is_an_authentication_error(name: str, tmp_path: Path) -> None:
    sent: list[httpx.Request] = []
    bp = Beatport(
        "cid", token="t", http_client=httpx.Client(transport=refusing(sent)), max_retries=0
    )
    with bp, pytest.raises(AuthenticationError):
        call(bp.tracks, name, tmp_path)
    assert len(sent) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", METHODS)
def test_the_async_client_alike(name: str, tmp_path: Path) -> None:
    async def run() -> None:
        sent: list[httpx.Request] = []
        http = httpx.AsyncClient(transport=refusing(sent))
        async with AsyncBeatport("cid", http_client=http) as bp:
            with pytest.raises(ConfigurationError, match="no token"):
                await call(bp.tracks, name, tmp_path)
        assert sent == []
        http = httpx.AsyncClient(transport=refusing(sent))
        async with AsyncBeatport("cid", token="t", http_client=http, max_retries=0) as bp:
            with pytest.raises(AuthenticationError):
                await call(bp.tracks, name, tmp_path)
        assert len(sent) == 1

    asyncio.run(run())
