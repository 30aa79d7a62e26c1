"""FakeBeatTech's catalog with raw httpx: what the client tests do not reach."""

from __future__ import annotations

from beatkit.beattech.wire import RANGE_UNITS
from beatkit.testing.beattech import UNITS


def test_the_fake_pages_in_the_clients_own_unit_table() -> None:
    # One table: a unit fixed for the client is fixed for the fake.
    assert UNITS is RANGE_UNITS
    assert UNITS["events.list"] == "items"
