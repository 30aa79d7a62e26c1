# GENERATED from tests/beatport/_async/test_download_lengths.py by scripts/unasync.py: edit the async source.
"""save_download with a body that does not match its Content-Length: the error says so.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.errors import APIConnectionError
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

TRACK_ID = RECORDED_TRACK_IDS[0]


@pytest.mark.parametrize(("content", "said"), [(b"abc", "3"), (b"abcdefghijkl", "more than 10")])
def test_a_body_that_lies_about_its_length_is_named_so(
    tmp_path: Path, content: bytes, said: str
) -> None:
    # Regression: the error read "... failed: RemoteProtocolError", no word of the length.
    fake = FakeBeatport()
    cdn_host = httpx.URL(fake.cdn_url).host

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == cdn_host:
            headers = {"Content-Length": "10", "Content-Type": "audio/mp4"}
            return httpx.Response(200, content=content, headers=headers)
        return fake.handle(request)

    http = httpx.Client(transport=httpx.MockTransport(handle))
    token = fake.issue_token()["access_token"]
    with Beatport(
        fake.client_id, token=token, base_url=fake.base_url, http_client=http, max_retries=0
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            client.tracks.save_download(TRACK_ID, tmp_path / "t.mp4")
    text = str(caught.value)
    assert "RemoteProtocolError" in text
    assert "Content-Length (10 bytes)" in text
    assert f"got {said}" in text
    assert list(tmp_path.iterdir()) == []
