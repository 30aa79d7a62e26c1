"""``FakeBeatConnect.webhook()`` writes the event it is told to, odd values included."""

from __future__ import annotations

import json

from beatkit.beatconnect.webhooks import construct_event
from beatkit.testing import FakeBeatConnect


def test_an_empty_event_id_is_sent_as_given_not_replaced() -> None:
    # A test of how an endpoint treats an empty id (its deduplication key) needs one:
    # `event_id or <generated>` swapped it for a fresh evt_ id without a word.
    body, headers = FakeBeatConnect().webhook("user.updated", {"user_id": 1}, "s", event_id="")
    assert json.loads(body)["id"] == ""
    assert construct_event(body, headers, "s").id == ""


def test_created_zero_is_sent_as_given() -> None:
    body, _ = FakeBeatConnect(clock=lambda: 1_700_000_000.0).webhook(
        "user.updated", {"user_id": 1}, "s", created=0
    )
    assert json.loads(body)["created"] == 0
