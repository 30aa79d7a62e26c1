"""``PendingChange.changed_at``: the errors of a value that is not an aware datetime."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from beatkit.beattech import PendingChange


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-04-01T09:30:15Z", "changed_at must be a datetime, got str"),
        (1_775_035_815, "changed_at must be a datetime, got int"),
        (None, "changed_at must be a datetime, got NoneType"),
        (
            datetime(2026, 4, 1, 9, 30),
            "changed_at must be timezone-aware (e.g. datetime.now(UTC)), not naive",
        ),
    ],
)
def test_changed_at_refuses_all_but_an_aware_datetime(value: object, message: str) -> None:
    with pytest.raises(TypeError) as caught:
        PendingChange(method="POST", path="/ratings", changed_at=value)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_changed_at_is_kept_as_given() -> None:
    at = datetime(2026, 4, 1, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    change = PendingChange(method="POST", path="/ratings", changed_at=at)
    assert change.changed_at is at
    assert change.changed_at == datetime(2026, 4, 1, 9, 30, tzinfo=UTC)
