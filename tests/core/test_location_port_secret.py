"""A 3xx whose Location has a password where the port goes ("host:password", its
"user@" lost): httpx's error quotes the port, and it reached the traceback of the API
call's error through the exception chain. The call's error is now the RedirectError of
any 3xx, the port masked."""

from __future__ import annotations

import traceback

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect, RedirectError

SECRET = "hunter2secretport"
BASE = "https://api.example.test/v1"


def _handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(302, headers={"Location": f"https://api.example.test:{SECRET}/x"})


def _chain(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


def test_the_port_of_an_unreadable_location_is_not_in_the_error_chain() -> None:
    http = httpx.Client(transport=httpx.MockTransport(_handler))
    client = BeatConnect(api_key="k" * 20, base_url=BASE, http_client=http, max_retries=0)
    with client, pytest.raises(RedirectError) as caught:
        client.genres.list()
    assert SECRET not in _chain(caught.value)
    assert "redirect to https://api.example.test:REDACTED/x" in _chain(caught.value)


async def test_the_port_of_an_unreadable_location_is_not_in_the_async_error_chain() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(_handler))
    client = AsyncBeatConnect(api_key="k" * 20, base_url=BASE, http_client=http, max_retries=0)
    with pytest.raises(RedirectError) as caught:
        async with client:
            await client.genres.list()
    assert SECRET not in _chain(caught.value)
    await http.aclose()
