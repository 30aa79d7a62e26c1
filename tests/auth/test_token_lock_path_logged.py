"""The warning that a refresh goes on without the token file's lock is written whatever
the file's name.

A file name that is not UTF-8 (``tok\\xff.json``) reaches Python as a lone surrogate
(``os.fsdecode``, ``sys.argv``, ``os.listdir``): the warning interpolated the lock's
path as it was, so a UTF-8 logging handler failed on it ("--- Logging error ---") and
the record was lost. The path is now written with the surrogate as its escape.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import FileTokenStore, RefreshingAuth
from beatkit.auth._shared_store import ProcessLock, lock_file

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or sys.getfilesystemencoding() != "utf-8",
    reason="POSIX lock file, a UTF-8 file system encoding",
)


class _StrictHandler(logging.StreamHandler[io.TextIOWrapper]):
    def handleError(self, record: logging.LogRecord) -> None:
        pytest.fail(f"the record could not be written: {record.msg}")


@pytest.fixture
def utf8_log() -> Iterator[io.BytesIO]:
    """What a UTF-8 handler on the ``beatkit`` logger writes."""
    raw = io.BytesIO()
    handler = _StrictHandler(io.TextIOWrapper(raw, encoding="utf-8", write_through=True))
    logger = logging.getLogger("beatkit")
    old = logger.level
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield raw
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def test_the_lock_warning_names_a_file_whose_name_is_not_utf8(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path, utf8_log: io.BytesIO
) -> None:
    path = tmp_path / "tok\udcff.json"  # the name b"tok\xff.json", as Python reads it
    FileTokenStore(path).save(server.seed(expires_at=clock.now + timedelta(minutes=30)))
    clock.advance(3600)
    manager = RefreshingAuth(
        "https://auth.example.com/oauth/token",
        "cid",
        store=FileTokenStore(path),
        hosts=["api.example.com"],
        service="svc",
        clock=clock,
    )
    held = ProcessLock(lock_file(path)).acquire(0)  # another process, mid-refresh
    assert held is not None
    try:
        transport = httpx.MockTransport(server.handler)
        with httpx.Client(transport=transport, auth=manager, timeout=0.05) as http:
            assert http.get("https://api.example.com/v1/me").status_code == 200
    finally:
        held.release()
    written = utf8_log.getvalue().decode()
    assert "svc: another process held the token file's lock (" in written
    assert "tok\\udcff.json.lock) for over " in written
    assert "refreshing without it" in written
