# GENERATED from tests/beattech/_async/test_audit_exact_sync_on_app_token.py by scripts/unasync.py: edit the async source.
"""``bt.app.sync`` refuses before sending: the Changes API takes the user's own token only.

The page (L5802): "the change-sync flow is rejected for visitor tokens or tokens
belonging to a different user". ``bt.app`` signs every bearer call with the app token,
so its ``sync`` could only be refused. Worse, a push is a batch, which any token may
send: the server refuses each subrequest as an entry (403), not the call, and an app
following the documented ``on_pushed`` recipe (drop what the server answered below
500) would drop the user's offline edits unsynced.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beattech import BeatTech, PendingChange
from beatkit.errors import ConfigurationError
from tests.beattech._mocked import api

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def pending() -> list[PendingChange]:
    return [PendingChange.favourite("track", "8", True, changed_at=WHEN)]


def test_push_on_the_app_token_is_refused_before_sending(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(ConfigurationError, match=r"bt\.app\.sync"):
        bt.app.sync.push(pending(), base_change_id=1)
    assert api(httpx_mock) == []


def test_run_on_the_app_token_is_refused_before_sending(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(ConfigurationError, match=r"bt\.app\.sync"):
        bt.app.sync.run(pending(), base_change_id=1)
    with pytest.raises(ConfigurationError, match=r"bt\.app\.sync"):
        bt.app.sync.run(pending())
    assert api(httpx_mock) == []


def test_pull_and_latest_change_id_on_the_app_token_are_refused(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(ConfigurationError, match=r"bt\.app\.sync"):
        bt.app.sync.pull(1)
    with pytest.raises(ConfigurationError, match=r"bt\.app\.sync"):
        bt.app.sync.latest_change_id()
    assert api(httpx_mock) == []


def test_an_empty_push_on_the_app_token_is_refused_too(bt: BeatTech) -> None:
    # Nothing to send, but the call is a mistake all the same: said at once.
    with pytest.raises(ConfigurationError, match=r"bt\.app\.sync"):
        bt.app.sync.push([], base_change_id=1)
