"""A signature header sent twice reaches the verifier as two lines or as one joined line.

HTTP lets a recipient join repeated field lines with a comma (RFC 9110, 5.3), and WSGI
servers do so: werkzeug's ``EnvironHeaders`` and Django's ``request.headers`` show
``X-Webhook-Signature: <sig>, <sig>`` where werkzeug's ``Headers`` or Starlette show two
lines. Both spellings are the same request, so they verify alike: every signature in
the list must match, and a joined line was reported as "malformed" before.
"""

from __future__ import annotations

import pytest

from beatkit.beatconnect.webhooks import construct_event, sign, verify_signature
from beatkit.errors import WebhookVerificationError

SECRET = "whsec_joined"
BODY = b'{"id":"evt_1","created":1,"type":"x.y","data":{}}'
GOOD = sign(BODY, SECRET)
BAD = sign(BODY, "another-secret")


class TwoLines:
    """Shaped like werkzeug's ``Headers``: one pair per field line."""

    def __init__(self, *pairs: tuple[str, str]) -> None:
        self.pairs = pairs

    def items(self) -> list[tuple[str, str]]:
        return list(self.pairs)


@pytest.mark.parametrize(
    "value", [f"{GOOD}, {GOOD}", f"{GOOD},{GOOD}", f"sha256={GOOD} ,\t{GOOD.upper()}", f"{GOOD},"]
)
def test_a_joined_line_of_good_signatures_verifies(value: str) -> None:
    verify_signature(BODY, {"X-Webhook-Signature": value}, SECRET)
    assert construct_event(BODY, {"x-webhook-signature": value}, SECRET).id == "evt_1"


def test_joined_and_separate_lines_agree() -> None:
    for values in ((GOOD, GOOD), (GOOD, BAD), (BAD, GOOD)):
        lines = TwoLines(*(("X-Webhook-Signature", v) for v in values))
        joined = {"X-Webhook-Signature": ", ".join(values)}
        outcomes = []
        for headers in (lines, joined):
            try:
                verify_signature(BODY, headers, SECRET)
                outcomes.append("ok")
            except WebhookVerificationError as exc:
                outcomes.append(str(exc))
        assert outcomes[0] == outcomes[1], values


@pytest.mark.parametrize("value", [f"{GOOD}, {BAD}", f"{BAD}, {GOOD}"])
def test_every_signature_of_a_joined_line_must_match(value: str) -> None:
    with pytest.raises(WebhookVerificationError, match="does not match") as info:
        verify_signature(BODY, {"X-Webhook-Signature": value}, SECRET)
    assert GOOD not in str(info.value) and SECRET not in str(info.value)


@pytest.mark.parametrize("value", [f"{GOOD}, nonsense", f"{GOOD}, {GOOD[:-1]}", f"{GOOD} {GOOD}"])
def test_a_malformed_member_of_a_joined_line_is_reported_as_malformed(value: str) -> None:
    with pytest.raises(WebhookVerificationError, match="malformed"):
        verify_signature(BODY, {"X-Webhook-Signature": value}, SECRET)


@pytest.mark.parametrize("value", [",", " , ,\t"])
def test_a_line_of_empty_members_is_empty(value: str) -> None:
    with pytest.raises(WebhookVerificationError, match="is empty"):
        verify_signature(BODY, {"X-Webhook-Signature": value}, SECRET)
