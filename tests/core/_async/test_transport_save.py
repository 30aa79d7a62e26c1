"""Saving an answer's body to a file: what the byte counts say and when a body is short.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import errno
import gzip
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core.files import FileProgress
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.errors import APIConnectionError, APIError, ResponseDecodeError

PAYLOAD = bytes(range(256)) * 300  # 76,800 bytes: several chunks
SPEC = ServiceSpec(name="testsvc", parse_error=lambda status, body: None)


async def _no_sleep(seconds: float) -> None:
    return None


@pytest.fixture
def client(
    http_clients: list[httpx.AsyncClient],
) -> Callable[[Callable[[httpx.Request], httpx.Response]], AsyncAPIClient]:
    def factory(handler: Callable[[httpx.Request], httpx.Response]) -> AsyncAPIClient:
        settings = build_settings(
            SPEC, base_url="https://api.test/v1", max_retries=1, async_sleep=_no_sleep
        )
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        http_clients.append(http)
        return AsyncAPIClient(settings, http)

    return factory


def _download() -> Operation[Any]:
    return Operation(name="tracks.download", method="GET", path="/tracks/1/download", result=Any)


async def test_progress_of_a_compressed_body_has_no_total(client: Any, tmp_path: Path) -> None:
    # The Content-Length of a gzip body counts compressed bytes, and the file gets the
    # decoded ones: a progress bar went to 1,700 %.
    packed = gzip.compress(PAYLOAD)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"Content-Encoding": "gzip", "Content-Length": str(len(packed))},
            content=packed,
        )

    reports: list[FileProgress] = []
    dest = tmp_path / "a.bin"
    saved = await client(handler)._transport.save(_download(), dest, progress=reports.append)
    assert dest.read_bytes() == PAYLOAD and saved.bytes_written == len(PAYLOAD)
    assert reports and reports[-1].bytes_written == len(PAYLOAD)
    assert all(report.bytes_total is None for report in reports)


async def test_progress_never_passes_the_total(client: Any, tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=PAYLOAD)

    reports: list[FileProgress] = []
    await client(handler)._transport.save(_download(), tmp_path / "a.bin", progress=reports.append)
    written = [report.bytes_written for report in reports]
    assert written == sorted(written) and written[-1] == len(PAYLOAD)
    assert all(report.bytes_total == len(PAYLOAD) for report in reports)


@pytest.mark.parametrize("declared", [len(PAYLOAD) + 1, len(PAYLOAD) - 1])
async def test_a_body_other_than_its_content_length_is_an_error_and_writes_nothing(
    client: Any, tmp_path: Path, declared: int
) -> None:
    # A transport that does not check the length (a test double, a proxy's) delivered a
    # short body, and the truncated file was saved as if complete.
    attempts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal attempts
        attempts += 1
        return httpx.Response(200, headers={"Content-Length": str(declared)}, content=PAYLOAD)

    dest = tmp_path / "a.bin"
    dest.write_bytes(b"old")
    with pytest.raises(APIConnectionError, match="failed"):
        await client(handler)._transport.save(_download(), dest)
    assert attempts == 2  # a GET is retried, from the first byte
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


async def test_a_directory_that_cannot_be_written_fails_before_sending(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The request used to go out (a Beatport download URL fetched, the file's transfer
    # started) before the temporary file failed to open. Root may write anywhere, so
    # the refusal (a read-only mount, a directory of another user) is simulated.
    real_access = os.access

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        if Path(path) == tmp_path and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    attempts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal attempts
        attempts += 1
        return httpx.Response(200, content=PAYLOAD)

    with pytest.raises(PermissionError, match=r"the directory .* is not writable"):
        await client(handler)._transport.save(_download(), tmp_path / "a.bin")
    assert attempts == 0
    assert list(tmp_path.iterdir()) == []


async def test_an_error_in_the_progress_callback_propagates_and_writes_nothing(
    client: Any, tmp_path: Path
) -> None:
    attempts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal attempts
        attempts += 1
        return httpx.Response(200, content=PAYLOAD)

    def stop(report: FileProgress) -> None:
        raise LookupError("the caller's own error")

    dest = tmp_path / "a.bin"
    dest.write_bytes(b"old")
    with pytest.raises(LookupError, match="the caller's own error"):
        await client(handler)._transport.save(_download(), dest, progress=stop)
    assert attempts == 1  # not a transfer failure: never retried
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


async def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary_one(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen

    class Full:
        """A file whose every write fails as on a full disk."""

        def __init__(self, output: Any) -> None:
            self.output = output

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.output, name)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.output.close()

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Full(real_fdopen(*a, **k)))

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=PAYLOAD)

    dest = tmp_path / "a.bin"
    dest.write_bytes(b"old")
    with pytest.raises(OSError, match="No space left") as caught:
        await client(handler)._transport.save(_download(), dest)
    assert caught.value.errno == errno.ENOSPC
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def _says_error(body: Any) -> bool:
    return isinstance(body, dict) and body.get("status") == "error"


async def test_a_json_refusal_from_the_api_is_raised_and_not_saved(
    http_clients: list[httpx.AsyncClient], tmp_path: Path
) -> None:
    spec = ServiceSpec(name="testsvc", failed_answer=_says_error)
    settings = build_settings(
        spec, base_url="https://api.test/v1", max_retries=1, async_sleep=_no_sleep
    )
    refusal = {"status": "error", "message": "no file"}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "cdn.test":
            # The same body from another host is not the API's statement: no file either.
            return httpx.Response(200, json=refusal)
        if request.url.path.endswith("/2/download"):
            return httpx.Response(302, headers={"Location": "https://cdn.test/f.json"})
        return httpx.Response(200, json=refusal)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    http_clients.append(http)
    api = AsyncAPIClient(settings, http)
    dest = tmp_path / "a.bin"
    with pytest.raises(APIError, match="no file") as info:
        await api._transport.save(_download(), dest)
    assert info.value.status_code == 200
    assert list(tmp_path.iterdir()) == []
    op = Operation(name="tracks.download", method="GET", path="/tracks/2/download", result=Any)
    with pytest.raises(ResponseDecodeError, match="expected the file, got a JSON document"):
        await api._transport.save(op, dest)
    assert list(tmp_path.iterdir()) == []
