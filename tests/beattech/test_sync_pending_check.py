"""``bt.sync.push`` and ``run`` refuse the same ``pending`` values, with one check
(:func:`beatkit.beattech.sync.pending_changes`): a dict would push its keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

import beatkit.beattech.sync as sync_module
from beatkit.beattech import PendingChange
from beatkit.testing import FakeBeatTech
from tests.beattech.test_sync_interrupted import async_client, sync_client

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
OFFLINE = NOW - timedelta(hours=3)


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW.timestamp())


BAD_PENDING: list[Any] = ["PATCH /tracks/8", b"x", {}, 5, None]


@pytest.mark.parametrize("pending", BAD_PENDING, ids=["str", "bytes", "dict", "int", "none"])
def test_push_and_run_refuse_the_same_pending_values(fake: FakeBeatTech, pending: Any) -> None:
    with httpx.Client(transport=fake.transport()) as http:
        bt = sync_client(fake, http)
        before = len(fake.requests)
        with pytest.raises(TypeError, match="pending must be a sequence of PendingChange"):
            bt.sync.push(pending, base_change_id=0)
        with pytest.raises(TypeError, match="pending must be a sequence of PendingChange"):
            bt.sync.run(pending, base_change_id=0)
        assert len(fake.requests) == before  # nothing sent, not even the pull


async def test_async_run_refuses_a_mapping_of_edits(fake: FakeBeatTech) -> None:
    # A dict keyed by edits would push its keys: refused, as push refuses it.
    edit = PendingChange.delete_bookmark("5", changed_at=OFFLINE)  # no body: hashable
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        bt = await async_client(fake, http)
        before = len(fake.requests)
        with pytest.raises(TypeError, match="pending must be a sequence of PendingChange"):
            await bt.sync.run({edit: "saved"}, base_change_id=0)
        with pytest.raises(TypeError, match="pending must be a sequence of PendingChange"):
            await bt.sync.push({edit: "saved"}, base_change_id=0)
        assert len(fake.requests) == before
    assert fake.changes == []


def test_pending_changes_is_the_one_check() -> None:
    edit = PendingChange.delete_bookmark("5", changed_at=OFFLINE)
    assert sync_module.pending_changes((edit, edit)) == [edit, edit]
    assert sync_module.pending_changes(iter([edit])) == [edit]
    with pytest.raises(TypeError, match="pending must be a sequence"):
        sync_module.pending_changes({edit: 1})
    with pytest.raises(TypeError, match=r"pending\[1\] must be a PendingChange"):
        sync_module.pending_changes([edit, "x"])
