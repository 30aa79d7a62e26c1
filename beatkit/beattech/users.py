"""What ``bt.users``, ``bt.passwords`` and a user's lists check before sending, and the
limits they check against.

Plain code, shared by the sync and async resources (``_async/`` is copied into
``_sync/``; this is not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from beatkit._core.validate import check_int, check_text
from beatkit.beattech.context import text_list
from beatkit.beattech.models import CredentialType

__all__ = [
    "COUPON_TYPES",
    "INTENTS",
    "MAX_METADATA_KEYS",
    "MAX_METADATA_KEY_LENGTH",
    "MAX_METADATA_VALUE_LENGTH",
    "PROFILE_TYPES",
    "answer_message",
    "credential_type",
    "metadata",
    "metadata_key",
    "one_identifier",
    "release_types",
]

MAX_METADATA_KEYS: Final = 50
"""Entries a user's metadata bag may hold after a merge (the server answers 409 past it)."""
MAX_METADATA_KEY_LENGTH: Final = 40
"""Characters a metadata key may have."""
MAX_METADATA_VALUE_LENGTH: Final = 500
"""Characters a metadata value may have."""

INTENTS: Final = ("webshop", "subscription")
"""Why a user signs up (``users.create(intent=...)``)."""
PROFILE_TYPES: Final = ("standard", "child")
"""The kinds of profile (``profile_type``)."""
COUPON_TYPES: Final = ("giftcard",)
"""The coupon types a user's coupon list filters on."""

# A release type or its shorthand: audio (album,single), video (video-album,video-single).
_RELEASE_TYPE = re.compile(r"[a-z][a-z0-9_-]*")


def credential_type(value: Any) -> int:
    """A :class:`~beatkit.beattech.models.CredentialType` value (5 to 10).

    Raises:
        TypeError: Not an int.
        ValueError: Negative, or not a credential type.
    """
    number = int(check_int("type", value, minimum=0))
    if number not in {member.value for member in CredentialType}:
        raise ValueError(f"type must be a CredentialType (5 to 10), not {number}")
    return number


def metadata_key(key: Any) -> str:
    """A metadata key: text of at most :data:`MAX_METADATA_KEY_LENGTH` characters.

    Raises:
        TypeError: Not text.
        ValueError: Blank or too long.
    """
    text = check_text("key", key)
    if len(text) > MAX_METADATA_KEY_LENGTH:
        raise ValueError(f"metadata keys have at most {MAX_METADATA_KEY_LENGTH} characters")
    return text


def metadata(values: Any) -> dict[str, str]:
    """The entries of a metadata upsert, checked against the server's limits.

    Raises:
        TypeError: Not a mapping of text to text.
        ValueError: Empty, too many entries, or a key or value too long.
    """
    if not isinstance(values, Mapping):
        raise TypeError("values must be a mapping of str keys to str values")
    if not values:
        raise ValueError("values must hold at least one entry")
    if len(values) > MAX_METADATA_KEYS:
        raise ValueError(f"a user's metadata holds at most {MAX_METADATA_KEYS} entries")
    checked: dict[str, str] = {}
    for key, value in values.items():
        name = metadata_key(key)
        text = check_text(f"values[{name!r}]", value, allow_blank=True)
        if len(text) > MAX_METADATA_VALUE_LENGTH:
            raise ValueError(
                f"values[{name!r}] has more than {MAX_METADATA_VALUE_LENGTH} characters"
            )
        checked[name] = text
    return checked


def answer_message(body: Any) -> Any:
    """The ``message`` of a ``{"message": ...}`` answer (``None`` when it has none), for
    the client's converter to read as ``str | None``.

    PHP's empty map (``[]``, how ``json_encode`` writes ``{}``) is an answer without a
    message, as :func:`~beatkit.beattech.wire.object_answer` reads it elsewhere.

    Raises:
        TypeError: The answer is not a JSON object.
    """
    if type(body) is list and not body:
        return None
    if not isinstance(body, Mapping):
        raise TypeError(f"expected a JSON object, got {type(body).__name__}")
    return body.get("message")


def one_identifier(msisdn: str | None, email: str | None) -> dict[str, str]:
    """``{"msisdn": ...}`` or ``{"email": ...}``: a password reset names exactly one.

    Raises:
        TypeError: The one given is not text.
        ValueError: Both or neither given, or a blank one.
    """
    if (msisdn is None) == (email is None):
        raise ValueError("give exactly one of msisdn and email")
    if msisdn is not None:
        return {"msisdn": check_text("msisdn", msisdn)}
    return {"email": check_text("email", email)}


def release_types(types: str | Iterable[str] | None) -> str | None:
    """``types`` as the comma list of release types (or their shorthands) a query takes.

    ``"album, single"`` and ``["album", "single"]`` are both sent as ``album,single``;
    an empty collection is refused, not dropped (without ``types`` the API answers
    every type).

    Raises:
        TypeError: Neither text nor an iterable of text.
        ValueError: No type, or something that is not a release type.
    """
    joined = text_list("types", types)
    if joined is not None:
        bad = [part for part in joined.split(",") if not _RELEASE_TYPE.fullmatch(part)]
        if bad:
            raise ValueError(f"types must be release types such as audio, video or album: {bad}")
    return joined
