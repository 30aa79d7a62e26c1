# GENERATED from tests/core/_async/test_upload_replay.py by scripts/unasync.py: edit the async source.
"""A 401 on an upload of a file beatkit opened itself (from a path: a seekable file)
is answered like a 401 on any other request: the token is refreshed once and the
upload sent once more, from the file's first byte. A stream the caller handed over
(or a file that cannot seek) is still sent once: its 401 is returned, no refresh.

The transport reads each request's body from its stream, as a network transport does
(httpx.MockTransport keeps the body it read on the request, which would hide a replay
that sends nothing of the file).

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core.http import REPLAYABLE_BODY, ServiceSpec, build_request
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit._core.uploads import UploadReader, check_upload_path, upload_part
from beatkit.auth import RefreshingAuth, Token
from beatkit.errors import AuthenticationError

BASE = "https://api.test/v1"
TOKEN_URL = "https://auth.test/token"
SPEC = ServiceSpec(name="testsvc")
# Several of httpx's 64 KiB multipart chunks, so a replay from the middle would show.
CONTENT = bytes(range(256)) * 1000


class Server:
    """The token endpoint and an upload endpoint; the API takes ``at-2`` only (``at-1``,
    the token the manager starts with, gets a 401), or no token at all when
    ``accept`` is False."""

    def __init__(self, accept: bool = True) -> None:
        self.accept = accept
        self.uploads: list[tuple[str | None, bytes]] = []
        self.token_requests: list[dict[str, str]] = []

    def answer(self, request: httpx.Request, body: bytes) -> httpx.Response:
        if request.url.host == "auth.test":
            self.token_requests.append(dict(parse_qsl(body.decode())))
            return httpx.Response(
                200, json={"access_token": "at-2", "refresh_token": "rt-2", "expires_in": 3600}
            )
        self.uploads.append((request.headers.get("authorization"), body))
        if self.accept and request.headers.get("authorization") == "Bearer at-2":
            return httpx.Response(200, json={"ok": True})
        return httpx.Response(401, json={"message": "invalid token"})


class StreamReading(httpx.MockTransport):
    """Reads each body from its stream, keeping nothing on the request."""

    def __init__(self, server: Server) -> None:
        super().__init__(lambda request: httpx.Response(500))
        self.server = server

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        stream: Any = request.stream
        return self.server.answer(request, b"".join(chunk for chunk in stream))

    def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        stream: Any = request.stream
        return self.server.answer(request, b"".join([chunk for chunk in stream]))


def _manager() -> RefreshingAuth:
    token = Token(
        access_token="at-1",
        refresh_token="rt-1",
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )
    return RefreshingAuth(TOKEN_URL, "cid", token=token, hosts="api.test", service="testsvc")


@pytest.fixture
def make(http_clients: list[httpx.Client]) -> Callable[[Server], APIClient]:
    def factory(server: Server) -> APIClient:
        settings = build_settings(SPEC, base_url=BASE, auth=_manager(), max_retries=0)
        http = httpx.Client(transport=StreamReading(server))
        http_clients.append(http)
        return APIClient(settings, http)

    return factory


@pytest.fixture
def audio(tmp_path: Path) -> Path:
    path = tmp_path / "beat.wav"
    path.write_bytes(CONTENT)
    return path


def _upload(files: Any) -> Operation[Any]:
    return Operation(name="uploads.create", method="POST", path="/uploads", files=files, result=Any)


def test_a_401_on_an_upload_of_a_path_is_replayed_once_after_a_refresh(
    make: Callable[[Server], APIClient], audio: Path
) -> None:
    server = Server()
    client = make(server)
    sent: list[tuple[int, int]] = []
    with upload_part(check_upload_path(audio), lambda done, total: sent.append((done, total))) as (
        name,
        reader,
    ):
        assert client._transport.request(_upload({"file": (name, reader)})) == {"ok": True}
    assert [grant["grant_type"] for grant in server.token_requests] == ["refresh_token"]
    assert [auth for auth, _ in server.uploads] == ["Bearer at-1", "Bearer at-2"]
    first, second = (body for _, body in server.uploads)
    assert CONTENT in second
    assert second == first  # the whole file again, from its first byte
    # The progress count restarted with the replay and ended on the whole file.
    assert sent[-1] == (len(CONTENT), len(CONTENT))
    assert any(
        done < sent_before for (done, _), (sent_before, _) in zip(sent[1:], sent[:-1], strict=True)
    )


def test_a_second_401_on_the_replayed_upload_is_final(
    make: Callable[[Server], APIClient], audio: Path
) -> None:
    server = Server(accept=False)
    client = make(server)
    with (
        upload_part(check_upload_path(audio)) as part,
        pytest.raises(AuthenticationError) as caught,
    ):
        client._transport.request(_upload({"file": part}))
    assert caught.value.status_code == 401
    assert len(server.token_requests) == 1
    assert len(server.uploads) == 2


def test_a_stream_the_caller_gave_is_not_replayed(
    make: Callable[[Server], APIClient],
) -> None:
    server = Server()
    client = make(server)
    with pytest.raises(AuthenticationError) as caught:
        client._transport.request(_upload({"file": ("beat.wav", io.BytesIO(CONTENT))}))
    assert caught.value.status_code == 401
    assert server.token_requests == []
    assert len(server.uploads) == 1


def test_a_file_that_cannot_seek_is_not_replayed(
    make: Callable[[Server], APIClient],
) -> None:
    server = Server()
    client = make(server)
    read_end, write_end = os.pipe()
    os.write(write_end, CONTENT[:1000])
    os.close(write_end)
    with open(read_end, "rb") as pipe:
        reader = UploadReader(pipe, 1000, None)
        with pytest.raises(AuthenticationError):
            client._transport.request(_upload({"file": ("beat.wav", reader)}))
    assert server.token_requests == []
    assert len(server.uploads) == 1


def test_only_a_body_of_files_beatkit_opened_is_marked(
    make: Callable[[Server], APIClient], audio: Path
) -> None:
    client = make(Server())
    http = httpx.Client()
    settings = client._transport.settings

    def built(op: Operation[Any]) -> httpx.Request:
        return build_request(
            http, op, base_url=settings.base_url, headers={}, timeout=httpx.Timeout(5)
        )

    with upload_part(check_upload_path(audio)) as part:
        assert callable(built(_upload({"file": part})).extensions.get(REPLAYABLE_BODY))
        assert callable(
            built(_upload([("file", part), ("name", "beat")])).extensions.get(REPLAYABLE_BODY)
        )
        mixed = {"file": part, "other": ("x.bin", io.BytesIO(b"x"))}
        assert REPLAYABLE_BODY not in built(_upload(mixed)).extensions
    assert REPLAYABLE_BODY not in built(_upload({"file": ("a", io.BytesIO(b"x"))})).extensions
    plain = Operation(name="beats.list", method="GET", path="/beats", result=Any)
    assert REPLAYABLE_BODY not in built(plain).extensions
    http.close()
