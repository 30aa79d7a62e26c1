"""``beatkit.beatconnect.WebhookHeaders``: the public type of a webhook's ``headers``.

Any object whose ``items()`` gives ``(name, value)`` pairs fits: a ``dict`` (of ``str``,
or of ``bytes`` as ASGI gives them), ``httpx.Headers``, a framework's header object.
``tests/typing/webhook_headers.py`` checks the same under ``mypy --strict``.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Protocol

import httpx
import pytest

import beatkit.beatconnect
from beatkit.beatconnect import WebhookHeaders, webhooks
from beatkit.beatconnect.webhooks import construct_event, sign, verify_signature
from beatkit.errors import WebhookVerificationError

SECRET = "whsec_headers"
BODY = b'{"id": "evt_1", "created": 1, "type": "x.y", "data": {}}'


class ItemsOnly:
    """Shaped like werkzeug's ``Headers``: ``items()``, but no ``Mapping``."""

    def __init__(self, *pairs: tuple[str, str]) -> None:
        self.pairs = pairs

    def items(self, lower: bool = False) -> Iterator[tuple[str, str]]:
        return iter(self.pairs)


def test_it_is_a_public_protocol_of_beatconnect() -> None:
    assert issubclass(WebhookHeaders, Protocol)  # type: ignore[arg-type]
    assert "WebhookHeaders" in beatkit.beatconnect.__all__
    assert "WebhookHeaders" in webhooks.__all__
    assert webhooks.WebhookHeaders is WebhookHeaders


@pytest.mark.parametrize("func", [verify_signature, construct_event])
def test_the_functions_take_it(func: object) -> None:
    assert callable(func)
    hints = inspect.get_annotations(func, eval_str=True)
    assert hints["headers"] is WebhookHeaders


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Webhook-Signature": sign(BODY, SECRET)},
        {b"x-webhook-signature": sign(BODY, SECRET).encode()},
        httpx.Headers({"x-webhook-signature": sign(BODY, SECRET)}),
        ItemsOnly(("X-Webhook-Signature", sign(BODY, SECRET))),
    ],
    ids=["dict", "dict-of-bytes", "httpx.Headers", "items-only"],
)
def test_headers_that_fit_verify(headers: WebhookHeaders) -> None:
    assert isinstance(headers, WebhookHeaders)
    verify_signature(BODY, headers, SECRET)
    assert construct_event(BODY, headers, SECRET).id == "evt_1"


def test_a_wrong_signature_in_httpx_headers_is_refused() -> None:
    headers = httpx.Headers({"BeatConnect-Signature": "0" * 64})
    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify_signature(BODY, headers, SECRET)


@pytest.mark.parametrize("headers", [[("X-Webhook-Signature", "0" * 64)], "text", None])
def test_what_does_not_fit_is_a_type_error(headers: object) -> None:
    assert not isinstance(headers, WebhookHeaders)
    with pytest.raises(TypeError, match="headers must be"):
        verify_signature(BODY, headers, SECRET)  # type: ignore[arg-type]
