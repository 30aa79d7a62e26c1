# GENERATED from tests/hls/_async/test_redaction.py by scripts/unasync.py: edit the async source.
"""Signed segment and key URIs never appear in full in the downloader's errors or logs.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from beatkit.hls import KeyFetchError, SegmentError
from beatkit.hls._sync.download import HLSDownloader

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer

SIGNATURE = "5f3c9a0b1c2d3e4f5a6b7c8d"
SIGNED = f"/1769684486_{SIGNATURE}/db/25"


def texts(error: BaseException) -> list[str]:
    found = [str(error), repr(error)]
    for name in ("url", "uri"):
        value = getattr(error, name, None)
        if isinstance(value, str):
            found.append(value)
    return found


def test_a_failing_key_is_reported_without_its_signature(
    server: FakeServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Regression: KeyFetchError said "key https://.../{timestamp}_{hash}/.../k0.key ..." in full.
    caplog.set_level(logging.DEBUG, logger="beatkit")
    server.add_stream(SIGNED, [os.urandom(100)])
    server.fail_always[f"{SIGNED}/k0.key"] = 403
    with pytest.raises(KeyFetchError) as caught:
        HLSDownloader(retry_backoff=0).download(
            server.url(f"{SIGNED}/p.m3u8"), tmp_path / "out.aac"
        )
    assert caught.value.status_code == 403
    assert "/REDACTED/db/25/REDACTED.key" in str(caught.value)
    seen = texts(caught.value) + [r.getMessage() for r in caplog.records]
    if caught.value.__cause__ is not None:
        seen += texts(caught.value.__cause__)
    for text in seen:
        assert SIGNATURE not in text


def test_a_failing_segment_is_reported_without_its_signature(
    server: FakeServer, tmp_path: Path
) -> None:
    server.add_stream(SIGNED, [os.urandom(100), os.urandom(100)])
    server.fail_always[f"{SIGNED}/s1.aac"] = 404
    with pytest.raises(SegmentError) as caught:
        HLSDownloader(retry_backoff=0).download(
            server.url(f"{SIGNED}/p.m3u8"), tmp_path / "out.aac"
        )
    assert caught.value.index == 1
    assert "segment 1" in str(caught.value)
    seen = texts(caught.value)
    if caught.value.__cause__ is not None:
        seen += texts(caught.value.__cause__)
    for text in seen:
        assert SIGNATURE not in text
