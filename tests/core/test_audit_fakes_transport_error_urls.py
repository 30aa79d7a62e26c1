"""A transport error that quotes a URL does not show its credentials in tracebacks.

httpx's own errors rarely quote URLs, but pytest-httpx's ("No response can be found
for GET request on https://...?api_key=...") and a custom transport's may. beatkit's
error masks the URL it names; the httpx error chained as its ``__cause__`` is printed
by every traceback (``traceback.format_exception``, a ``ProcessPoolExecutor``'s remote
traceback), so its text must be masked the same way.
"""

from __future__ import annotations

import asyncio
import traceback

import httpx
import pytest

from beatkit._core.redact import redact_transport_error
from beatkit.beatconnect import AsyncBeatConnect, BeatConnect
from beatkit.errors import APIConnectionError, APITimeoutError

SECRET = "qz-url-secret-4711"
API_KEY = "bc-api-key-8642"
QUOTED = f"No response can be found for GET request on https://user:{SECRET}@h.example/x?api_key={SECRET}"


def _raising(kind: type[httpx.TransportError]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise kind(QUOTED, request=request)

    return httpx.MockTransport(handler)


def _traceback(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


@pytest.mark.parametrize("kind", [httpx.ConnectError, httpx.ReadTimeout])
def test_sync_traceback_masks_quoted_url(kind: type[httpx.TransportError]) -> None:
    http = httpx.Client(transport=_raising(kind))
    client = BeatConnect(API_KEY, http_client=http, max_retries=0)
    with pytest.raises((APIConnectionError, APITimeoutError)) as caught:
        client.genres.list()
    client.close()
    http.close()
    shown = _traceback(caught.value)
    assert SECRET not in shown
    assert "h.example" in shown  # the rest of the quoted text is kept


@pytest.mark.parametrize("kind", [httpx.ConnectError, httpx.ReadTimeout])
def test_async_traceback_masks_quoted_url(kind: type[httpx.TransportError]) -> None:
    async def run() -> BaseException:
        http = httpx.AsyncClient(transport=_raising(kind))
        client = AsyncBeatConnect(API_KEY, http_client=http, max_retries=0)
        try:
            await client.genres.list()
        except (APIConnectionError, APITimeoutError) as exc:
            return exc
        finally:
            await client.aclose()
            await http.aclose()
        raise AssertionError("no error")

    shown = _traceback(asyncio.run(run()))
    assert SECRET not in shown
    assert "h.example" in shown


def test_sync_traceback_masks_request_credentials_quoted() -> None:
    # A transport that quotes the request's own Authorization header.
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused: {request.headers['Authorization']}", request=request)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = BeatConnect(API_KEY, http_client=http, max_retries=0)
    with pytest.raises(APIConnectionError) as caught:
        client.genres.list()
    client.close()
    http.close()
    assert API_KEY not in _traceback(caught.value)


def test_chained_httpcore_errors_are_masked_and_others_left() -> None:
    import httpcore

    inner = httpcore.ConnectError(f"bad url https://h.example/x?token={SECRET}")
    outer = httpx.ConnectError(QUOTED)
    outer.__cause__ = inner
    redact_transport_error(outer)
    shown = _traceback(outer)
    assert SECRET not in shown
    assert "h.example" in shown

    # An exception the caller was handling when the request failed is theirs: unchanged.
    theirs = KeyError(f"https://h.example/x?token={SECRET}")
    failed = httpx.ConnectError(QUOTED)
    failed.__context__ = theirs
    redact_transport_error(failed)
    assert SECRET not in str(failed)
    assert theirs.args == (f"https://h.example/x?token={SECRET}",)


def _call_in_child() -> None:
    http = httpx.Client(transport=_raising(httpx.ConnectError))
    client = BeatConnect(API_KEY, http_client=http, max_retries=0)
    client.genres.list()


def test_traceback_sent_from_a_process_pool_is_masked() -> None:
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        future = pool.submit(_call_in_child)
        with pytest.raises(APIConnectionError) as caught:
            future.result(timeout=60)
    shown = _traceback(caught.value)
    assert "h.example" in shown  # the child's traceback, chained error included
    assert SECRET not in shown
