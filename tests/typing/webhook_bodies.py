"""The raw bodies the webhook functions take, for ``mypy --strict``: ``bytes``, and the
``bytearray`` and ``memoryview`` they accept at run time (a server that hands the body
over as a buffer). Secrets as ``bytearray`` too. Never run.
"""

from __future__ import annotations

from beatkit.beatconnect.webhooks import construct_event, parse_event, sign, verify_signature


def buffers(body: bytes, grown: bytearray, view: memoryview, headers: dict[str, str]) -> None:
    sign(grown, "secret")
    sign(view, bytearray(b"secret"))
    verify_signature(grown, headers, "secret")
    verify_signature(view, headers, b"secret")
    construct_event(grown, headers, bytearray(b"secret"))
    construct_event(view, headers, "secret")
    parse_event(grown)
    parse_event(view)
    parse_event(body)


def refused(text: str) -> None:
    sign(text, "secret")  # type: ignore[arg-type]
    verify_signature(text, {}, "secret")  # type: ignore[arg-type]
