# GENERATED from tests/beatport/_async/test_log_redaction.py by scripts/unasync.py: edit the async source.
"""Beatport's signed stream, key and download URLs never reach a log line in full.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

TRACK_ID = RECORDED_TRACK_IDS[0]
# The fake signs media URLs as Beatport does: /{unix time}_{hash}/.
_SIGNED_SEGMENT = re.compile(r"/([0-9]{9,13}_[0-9a-f]{8,})/")


def test_media_urls_are_logged_without_their_signature(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    fake = FakeBeatport()
    with Beatport(
        fake.client_id,
        token=fake.issue_token()["access_token"],
        base_url=fake.base_url,
        http_client=httpx.Client(transport=httpx.MockTransport(fake.handle)),
        requests_per_second=1000.0,
    ) as client:
        client.tracks.save_stream(TRACK_ID, tmp_path / "stream.aac")
        client.tracks.save_download(TRACK_ID, tmp_path / "track.aac", quality="medium")
    signatures = {
        match.group(1)
        for request in fake.cdn_requests
        for match in [_SIGNED_SEGMENT.search(request.url.path)]
        if match is not None
    }
    assert signatures  # the CDN was reached through signed URLs
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("beatkit")]
    assert any("fetching key" in m for m in messages)
    assert any(".key" in m and "REDACTED" in m for m in messages)
    for message in messages:
        for signature in signatures:
            assert signature not in message
