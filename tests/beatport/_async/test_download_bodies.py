"""What save_download does with a file request answered 2xx by something that is not the file.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from beatkit.beatport import AsyncBeatport
from beatkit.errors import ResponseDecodeError
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

TRACK_ID = RECORDED_TRACK_IDS[0]

Handler = Callable[[httpx.Request], httpx.Response]


def make_client(fake: FakeBeatport, cdn: Handler) -> AsyncBeatport:
    """A logged-in client whose file requests (to the fake's CDN host) ``cdn`` answers."""
    cdn_host = httpx.URL(fake.cdn_url).host

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == cdn_host:
            return cdn(request)
        return fake.handle(request)

    return AsyncBeatport(
        fake.client_id,
        token=fake.issue_token()["access_token"],
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handle)),
        max_retries=0,
    )


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "application/problem+json"],
)
async def test_a_json_error_answered_200_is_not_saved_as_the_file(
    tmp_path: Path, content_type: str
) -> None:
    # Regression: the body {"detail": ...} was written to dest as if it were the audio.
    fake = FakeBeatport()
    body = b'{"detail": "Territory Restricted."}'
    client = make_client(
        fake, lambda _: httpx.Response(200, content=body, headers={"Content-Type": content_type})
    )
    dest = tmp_path / "t.mp4"
    dest.write_bytes(b"keep me")
    async with client:
        with pytest.raises(ResponseDecodeError) as caught:
            await client.tracks.save_download(TRACK_ID, dest)
    error = caught.value
    assert error.service == "beatport"
    assert error.status_code == 200
    assert "Territory Restricted." in str(error)
    assert "JSON" in str(error)
    assert error.body == {"detail": "Territory Restricted."}
    assert dest.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.mp4"]


async def test_a_json_error_answered_200_after_a_redirect_is_not_saved(tmp_path: Path) -> None:
    fake = FakeBeatport()
    cdn_host = httpx.URL(fake.cdn_url).host

    def cdn(request: httpx.Request) -> httpx.Response:
        if request.url.path != "/moved":
            return httpx.Response(302, headers={"Location": f"https://{cdn_host}/moved"})
        return httpx.Response(200, json={"error": "expired"})

    async with make_client(fake, cdn) as client:
        with pytest.raises(ResponseDecodeError, match="expired"):
            await client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4")
    assert list(tmp_path.iterdir()) == []


async def test_a_file_with_another_content_type_is_saved(tmp_path: Path) -> None:
    fake = FakeBeatport()
    payload = b'{"not": "json, but the type says binary"}'
    client = make_client(
        fake,
        lambda _: httpx.Response(
            200, content=payload, headers={"Content-Type": "binary/octet-stream"}
        ),
    )
    async with client:
        saved = await client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4")
    assert (tmp_path / "t.mp4").read_bytes() == payload
    assert saved.content_type == "binary/octet-stream"


async def test_a_huge_json_answer_is_not_kept_in_the_error(tmp_path: Path) -> None:
    fake = FakeBeatport()
    body = b'{"detail": "' + b"x" * (1 << 20) + b'"}'
    client = make_client(
        fake,
        lambda _: httpx.Response(200, content=body, headers={"Content-Type": "application/json"}),
    )
    async with client:
        with pytest.raises(ResponseDecodeError, match="expected the file") as caught:
            await client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4")
    assert caught.value.body is None
    assert len(str(caught.value)) < 1000
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "content_type", ["text/html", "text/html; charset=UTF-8", "application/xhtml+xml"]
)
async def test_an_html_page_answered_200_is_not_saved_as_the_file(
    tmp_path: Path, content_type: str
) -> None:
    # Regression: a captive portal's or CDN's error page was written to t.mp3 as the audio.
    fake = FakeBeatport()
    page = b"<html><body><h1>Access Denied</h1></body></html>"
    client = make_client(
        fake, lambda _: httpx.Response(200, content=page, headers={"Content-Type": content_type})
    )
    dest = tmp_path / "t.mp3"
    dest.write_bytes(b"keep me")
    progress: list[object] = []
    async with client:
        with pytest.raises(ResponseDecodeError) as caught:
            await client.tracks.save_download(TRACK_ID, dest, progress=progress.append)
    error = caught.value
    assert error.service == "beatport"
    assert error.status_code == 200
    assert "expected the file, got an HTML page" in str(error)
    assert content_type in str(error)
    assert progress == []
    assert dest.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.mp3"]


async def test_a_huge_html_page_is_not_kept_in_the_error(tmp_path: Path) -> None:
    fake = FakeBeatport()
    page = b"<html>" + b"x" * (1 << 20) + b"</html>"
    client = make_client(
        fake, lambda _: httpx.Response(200, content=page, headers={"Content-Type": "text/html"})
    )
    async with client:
        with pytest.raises(ResponseDecodeError, match="HTML page") as caught:
            await client.tracks.save_download(TRACK_ID, tmp_path / "t.mp3")
    assert caught.value.body is None
    assert len(str(caught.value)) < 1000
    assert list(tmp_path.iterdir()) == []


async def test_a_file_typed_as_text_is_still_saved(tmp_path: Path) -> None:
    # Only an HTML page is refused: other types are the host's own business.
    fake = FakeBeatport()
    client = make_client(
        fake,
        lambda _: httpx.Response(200, content=b"ID3audio", headers={"Content-Type": "text/plain"}),
    )
    async with client:
        saved = await client.tracks.save_download(TRACK_ID, tmp_path / "t.mp3")
    assert (tmp_path / "t.mp3").read_bytes() == b"ID3audio"
    assert saved.content_type == "text/plain"
