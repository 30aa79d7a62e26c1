"""``FakeBeatConnect.webhook()`` refuses what would build a delivery no test wants.

``header="Content-Type"`` replaced the JSON content type by the signature, any other
name put the signature where beatkit (and BeatConnect) never look, a non-text event type
was written as a number, and ``data`` of the wrong kind failed deep inside ``dict()``
("cannot convert dictionary update sequence element #0 to a sequence").
"""

from __future__ import annotations

from typing import Any

import pytest

from beatkit.beatconnect.webhooks import SIGNATURE_HEADERS, construct_event
from beatkit.testing import FakeBeatConnect

SECRET = "whsec_fake"


@pytest.mark.parametrize("header", ["Content-Type", "content-type", "X-Signature", ""])
def test_a_header_beatconnect_does_not_sign_in_is_refused(header: str) -> None:
    with pytest.raises(ValueError, match="header") as info:
        FakeBeatConnect().webhook("user.updated", {"user_id": 1}, SECRET, header=header)
    for name in SIGNATURE_HEADERS:
        assert name in str(info.value)


@pytest.mark.parametrize(
    "header", [*SIGNATURE_HEADERS, "x-webhook-signature", "BEATCONNECT-SIGNATURE"]
)
def test_the_signature_headers_in_any_case_are_taken(header: str) -> None:
    body, headers = FakeBeatConnect().webhook("user.updated", {"user_id": 1}, SECRET, header=header)
    assert headers["Content-Type"] == "application/json"
    assert header in headers
    assert construct_event(body, headers, SECRET).type == "user.updated"


@pytest.mark.parametrize("event_type", [5, None, b"beat.created"])
def test_an_event_type_that_is_not_text_is_a_type_error(event_type: Any) -> None:
    with pytest.raises(TypeError, match="event_type"):
        FakeBeatConnect().webhook(event_type, {"beat_id": 1}, SECRET)


@pytest.mark.parametrize("data", [[1], [("beat_id", 1)], "beat_id", None, 5])
def test_data_that_is_not_a_mapping_is_a_type_error(data: Any) -> None:
    with pytest.raises(TypeError, match="data"):
        FakeBeatConnect().webhook("beat.created", data, SECRET)


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize("where", ["data", "created"])
def test_a_float_that_is_not_finite_is_a_value_error(number: float, where: str) -> None:
    # Written as NaN or Infinity, which is not JSON: the delivery built was refused by
    # construct_event() as "not valid JSON", a failure the test blamed on the app under
    # test. A Decimal NaN was already refused so.
    data: dict[str, Any] = {"beat_id": 1, "price": number} if where == "data" else {"beat_id": 1}
    created: Any = number if where == "created" else None
    with pytest.raises(ValueError, match="JSON"):
        FakeBeatConnect().webhook("beat.created", data, SECRET, created=created)
