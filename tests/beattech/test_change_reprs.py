"""A pending or pulled change's body is ``repr``'d without its credentials, as a
:class:`~beatkit.beattech.BatchRequest`'s is: ``users.update`` is a syncable write
(``base_change``), and its body may carry the new ``password``."""

from __future__ import annotations

from datetime import UTC, datetime

from beatkit.beattech import Change, ChangeFeed
from beatkit.beattech.sync import PendingChange

AT = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
SECRET = "pw-TOPSECRET-5"


def test_a_pending_change_repr_hides_a_password_in_its_body() -> None:
    pending = PendingChange(
        method="PATCH",
        path="/users/7",
        body={"password": SECRET, "firstname": "Ada"},
        changed_at=AT,
    )
    shown = repr(pending)
    assert SECRET not in shown and SECRET not in str(pending)
    assert "firstname" in shown and "Ada" in shown
    assert pending.body == {"password": SECRET, "firstname": "Ada"}  # the value itself is kept


def test_a_pulled_change_repr_hides_credentials_in_its_body() -> None:
    change = Change(id=3, method="PATCH", body={"user": {"id": "7", "password": SECRET}})
    feed = ChangeFeed(changes=[change], base_change_id=3)
    for shown in (repr(change), str(change), repr(feed)):
        assert SECRET not in shown
        assert "'user'" in shown and "'7'" in shown
    assert change.entity == {"id": "7", "password": SECRET}
