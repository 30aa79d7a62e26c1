"""An ``http_client`` of the caller's made with a default ``Content-Type`` (a habit of
clients written for JSON APIs: ``httpx.Client(headers={"Content-Type":
"application/json"})``) does not relabel the body beatkit sends.

httpx merges the client's default headers into every request, and the body's own
``Content-Type`` is added only where none is set: an upload went out as multipart data
labelled ``application/json`` (no boundary), and BeatPass answered 422 "The file field is
required.", which says nothing of the cause. A JSON body always said its own type.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from beatkit import RequestOptions
from beatkit.beatpass import AsyncBeatPass, BeatPass
from beatkit.testing import FakeBeatPass

DEFAULTS = [
    {"Content-Type": "application/json"},
    {"Content-Type": "multipart/form-data; boundary=fixed"},
    {"content-type": "text/plain"},
]


def _audio(tmp_path: Path) -> Path:
    path = tmp_path / "a.mp3"
    path.write_bytes(b"ID3" + bytes(64))
    return path


def _recording(fake: FakeBeatPass, seen: list[str | None]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/uploads"):
            seen.append(request.headers.get("Content-Type"))
        return fake.handle(request)

    return httpx.MockTransport(handler)


def _multipart(value: str | None) -> None:
    assert value is not None and value.startswith("multipart/form-data; boundary="), value
    assert value != "multipart/form-data; boundary=fixed"


@pytest.mark.parametrize("defaults", DEFAULTS)
def test_an_upload_is_labelled_multipart_whatever_the_clients_default(
    defaults: dict[str, str], tmp_path: Path
) -> None:
    fake = FakeBeatPass()
    seen: list[str | None] = []
    with httpx.Client(transport=_recording(fake, seen), headers=defaults) as http:
        client = BeatPass(fake.issue_token(), base_url=fake.base_url, http_client=http)
        entry = client.uploads.create(_audio(tmp_path))
    assert entry.name == "a.mp3"
    assert len(seen) == 1
    _multipart(seen[0])


@pytest.mark.parametrize("defaults", DEFAULTS)
def test_async_an_upload_is_labelled_multipart_whatever_the_clients_default(
    defaults: dict[str, str], tmp_path: Path
) -> None:
    fake = FakeBeatPass()
    seen: list[str | None] = []
    path = _audio(tmp_path)

    async def main() -> str:
        async with httpx.AsyncClient(transport=_recording(fake, seen), headers=defaults) as http:
            client = AsyncBeatPass(fake.issue_token(), base_url=fake.base_url, http_client=http)
            return (await client.uploads.create(path)).name

    assert asyncio.run(asyncio.wait_for(main(), 30)) == "a.mp3"
    assert len(seen) == 1
    _multipart(seen[0])


def test_a_content_type_the_call_gives_is_kept(tmp_path: Path) -> None:
    fake = FakeBeatPass()
    seen: list[str | None] = []
    label = "multipart/form-data; boundary=mine"
    with httpx.Client(transport=_recording(fake, seen)) as http:
        client = BeatPass(fake.issue_token(), base_url=fake.base_url, http_client=http)
        client.uploads.create(
            _audio(tmp_path), options=RequestOptions(headers={"Content-Type": label})
        )
    assert seen == [label]
