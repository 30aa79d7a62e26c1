"""Header names match in ASCII case only, as HTTP field names (ASCII tokens) do.

``str.lower()`` also folds the Kelvin sign (U+212A) to ``k``, so a header named
``X-Webhoo\u212a-Signature`` (not a name HTTP can carry) was read as the signature header.
"""

from __future__ import annotations

import pytest

from beatkit.beatconnect.webhooks import sign, verify_signature
from beatkit.errors import WebhookVerificationError

SECRET = "whsec_names"
BODY = b'{"id":"evt_1","created":1,"type":"x.y","data":{}}'


@pytest.mark.parametrize("name", ["X-Webhoo\u212a-Signature", "X-WEBHOO\u212a-SIGNATURE"])
def test_a_name_that_folds_to_the_header_only_outside_ascii_is_not_it(name: str) -> None:
    with pytest.raises(WebhookVerificationError, match="no signature"):
        verify_signature(BODY, {name: sign(BODY, SECRET)}, SECRET)


def test_a_second_such_name_does_not_join_the_signatures_checked() -> None:
    good = sign(BODY, SECRET)
    verify_signature(
        BODY, {"X-Webhook-Signature": good, "X-Webhoo\u212a-Signature": "0" * 64}, SECRET
    )
