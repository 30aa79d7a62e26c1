"""A webhook secret read with its line break (``open(path).read()``, a ``.env`` line
with a trailing space) signs nothing BeatConnect sends. Every delivery then failed
with a plain "does not match", sending the reader to the sender or the body; the
message now says the secret has space at an end, without quoting it.
"""

from __future__ import annotations

import pytest

from beatkit.beatconnect.webhooks import construct_event, sign, verify_signature
from beatkit.errors import WebhookVerificationError

SECRET = "whsec_9f8e7d6c5b4a"
BODY = b'{"id":"evt_1","created":1,"type":"x.y","data":{}}'
HEADERS = {"X-Webhook-Signature": sign(BODY, SECRET)}


@pytest.mark.parametrize(
    "secret",
    [SECRET + "\n", SECRET + "\r\n", " " + SECRET, SECRET + "\t", (SECRET + "\n").encode()],
)
def test_a_secret_with_space_at_an_end_is_named_as_the_likely_cause(secret: str | bytes) -> None:
    for call in (verify_signature, construct_event):
        with pytest.raises(WebhookVerificationError, match="does not match") as info:
            call(BODY, HEADERS, secret)
        message = str(info.value)
        assert "whitespace" in message
        assert SECRET not in message + repr(info.value)
        assert HEADERS["X-Webhook-Signature"] not in message


def test_a_wrong_secret_without_such_space_gets_no_such_hint() -> None:
    with pytest.raises(WebhookVerificationError, match="does not match") as info:
        verify_signature(BODY, HEADERS, "whsec_other")
    assert "whitespace" not in str(info.value)


def test_a_secret_with_space_at_an_end_still_verifies_what_it_signed() -> None:
    secret = SECRET + "\n"
    verify_signature(BODY, {"X-Webhook-Signature": sign(BODY, secret)}, secret)
