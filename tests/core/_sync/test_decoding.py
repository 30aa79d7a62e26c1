# GENERATED from tests/core/_async/test_decoding.py by scripts/unasync.py: edit the async source.
"""Answers the send loop cannot decode: too deep, mislabelled encodings, redirects.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
Every failure must be a ``beatkit`` exception, never a raw ``RecursionError`` or
``httpx.DecodingError``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from attrs import frozen

from beatkit._core._sync.client import APIClient
from beatkit._core.converter import make_converter
from beatkit._core.http import ServiceSpec
from beatkit._core.model import Model
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.errors import RedirectError, ResponseDecodeError, ServerError

BASE = "https://api.test/v1"
SPEC = ServiceSpec(name="testsvc")
JSON = {"Content-Type": "application/json"}
CONVERTER = make_converter()


@frozen(kw_only=True)
class Beat(Model):
    id: int
    title: str
    bpm: int | None = None


def no_sleep(seconds: float) -> None:
    pass


class Server:
    """Answers every request with the same response; counts requests."""

    def __init__(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None):
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        # A stream, so that httpx decodes the body only when the client reads it.
        return httpx.Response(self.status, headers=self.headers, stream=httpx.ByteStream(self.body))


@pytest.fixture
def make(http_clients: list[httpx.Client]) -> Callable[[Server], APIClient]:
    def factory(server: Server) -> APIClient:
        settings = build_settings(
            SPEC,
            sleep=no_sleep,
            base_url=BASE,
            auth=None,
            timeout=5.0,
            max_retries=2,
            max_retry_wait=60.0,
            requests_per_second=None,
            allow_http=False,
            converter=CONVERTER,
        )
        http = httpx.Client(transport=httpx.MockTransport(server))
        http_clients.append(http)
        return APIClient(settings, http)

    return factory


def get_beat() -> Operation[Beat]:
    return Operation(
        name="beats.get",
        method="GET",
        path="/beats/1",
        result=Beat,
    )


# --- wrong values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"id": 1, "title": null}', "testsvc: beats.get: Beat.title: expected str, got null"),
        (b'{"id": true, "title": "x"}', "testsvc: beats.get: Beat.id: expected int, got boolean"),
        (b'{"id": 1, "title": "x", "bpm": 12.7}', "Beat.bpm: expected int, got number"),
        (b'{"id": 1, "title": {}}', "Beat.title: expected str, got object"),
        (b"[1, 2]", "Beat: expected object, got array"),
    ],
)
def test_wrong_values_become_response_decode_errors(
    make: Callable[[Server], APIClient], body: bytes, message: str
) -> None:
    server = Server(200, body, JSON)
    with pytest.raises(ResponseDecodeError) as info:
        make(server)._transport.request(get_beat())
    assert message in str(info.value)
    assert info.value.status_code == 200
    assert server.requests == 1  # a decode failure is not retried


# --- bodies nested too deeply -------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"[" * 100_000, b"[" * 900 + b"]" * 900, b'{"a":' * 100_000])
def test_deep_bodies_of_successes(
    make: Callable[[Server], APIClient], body: bytes
) -> None:
    with pytest.raises(ResponseDecodeError) as info:
        make(Server(200, body, JSON))._transport.request(get_beat())
    assert info.value.status_code == 200


@pytest.mark.parametrize("body", [b"[" * 100_000, b"[" * 900 + b"]" * 900])
def test_deep_bodies_of_errors(make: Callable[[Server], APIClient], body: bytes) -> None:
    server = Server(500, body, JSON)
    with pytest.raises(ServerError) as info:
        make(server)._transport.request(get_beat())
    assert info.value.status_code == 500
    assert server.requests == 3  # retried as any 500 is


# --- bodies that are not what their Content-Encoding says -----------------------------------


@pytest.mark.parametrize("status", [200, 404, 500])
@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_mislabelled_content_encoding(
    make: Callable[[Server], APIClient], status: int, encoding: str
) -> None:
    server = Server(
        status, b'{"id": 1, "title": "not compressed"}', {**JSON, "Content-Encoding": encoding}
    )
    with pytest.raises(ResponseDecodeError) as info:
        make(server)._transport.request(get_beat())
    assert info.value.status_code == status
    assert f"Content-Encoding ({encoding})" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.DecodingError)
    assert server.requests == 1  # the server keeps mislabelling: not retried


def test_mislabelled_download_leaves_no_file(
    make: Callable[[Server], APIClient], tmp_path: Path
) -> None:
    server = Server(200, b"x" * 10_000, {"Content-Encoding": "gzip"})
    op: Operation[Any] = Operation(name="files.get", method="GET", path="/f")
    dest = tmp_path / "out.bin"
    with pytest.raises(ResponseDecodeError, match="Content-Encoding"):
        make(server)._transport.save(op, dest)
    assert list(tmp_path.iterdir()) == []


# --- redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_not_followed_nor_decoded(
    make: Callable[[Server], APIClient], status: int
) -> None:
    server = Server(status, b"", {"Location": "https://elsewhere.test/beats/1"})
    with pytest.raises(RedirectError) as info:
        make(server)._transport.request(get_beat())
    assert info.value.status_code == status
    assert info.value.location == "https://elsewhere.test/beats/1"
    assert server.requests == 1
