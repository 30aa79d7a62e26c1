"""``PushResult.conflicts`` and ``SyncResult.conflicts`` read the answers one way."""

from __future__ import annotations

from beatkit.beattech import BatchResponse, PushResult, SyncResult
from beatkit.beattech.converter import converter


def test_push_and_sync_results_name_the_same_conflicts() -> None:
    answers = converter.structure(
        [
            {"status": 200, "body": {}, "headers": {"x-change": "7"}},
            {"status": 200, "body": {"rating": {"id": "3"}}},
            {"status": 409, "body": {}},
            # Accepted without an X-Change (PHP's empty header map). An X-Change
            # that spells no number is a decode failure (test_batch_change_id_text).
            {"status": 201, "body": {}, "headers": []},
        ],
        list[BatchResponse],
    )
    push = PushResult(results=answers)
    sync = SyncResult(pushed=answers, pulled=[], base_change_id=7)
    assert push.conflicts == sync.conflicts == [answers[1], answers[3]]
    assert PushResult(results=[]).conflicts == []
