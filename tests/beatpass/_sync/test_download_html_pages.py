# GENERATED from tests/beatpass/_async/test_download_html_pages.py by scripts/unasync.py: edit the async source.
"""BeatPass saves (a track, a license PDF) answered 200 with an HTML page: no file.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import ResponseDecodeError
from beatkit.beatpass import BeatPass

PAGE = "<!DOCTYPE html><html><body>Please log in to continue</body></html>"

SAVES: list[tuple[str, Callable[[BeatPass, Any], Any]]] = [
    ("licenses.download_pdf", lambda bp, dest: bp.licenses.download_pdf(1, dest)),
    ("tracks.download", lambda bp, dest: bp.tracks.download(1, dest)),
]


@pytest.mark.parametrize(("name", "call"), SAVES, ids=[n for n, _ in SAVES])
def test_an_html_page_answered_200_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, call: Any
) -> None:
    # Regression: a captive portal's login page was saved as the track (or the PDF).
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)

    def answer(_: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=PAGE, headers={"Content-Type": "text/html"})

    dest = tmp_path / "file.bin"
    dest.write_bytes(b"old")
    http = httpx.Client(transport=httpx.MockTransport(answer))
    with BeatPass("tok", http_client=http, max_retries=0) as bp:
        with pytest.raises(ResponseDecodeError, match="got an HTML page") as info:
            call(bp, dest)
    assert info.value.status_code == 200
    assert info.value.body == PAGE
    assert name in str(info.value)
    assert dest.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.bin"]
