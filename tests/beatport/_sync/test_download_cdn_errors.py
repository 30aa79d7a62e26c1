# GENERATED from tests/beatport/_async/test_download_cdn_errors.py by scripts/unasync.py: edit the async source.
"""What save_download says when the file's host (an S3-style CDN) refuses the file.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.errors import APIError, NotFoundError, PermissionDeniedError
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

TRACK_ID = RECORDED_TRACK_IDS[0]

Handler = Callable[[httpx.Request], httpx.Response]


def make_client(fake: FakeBeatport, cdn: Handler | None = None) -> Beatport:
    """A logged-in client; the URL of each download it asks for has expired at once."""
    cdn_host = httpx.URL(fake.cdn_url).host

    def handle(request: httpx.Request) -> httpx.Response:
        if cdn is not None and request.url.host == cdn_host:
            return cdn(request)
        response = fake.handle(request)
        if request.url.path.endswith("/download/"):
            fake.expire_stream_urls()
        return response

    return Beatport(
        fake.client_id,
        token=fake.issue_token()["access_token"],
        base_url=fake.base_url,
        http_client=httpx.Client(transport=httpx.MockTransport(handle)),
        max_retries=0,
    )


def test_an_expired_file_url_says_what_the_cdn_said(tmp_path: Path) -> None:
    # Regression: "beatport 403 Forbidden", the CDN's <Message> dropped: read as a
    # subscription without downloads, not as a file URL that expired.
    with make_client(FakeBeatport()) as client:
        with pytest.raises(PermissionDeniedError) as caught:
            client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4")
    error = caught.value
    assert "Request has expired or its signature does not match" in str(error)
    assert error.code == "AccessDenied"
    assert error.status_code == 403
    assert list(tmp_path.iterdir()) == []


def test_an_xml_error_with_a_code_only_keeps_the_status_words(tmp_path: Path) -> None:
    body = '<?xml version="1.0"?>\n<Error><Code>NoSuchKey</Code></Error>'
    cdn: Handler = lambda _: httpx.Response(  # noqa: E731
        404, text=body, headers={"Content-Type": "application/xml"}
    )
    with make_client(FakeBeatport(), cdn) as client:
        with pytest.raises(NotFoundError) as caught:
            client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4")
    assert caught.value.code == "NoSuchKey"
    assert "Not Found" in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        "<Error><Message>" + "m" * 5000 + "</Message></Error>",
        "<html><body><Message>not S3</Message></body></html>",
        "<Error><Message>&lt;b&gt; &amp; more</Message></Error>",
    ],
)
def test_xml_error_bodies_are_read_with_care(tmp_path: Path, body: str) -> None:
    cdn: Handler = lambda _: httpx.Response(  # noqa: E731
        410, text=body, headers={"Content-Type": "text/xml"}
    )
    with make_client(FakeBeatport(), cdn) as client:
        with pytest.raises(APIError) as caught:
            client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4")
    text = str(caught.value)
    assert len(text) < 600
    assert "not S3" not in text
    if "&amp;" in body:
        assert "<b> & more" in text
