"""A compressed download is saved whole or not at all.

httpx's gzip and deflate decoders end the body where the compressed data ends: a body
cut short inside it was saved as a complete (truncated) file, and of a gzip body made
of several members only the first was saved. Served as streams, so that the body is
decoded as the client reads it, as from a socket.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import gzip
import zlib
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
from beatkit.errors import APIConnectionError, ResponseDecodeError

PAYLOAD = bytes(range(256)) * 300  # 76,800 bytes
SPEC = ServiceSpec(name="testsvc", parse_error=lambda status, body: None)
AUDIO = {"Content-Type": "audio/mpeg"}


async def _no_sleep(seconds: float) -> None:
    return None


class Server:
    """Answers every request with ``body`` under ``Content-Encoding: coding``, streamed."""

    def __init__(self, body: bytes, coding: str) -> None:
        self.body = body
        self.coding = coding
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        headers = {**AUDIO, "Content-Encoding": self.coding}
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(self.body))


@pytest.fixture
def client(http_clients: list[httpx.AsyncClient]) -> Callable[[Server], AsyncAPIClient]:
    def factory(server: Server) -> AsyncAPIClient:
        settings = build_settings(
            SPEC, base_url="https://api.test/v1", max_retries=1, async_sleep=_no_sleep
        )
        http = httpx.AsyncClient(transport=httpx.MockTransport(server))
        http_clients.append(http)
        return AsyncAPIClient(settings, http)

    return factory


def _download() -> Operation[Any]:
    return Operation(name="tracks.download", method="GET", path="/tracks/1/download", result=Any)


def _cut(packed: bytes) -> bytes:
    return packed[: len(packed) // 2]


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("gzip", _cut(gzip.compress(PAYLOAD))),
        ("deflate", _cut(zlib.compress(PAYLOAD))),
        ("deflate", _cut(zlib.compress(PAYLOAD)[2:-4])),  # raw deflate, as some servers send
        ("gzip", gzip.compress(PAYLOAD)[:-8]),  # the whole data, but no trailer
    ],
)
async def test_a_body_cut_inside_its_compressed_data_is_retried_and_writes_nothing(
    client: Any, tmp_path: Path, coding: str, body: bytes
) -> None:
    server = Server(body, coding)
    dest = tmp_path / "a.mp3"
    dest.write_bytes(b"old")
    with pytest.raises(APIConnectionError, match=f"ends inside its {coding} data") as caught:
        await client(server)._transport.save(_download(), dest)
    assert not isinstance(caught.value, ResponseDecodeError)
    assert server.requests == 2  # a GET is retried, from the first byte
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.mp3"]


async def test_every_member_of_a_gzip_body_is_saved(client: Any, tmp_path: Path) -> None:
    body = gzip.compress(PAYLOAD[:1000]) + gzip.compress(PAYLOAD[1000:])
    reports: list[FileProgress] = []
    dest = tmp_path / "a.mp3"
    saved = await client(Server(body, "gzip"))._transport.save(
        _download(), dest, progress=reports.append
    )
    assert dest.read_bytes() == PAYLOAD
    assert saved.bytes_written == len(PAYLOAD) == reports[-1].bytes_written


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
async def test_bytes_after_the_compressed_data_are_an_error(
    client: Any, tmp_path: Path, coding: str
) -> None:
    packed = gzip.compress(PAYLOAD) if coding == "gzip" else zlib.compress(PAYLOAD)
    server = Server(packed + b"<html>gateway error</html>", coding)
    dest = tmp_path / "a.mp3"
    with pytest.raises(ResponseDecodeError, match=f"follow the end of its {coding} data"):
        await client(server)._transport.save(_download(), dest)
    assert server.requests == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("gzip", gzip.compress(PAYLOAD)),
        ("GZIP", gzip.compress(PAYLOAD) + b"\x00" * 10),  # NUL padding, as gzip(1) allows
        ("deflate", zlib.compress(PAYLOAD)),
        ("deflate", zlib.compress(PAYLOAD)[2:-4]),
        ("identity, gzip", gzip.compress(PAYLOAD)),
    ],
)
async def test_a_whole_compressed_body_is_saved(
    client: Any, tmp_path: Path, coding: str, body: bytes
) -> None:
    dest = tmp_path / "a.mp3"
    saved = await client(Server(body, coding))._transport.save(_download(), dest)
    assert dest.read_bytes() == PAYLOAD and saved.bytes_written == len(PAYLOAD)


async def test_an_empty_gzip_labelled_body_is_an_empty_file(client: Any, tmp_path: Path) -> None:
    dest = tmp_path / "a.mp3"
    saved = await client(Server(b"", "gzip"))._transport.save(_download(), dest)
    assert dest.read_bytes() == b"" and saved.bytes_written == 0


@pytest.mark.parametrize("coding", ["x-gzip", "compress", "x-compress", "aes128gcm", "gzip, dcb"])
async def test_a_coding_with_no_decoder_here_is_refused_not_saved_encoded(
    client: Any, tmp_path: Path, coding: str
) -> None:
    # httpx passes a registered coding it has no decoder for through as it is: the file
    # was saved still encoded, as if it were the media (the HLS downloader refuses it).
    server = Server(gzip.compress(PAYLOAD), coding)
    dest = tmp_path / "a.mp3"
    with pytest.raises(ResponseDecodeError, match="not written still encoded"):
        await client(server)._transport.save(_download(), dest)
    assert server.requests == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("label", ["none", "binary", "utf-8"])
async def test_a_label_that_names_no_coding_is_ignored(
    client: Any, tmp_path: Path, label: str
) -> None:
    dest = tmp_path / "a.mp3"
    await client(Server(PAYLOAD, label))._transport.save(_download(), dest)
    assert dest.read_bytes() == PAYLOAD
