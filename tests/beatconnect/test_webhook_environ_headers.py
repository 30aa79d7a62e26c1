"""Django's ``request.META`` (a WSGI environ) is no header mapping: the error says so.

Its keys are ``HTTP_X_WEBHOOK_SIGNATURE`` and the like, so a Django view that passed it
(``request.META['HTTP_...']`` is the old Django idiom) was told "the webhook has no
signature" for a delivery that carried one, sending the reader to look at the sender.
"""

from __future__ import annotations

import pytest

from beatkit.beatconnect.webhooks import construct_event, sign, verify_signature
from beatkit.errors import WebhookVerificationError

SECRET = "whsec_environ"
BODY = b'{"id":"evt_1","created":1,"type":"x.y","data":{}}'


@pytest.mark.parametrize("key", ["HTTP_X_WEBHOOK_SIGNATURE", "HTTP_BEATCONNECT_SIGNATURE"])
def test_an_environ_names_request_headers_instead(key: str) -> None:
    environ = {"REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/json"}
    environ[key] = sign(BODY, SECRET)
    for call in (verify_signature, construct_event):
        with pytest.raises(WebhookVerificationError, match="no signature") as info:
            call(BODY, environ, SECRET)
        message = str(info.value)
        assert key in message
        assert "request.headers" in message
        assert environ[key] not in message and SECRET not in message


def test_headers_without_an_environ_key_get_no_such_hint() -> None:
    with pytest.raises(WebhookVerificationError, match="no signature") as info:
        verify_signature(BODY, {"Content-Type": "application/json"}, SECRET)
    assert "request.headers" not in str(info.value)
