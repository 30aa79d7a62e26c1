"""A download under a ``Content-Encoding`` label that names no coding is checked against
its ``Content-Length``.

A label outside the registered codings (``none``, ``binary``, sent by misconfigured
servers) is ignored: the body is written as sent. But ``expected_size`` took any label
but ``identity`` for a coding whose ``Content-Length`` counts compressed bytes, so the
length check was skipped: through an ``http_client`` whose transport does not check
lengths, a body cut short was saved as the whole file. Both facades, through
Beatport's ``tracks.save_download``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatport, Beatport
from beatkit._core.files import FileProgress, expected_size
from beatkit.errors import APIConnectionError
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

TRACK_ID = RECORDED_TRACK_IDS[0]
LABELS = ["none", "binary", "None", "identity, none", "none, identity"]


def _save(tmp_path: Path, label: str, body: bytes, facade: str) -> tuple[Any, list[FileProgress]]:
    fake = FakeBeatport()
    cdn_host = httpx.URL(fake.cdn_url).host
    reports: list[FileProgress] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == cdn_host:
            headers = {
                "Content-Type": "audio/mp4",
                "Content-Encoding": label,
                "Content-Length": "10",
            }
            return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))
        return fake.handle(request)

    token = fake.issue_token()["access_token"]
    dest = tmp_path / "t.mp4"
    options: dict[str, Any] = {"token": token, "base_url": fake.base_url, "max_retries": 0}

    def sync() -> Any:
        http = httpx.Client(transport=httpx.MockTransport(handle))
        with Beatport(fake.client_id, http_client=http, **options) as client:
            return client.tracks.save_download(TRACK_ID, dest, progress=reports.append)

    async def run() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
        async with AsyncBeatport(fake.client_id, http_client=http, **options) as client:
            return await client.tracks.save_download(TRACK_ID, dest, progress=reports.append)

    try:
        return (sync() if facade == "sync" else asyncio.run(run())), reports
    except APIConnectionError as exc:
        return exc, reports


FACADES = pytest.mark.parametrize("facade", ["sync", "async"])


@FACADES
@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize(("body", "said"), [(b"abc", "3"), (b"abcdefghijkl", "more than 10")])
def test_a_body_that_lies_about_its_length_under_a_non_coding_label_is_not_saved(
    tmp_path: Path, facade: str, label: str, body: bytes, said: str
) -> None:
    failed, _ = _save(tmp_path, label, body, facade)
    assert isinstance(failed, APIConnectionError), failed
    assert "Content-Length (10 bytes)" in str(failed)
    assert f"got {said}" in str(failed)
    assert list(tmp_path.iterdir()) == []


@FACADES
@pytest.mark.parametrize("label", LABELS)
def test_a_whole_body_under_a_non_coding_label_is_saved_with_its_total(
    tmp_path: Path, facade: str, label: str
) -> None:
    saved, reports = _save(tmp_path, label, b"0123456789", facade)
    assert not isinstance(saved, Exception), saved
    assert saved.path.read_bytes() == b"0123456789"
    assert reports[-1] == FileProgress(10, 10)


@pytest.mark.parametrize(
    ("label", "size"),
    [
        (None, 10),
        ("", 10),
        ("identity", 10),
        ("none", 10),
        ("BINARY", 10),
        ("none, identity", 10),
        ("gzip", None),
        ("none, gzip", None),
        ("deflate, none", None),
        ("compress", None),
        ("br", None),
    ],
)
def test_expected_size_counts_a_registered_coding_only(label: str | None, size: int | None) -> None:
    headers = httpx.Headers({"Content-Length": "10"})
    if label is not None:
        headers["Content-Encoding"] = label
    assert expected_size(headers) == size
