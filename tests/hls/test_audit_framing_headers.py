"""``Content-Length`` and ``Transfer-Encoding`` are not headers a caller can send.

They frame a request's body, and the downloader's GET requests have none: httpx sets
them itself. Given in ``headers=`` (or ``--header``), ``Content-Length: 5`` made h11
wait for five body bytes and fail with its own ``LocalProtocolError``, raw (a traceback
from ``beatkit hls download``), and other values failed as retried transport errors.
They are refused with ``ValueError`` before any request, in both facades.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from beatkit.cli import main
from beatkit.hls import AsyncHLSDownloader, HLSDownloader

from .conftest import FakeServer

URL = "https://cdn.example/p.m3u8"
FRAMING = [
    {"Content-Length": "5"},
    {"content-length": "0"},
    {"Transfer-Encoding": "chunked"},
    {"TRANSFER-ENCODING": "gzip"},
]


def _never(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing may be fetched: {request.url}")


def _assert_refused(error: ValueError, headers: dict[str, str]) -> None:
    ((name, _value),) = headers.items()
    message = str(error)
    assert name in message and "not a header you can set" in message, message


@pytest.mark.parametrize("headers", FRAMING)
def test_sync_download_refuses_a_body_framing_header(
    tmp_path: Path, headers: dict[str, str]
) -> None:
    client = httpx.Client(transport=httpx.MockTransport(_never))
    with client, pytest.raises(ValueError, match="not a header you can set") as info:
        HLSDownloader(client).download(URL, tmp_path / "out", headers=headers)
    _assert_refused(info.value, headers)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("headers", FRAMING)
def test_async_download_refuses_a_body_framing_header(
    tmp_path: Path, headers: dict[str, str]
) -> None:
    async def run() -> ValueError:
        async with httpx.AsyncClient(transport=httpx.MockTransport(_never)) as client:
            with pytest.raises(ValueError, match="not a header you can set") as info:
                await AsyncHLSDownloader(client).download(URL, tmp_path / "out", headers=headers)
        return info.value

    _assert_refused(asyncio.run(run()), headers)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["download", "inspect"])
def test_the_cli_refuses_content_length_in_one_line(
    server: FakeServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    server.add_stream("/f", [b"x" * 100])
    argv = ["hls", command, server.url("/f/p.m3u8"), "--header", "Content-Length: 5"]
    if command == "download":
        argv += ["-o", str(tmp_path / "out"), "--quiet"]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("beatkit hls: error: ") and captured.err.count("\n") == 1
    assert "Content-Length" in captured.err and "Traceback" not in captured.err
    assert server.requests == []
    assert list(tmp_path.iterdir()) == []


def test_other_headers_are_still_sent(server: FakeServer, tmp_path: Path) -> None:
    clear = server.add_stream("/g", [b"y" * 100])
    result = HLSDownloader().download(
        server.url("/g/p.m3u8"), tmp_path / "out", headers={"X-Client": "beatkit-test"}
    )
    assert result.path.read_bytes() == clear
    assert server.requests[0].headers["x-client"] == "beatkit-test"
