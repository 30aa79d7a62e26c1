"""A redirect error's message is cut as every APIError's is; ``location`` keeps it all.

docs/concepts.md: an ``APIError``'s ``message`` is cut after its first 1,000 characters
(it goes into every log line and traceback). A ``RedirectError`` quoted the whole
``Location`` (some 60,000 characters a server may send in one header), for an API call
and for a download's redirect it does not follow alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.errors import RedirectError

LONG = "https://cdn.example/" + "a" * 60_000
SPEC = ServiceSpec(name="testsvc", parse_error=lambda status, body: None)


def _redirect(location: str) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(302, headers={"Location": location}))


def test_an_api_call_redirect_message_is_cut() -> None:
    client = BeatConnect(
        "key",
        base_url="https://api.example/v1",
        http_client=httpx.Client(transport=_redirect(LONG)),
    )
    with client, pytest.raises(RedirectError) as caught:
        client.beats.get(1)
    assert len(caught.value.message) <= 1003
    assert caught.value.message.endswith("...")
    assert caught.value.location == LONG


async def test_an_api_call_redirect_message_is_cut_async() -> None:
    http = httpx.AsyncClient(transport=_redirect(LONG))
    async with (
        http,
        AsyncBeatConnect("key", base_url="https://api.example/v1", http_client=http) as client,
    ):
        with pytest.raises(RedirectError) as caught:
            await client.beats.get(1)
    assert len(caught.value.message) <= 1003
    assert caught.value.location == LONG


def test_a_download_redirect_not_followed_has_its_message_cut(tmp_path: Path) -> None:
    location = "http://cdn.example/" + "b" * 60_000  # https to plain http: not followed
    settings = build_settings(SPEC, base_url="https://api.test/v1")
    with httpx.Client(transport=_redirect(location)) as http, APIClient(settings, http) as client:
        op = Operation(name="tracks.download", method="GET", path="/tracks/1", result=Any)
        with pytest.raises(RedirectError) as caught:
            client._transport.save(op, tmp_path / "a.bin")
    assert len(caught.value.message) <= 1003
    assert caught.value.location == location
