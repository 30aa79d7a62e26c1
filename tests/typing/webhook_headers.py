"""What ``verify_signature``/``construct_event`` take as ``headers``, for ``mypy --strict``.

``beatkit.beatconnect.WebhookHeaders`` is the protocol: any object with ``items()`` of
``(name, value)`` pairs, ``str`` or ``bytes``. Each framework's header object fits it
without a cast; a list of pairs does not. Never run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import httpx

from beatkit.beatconnect import WebhookHeaders
from beatkit.beatconnect.webhooks import construct_event, verify_signature


class WerkzeugLikeHeaders:
    """Flask's ``request.headers`` (werkzeug ``Headers``): no Mapping, ``items()`` with a flag."""

    def items(self, lower: bool = False) -> Iterator[tuple[str, str]]:
        yield ("X-Webhook-Signature", "0" * 64)


def framework_headers(
    body: bytes,
    plain: dict[str, str],
    raw_asgi: dict[bytes, bytes],
    mapping: Mapping[str, str],
    client: httpx.Headers,
    flask: WerkzeugLikeHeaders,
) -> None:
    verify_signature(body, plain, "secret")
    verify_signature(body, raw_asgi, "secret")
    verify_signature(body, mapping, "secret")
    verify_signature(body, client, "secret")
    verify_signature(body, flask, "secret")
    construct_event(body, raw_asgi, "secret")
    construct_event(body, flask, "secret")
    headers: WebhookHeaders = client
    verify_signature(body, headers, "secret")


def refused(body: bytes, pairs: list[tuple[str, str]]) -> None:
    verify_signature(body, pairs, "secret")  # type: ignore[arg-type]
    verify_signature(body, "X-Webhook-Signature: abc", "secret")  # type: ignore[arg-type]
