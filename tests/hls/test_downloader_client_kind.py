"""A downloader given the other kind of httpx client (or no client at all) refuses it
at construction, naming ``http_client`` and the twin to use.

It was taken: ``AsyncHLSDownloader(httpx.Client())`` sent the playlist request, blocking
the event loop, then failed with httpx's ``TypeError`` about the ``trace`` extension;
``HLSDownloader(httpx.AsyncClient())`` failed with ``AttributeError: 'coroutine' object
has no attribute 'is_redirect'``, leaving a coroutine never awaited.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, HLSDownloader


def _never(request: httpx.Request) -> httpx.Response:
    raise AssertionError("nothing may be sent")  # pragma: no cover


@pytest.mark.parametrize(
    ("downloader", "other", "expected", "twin"),
    [
        (AsyncHLSDownloader, httpx.Client, "httpx.AsyncClient", "HLSDownloader"),
        (HLSDownloader, httpx.AsyncClient, "httpx.Client", "AsyncHLSDownloader"),
    ],
)
def test_the_other_kind_of_client_is_refused_naming_the_twin(
    downloader: Any, other: Any, expected: str, twin: str
) -> None:
    client = other(transport=httpx.MockTransport(_never))
    with pytest.raises(TypeError, match=rf"^http_client must be an {expected} or None") as caught:
        downloader(client)
    assert f"use {twin}" in str(caught.value)


@pytest.mark.parametrize("downloader", [AsyncHLSDownloader, HLSDownloader])
@pytest.mark.parametrize("value", ["https://cdn.test", 3, object()])
def test_something_else_is_refused(downloader: Any, value: object) -> None:
    with pytest.raises(TypeError, match=r"^http_client must be an httpx\.") as caught:
        downloader(value)
    assert type(value).__name__ in str(caught.value)


def test_the_right_kind_and_none_are_taken() -> None:
    AsyncHLSDownloader(httpx.AsyncClient(transport=httpx.MockTransport(_never)))
    HLSDownloader(httpx.Client(transport=httpx.MockTransport(_never)))
    AsyncHLSDownloader()
    HLSDownloader(None)
