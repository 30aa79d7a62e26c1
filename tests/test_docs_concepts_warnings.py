"""docs/concepts.md's Logging section names every WARNING beatkit logs.

It said ``beatkit.auth`` warns of a refused grant or a refreshed token that could not be
saved, and that "nothing else is logged at WARNING or above"; a refresh that goes on
without the token file's lock (another process held it past the refresh's timeout) is
logged at WARNING on ``beatkit.auth`` too (docs/auth.md says so). The page names it now;
this test makes the warning through the public API and checks the page lists it.
"""

from __future__ import annotations

import fcntl
import logging
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from beatkit.auth import FileTokenStore, RefreshingAuth, Token

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX lock file (flock)")

CONCEPTS = (Path(__file__).resolve().parent.parent / "docs" / "concepts.md").read_text()
LOGGING = re.search(r"^## Logging\n(.*?)(?=^## )", CONCEPTS, re.M | re.S)


@pytest.fixture
def warnings_logged() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.WARNING)
    logger = logging.getLogger("beatkit")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def token_endpoint(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/oauth/token":
        answer = {"access_token": "new", "refresh_token": "r2", "expires_in": 3600}
        return httpx.Response(200, json=answer)
    return httpx.Response(200, json={"ok": True})


def test_a_refresh_without_the_token_files_lock_is_the_warning_the_page_names(
    tmp_path: Path, warnings_logged: list[logging.LogRecord]
) -> None:
    path = tmp_path / "token.json"
    stale = datetime.now(UTC) - timedelta(hours=1)
    # With obtained_at, as a token from a token answer has: only such a token's refresh
    # takes the token file's lock (docs/auth.md).
    old = Token(
        access_token="old",
        refresh_token="r1",
        expires_at=stale,
        obtained_at=stale - timedelta(hours=1),
    )
    FileTokenStore(path).save(old)
    manager = RefreshingAuth(
        "https://auth.example.com/oauth/token",
        "cid",
        store=FileTokenStore(path),
        hosts=["api.example.com"],
        service="svc",
    )
    # Another process in the middle of its refresh: flock on a description of our own.
    with (tmp_path / "token.json.lock").open("w") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        transport = httpx.MockTransport(token_endpoint)
        with httpx.Client(transport=transport, auth=manager, timeout=0.05) as http:
            assert http.get("https://api.example.com/v1/me").status_code == 200
    saved = FileTokenStore(path).load()
    assert saved is not None and saved.access_token == "new"
    (record,) = warnings_logged
    assert (record.name, record.levelno) == ("beatkit.auth", logging.WARNING)
    assert "another process held the token file's lock" in record.getMessage()
    assert LOGGING is not None
    text = " ".join(LOGGING.group(1).split())
    assert "without the token file's lock" in text
    assert "Nothing else is logged at WARNING or above." in text
