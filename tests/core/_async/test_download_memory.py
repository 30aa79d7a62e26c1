"""Downloads keep memory bounded whatever the size of what the server sends.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import gzip
import json
import tracemalloc
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.errors import APIError, ResponseDecodeError, ServerError

SPEC = ServiceSpec(name="testsvc")
CHUNK = b"<p>" + b"x" * (64 * 1024 - 3)
CHUNKS = 640  # 40 MiB, generated as it is read: the test holds none of it
SIZE = len(CHUNK) * CHUNKS


async def _no_sleep(seconds: float) -> None:
    return None


async def _generated() -> AsyncIterator[bytes]:
    for _ in range(CHUNKS):
        yield CHUNK


@pytest.fixture
def client(
    http_clients: list[httpx.AsyncClient],
) -> Callable[[Callable[[httpx.Request], httpx.Response]], AsyncAPIClient]:
    def factory(handler: Callable[[httpx.Request], httpx.Response]) -> AsyncAPIClient:
        settings = build_settings(
            SPEC, base_url="https://api.test/v1", max_retries=0, async_sleep=_no_sleep
        )
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        http_clients.append(http)
        return AsyncAPIClient(settings, http)

    return factory


def _download() -> Operation[Any]:
    return Operation(name="tracks.download", method="GET", path="/tracks/1/download", result=Any)


async def test_a_huge_error_body_of_a_download_is_not_read_whole(
    client: Any, tmp_path: Path
) -> None:
    # A download answered 500 with a 40 MiB page (a CDN's error page, a proxy that sends
    # the file under an error status): the whole body was read into memory to build the
    # error, where a 2xx JSON answer to a download is read up to 1 MiB only.
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            500,
            headers={"Content-Type": "text/html", "Content-Length": str(SIZE)},
            content=_generated(),
        )

    api = client(handler)
    dest = tmp_path / "a.bin"
    tracemalloc.start()
    try:
        with pytest.raises(ServerError) as caught:
            await api._transport.save(_download(), dest)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.status_code == 500
    assert peak < 8 * 1024 * 1024
    assert list(tmp_path.iterdir()) == []


async def test_a_small_error_body_of_a_download_is_still_reported(
    client: Any, tmp_path: Path
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"message": "try later"})

    with pytest.raises(ServerError, match="try later") as caught:
        await client(handler)._transport.save(_download(), tmp_path / "a.bin")
    assert caught.value.body == {"message": "try later"}
    assert list(tmp_path.iterdir()) == []


async def test_a_download_body_is_streamed_to_the_file(client: Any, tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"Content-Type": "audio/mpeg", "Content-Length": str(SIZE)},
            content=_generated(),
        )

    api = client(handler)
    dest = tmp_path / "a.bin"
    tracemalloc.start()
    try:
        saved = await api._transport.save(_download(), dest)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert saved.bytes_written == SIZE == dest.stat().st_size
    assert peak < 8 * 1024 * 1024


@pytest.mark.parametrize("failed", [False, True])
async def test_a_compressed_json_answer_to_a_download_is_reported_as_what_it_says(
    http_clients: list[httpx.AsyncClient], tmp_path: Path, failed: bool
) -> None:
    # The JSON a download got instead of the file was read (decoded) apart, then put in
    # a copy of the response that kept "Content-Encoding: gzip": decoded a second time,
    # it failed, and the caller was told the body "does not decode as its
    # Content-Encoding" instead of the API's own error.
    spec = ServiceSpec(
        name="testsvc",
        failed_answer=(lambda body: isinstance(body, dict) and body.get("status") == "error")
        if failed
        else (lambda body: False),
    )
    packed = gzip.compress(json.dumps({"status": "error", "message": "No such license"}).encode())

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
                "Content-Length": str(len(packed)),
            },
            content=packed,
        )

    settings = build_settings(
        spec, base_url="https://api.test/v1", max_retries=0, async_sleep=_no_sleep
    )
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    http_clients.append(http)
    api = AsyncAPIClient(settings, http)
    expected = APIError if failed else ResponseDecodeError
    with pytest.raises(expected, match="No such license") as caught:
        await api._transport.save(_download(), tmp_path / "a.bin")
    assert "Content-Encoding" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []
