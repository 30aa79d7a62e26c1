"""``construct_event(..., tolerance=)``: a delivery whose signed ``created`` is older than
the tolerance is refused as a replay, opt-in.

BeatConnect signs the body only, so a captured ``beat.purchased`` verifies for ever: an
endpoint that grants a licence per delivery could be fed the same purchase again
months later. The body's ``created`` is covered by the signature, so an age bound on it
is sound; it is off by default (the vendor documents no redelivery schedule, and a late
genuine redelivery would be refused too).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from beatkit.beatconnect.webhooks import BeatPurchased, construct_event
from beatkit.errors import WebhookVerificationError
from beatkit.testing import FakeBeatConnect

SECRET = "whsec_tolerance"
NOW = 1_700_000_000.0
DATA = {
    "beat_id": 1234, "title": "Summer Vibes", "producer_id": 5678,
    "producer_name": "DJ Maphorisa", "license_type": "Premium", "amount": 49.99,
    "currency": "USD", "purchaser_id": 9012,
}  # fmt: skip


def clock() -> float:
    return NOW


def delivery(created: float | int) -> tuple[bytes, dict[str, str]]:
    return FakeBeatConnect(clock=clock).webhook("beat.purchased", DATA, SECRET, created=created)  # type: ignore[arg-type]


def test_without_a_tolerance_an_old_delivery_still_verifies() -> None:
    body, headers = delivery(int(NOW) - 365 * 86400)
    event = construct_event(body, headers, SECRET)
    assert isinstance(event.payload, BeatPurchased)


@pytest.mark.parametrize("tolerance", [300, 300.0, timedelta(minutes=5)])
def test_a_delivery_within_the_tolerance_verifies(tolerance: Any) -> None:
    for created in (int(NOW), int(NOW) - 300, int(NOW) + 3600):
        body, headers = delivery(created)
        event = construct_event(body, headers, SECRET, tolerance=tolerance, clock=clock)
        assert event.created == datetime.fromtimestamp(created, UTC)


@pytest.mark.parametrize("tolerance", [300, timedelta(minutes=5)])
def test_a_delivery_older_than_the_tolerance_is_refused(tolerance: Any) -> None:
    body, headers = delivery(int(NOW) - 301)
    with pytest.raises(WebhookVerificationError) as info:
        construct_event(body, headers, SECRET, tolerance=tolerance, clock=clock)
    message = str(info.value)
    assert "301 seconds ago" in message and "300 seconds" in message
    assert "evt_" in message  # the event id, to find it in logs
    assert SECRET not in message


def test_the_signature_is_checked_before_the_age() -> None:
    # A forged body says nothing true about its age: the signature failure is reported.
    body, headers = delivery(int(NOW) - 3600)
    headers["X-Webhook-Signature"] = "0" * 64
    with pytest.raises(WebhookVerificationError, match="does not match"):
        construct_event(body, headers, SECRET, tolerance=300, clock=clock)


def test_the_real_clock_is_the_default() -> None:
    body, headers = delivery(1)  # 1970
    with pytest.raises(WebhookVerificationError, match="seconds ago"):
        construct_event(body, headers, SECRET, tolerance=300)


@pytest.mark.parametrize(
    ("tolerance", "error"),
    [
        (0, ValueError),
        (-5, ValueError),
        (timedelta(0), ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (True, TypeError),
        ("300", TypeError),
    ],
)
def test_a_bad_tolerance_is_refused_before_anything_else(tolerance: Any, error: type) -> None:
    body, headers = delivery(int(NOW))
    with pytest.raises(error, match="tolerance"):
        construct_event(body, headers, SECRET, tolerance=tolerance, clock=clock)


def test_a_bad_clock_is_refused() -> None:
    body, headers = delivery(int(NOW))
    bad: Callable[[], Any] = lambda: "now"  # noqa: E731
    with pytest.raises(TypeError, match="clock"):
        construct_event(body, headers, SECRET, tolerance=300, clock=bad)


def test_an_age_just_past_the_tolerance_does_not_read_as_within_it() -> None:
    # 300.4 seconds was shown rounded, "created 300 seconds ago, more than the tolerance
    # of 300 seconds".
    body, headers = delivery(int(NOW) - 300)
    with pytest.raises(WebhookVerificationError) as info:
        construct_event(body, headers, SECRET, tolerance=300, clock=lambda: NOW + 0.4)
    assert "created 301 seconds ago" in str(info.value)


def test_a_long_tolerance_is_shown_in_plain_seconds() -> None:
    # A tolerance of 30 days read "the tolerance of 2.592e+06 seconds".
    body, headers = delivery(int(NOW) - 31 * 86400)
    with pytest.raises(WebhookVerificationError) as info:
        construct_event(body, headers, SECRET, tolerance=timedelta(days=30), clock=clock)
    assert "the tolerance of 2592000 seconds" in str(info.value)
