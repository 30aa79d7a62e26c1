"""``construct_event`` returns the event of exactly the bytes whose signature it checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from beatkit.beatconnect.webhooks import construct_event, sign
from beatkit.errors import WebhookVerificationError

SECRET = "whsec_test"
EVENT: dict[str, Any] = {
    "id": "evt_1",
    "created": 1635962400,
    "type": "user.updated",
    "data": {"user_id": 1, "role": "buyer"},
}


class _Meddling(dict[str, str]):
    """Headers whose reading rewrites the body buffer: a stand-in for another thread
    (or a reused request buffer) changing a ``bytearray`` between the two steps."""

    def __init__(self, body: bytearray, forged: bytes, signature: str) -> None:
        super().__init__({"X-Webhook-Signature": signature})
        self.body = body
        self.forged = forged

    def items(self) -> Iterator[tuple[str, str]]:  # type: ignore[override]
        self.body[:] = self.forged
        return iter(list(super().items()))


def test_a_buffer_changed_after_the_check_is_not_what_gets_parsed() -> None:
    genuine = json.dumps(EVENT).encode()
    forged = json.dumps({**EVENT, "data": {"user_id": 1, "role": "admin"}}).encode()
    body = bytearray(genuine)
    headers = _Meddling(body, forged, sign(genuine, SECRET))
    try:
        event = construct_event(body, headers, SECRET)
    except WebhookVerificationError:
        return  # refusing is fine too; parsing the forged bytes is not
    assert event.data["role"] == "buyer"
    assert event.raw == EVENT


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_every_bytes_like_body_still_verifies_and_parses(kind: type) -> None:
    genuine = json.dumps(EVENT).encode()
    headers = {"X-Webhook-Signature": sign(genuine, SECRET)}
    assert construct_event(kind(genuine), headers, SECRET).raw == EVENT
