"""A ``clock`` of ``construct_event`` that gives an int past any float is a clear TypeError.

``clock=lambda: 10**400`` raised a bare ``OverflowError`` ("int too large to convert to
float") out of the finiteness check, where a float infinity got beatkit's ``TypeError``.
"""

from __future__ import annotations

import pytest

from beatkit.beatconnect.webhooks import construct_event
from beatkit.testing.beatconnect import FakeBeatConnect

SECRET = "whsec_test"


@pytest.mark.parametrize("now", [10**400, -(10**400), float("inf")], ids=["big", "-big", "inf"])
def test_a_clock_past_any_float_is_a_type_error(now: float) -> None:
    body, headers = FakeBeatConnect().webhook("beat.created", {"beat_id": 1}, SECRET)
    with pytest.raises(TypeError, match=r"clock\(\) must return finite epoch seconds"):
        construct_event(body, headers, SECRET, tolerance=300, clock=lambda: now)


def test_a_large_int_clock_a_float_holds_still_works() -> None:
    body, headers = FakeBeatConnect(clock=lambda: 1_700_000_000).webhook(
        "beat.created", {"beat_id": 1}, SECRET
    )
    event = construct_event(body, headers, SECRET, tolerance=300, clock=lambda: 1_700_000_100)
    assert event.payload is not None
