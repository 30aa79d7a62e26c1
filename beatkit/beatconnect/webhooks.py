"""Verify and parse BeatConnect webhook deliveries.

BeatConnect signs each delivery with HMAC-SHA256, keyed by your webhook secret,
and sends the hex digest in the ``X-Webhook-Signature`` header (some of the
vendor's pages name it ``BeatConnect-Signature``; both are accepted).

**Verify the raw body, exactly as received.** The vendor's Express example
computes the HMAC over ``JSON.stringify(req.body)``, i.e. over JSON that was
parsed and serialized again. That text is not the text that was signed whenever
key order, whitespace, number formatting (``49.90`` vs ``49.9``) or unicode
escaping differ, so genuine deliveries fail at random; and a verifier that
checks a re-serialization is checking something other than the bytes the
sender committed to. :func:`verify_signature` therefore takes ``bytes`` only
and refuses ``str`` or parsed JSON with a :class:`TypeError`. Pass
``request.get_data()`` (Flask), ``request.body`` (Django) or
``await request.body()`` (Starlette/FastAPI).

Typical use::

    from beatkit.beatconnect.webhooks import construct_event

    event = construct_event(request.get_data(), request.headers, secret)
    if isinstance(event.payload, BeatPurchased):
        grant_license(event.payload.purchaser_id, event.payload.beat_id)

Rules of :func:`verify_signature`:

* Headers are looked up case-insensitively, names and values as ``str`` or
  ``bytes``. When both signature headers are present, **both** must verify:
  accepting either would let whoever can add a header pick the one that gets
  checked. Likewise every signature of a header sent twice, whether as two lines
  or as one line joined by a comma (as WSGI servers, so Flask and Django, give it).
* The signature is 64 hex digits, in either case, optionally prefixed by
  ``sha256=`` and surrounded by spaces or tabs; it is compared with
  ``hmac.compare_digest`` (constant time).
* The signature covers the body only, so a captured delivery verifies for ever:
  deduplicate on ``event.id`` (on a hash of the body for a delivery without an id), and
  pass ``tolerance=`` to :func:`construct_event` to refuse an event whose signed
  ``created`` (or ``created_at``) is older than that.
* Error messages never contain the secret or the expected signature (which
  would be a valid signature for that body).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

import attrs

from beatkit._core.converter import structure_decimal
from beatkit._core.json_values import structure_datetime
from beatkit._core.model import content_hash
from beatkit._core.responses import load_json
from beatkit._core.validate import check_number
from beatkit.errors import ConfigurationError, WebhookPayloadError, WebhookVerificationError

__all__ = [
    "SIGNATURE_HEADERS",
    "BeatCreated",
    "BeatEventData",
    "BeatPurchased",
    "BeatUpdated",
    "EventPayload",
    "EventType",
    "PurchaseCompleted",
    "PurchaseItem",
    "UserEventData",
    "UserRegistered",
    "UserUpdated",
    "WebhookEvent",
    "WebhookHeaders",
    "WebhookPayloadError",
    "construct_event",
    "parse_event",
    "sign",
    "verify_signature",
]

SIGNATURE_HEADERS: tuple[str, ...] = ("X-Webhook-Signature", "BeatConnect-Signature")
"""The header names BeatConnect is documented to send the signature in."""

_PREFIX = "sha256="
_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}")
_RAW_BODY_HINT = (
    "pass the raw request body as bytes, exactly as received (Flask request.get_data(), "
    "Django request.body, Starlette await request.body()): the signature covers those "
    "bytes, and re-encoding or re-serializing JSON changes them"
)


class EventType(StrEnum):
    """The event types BeatConnect documents. ``WebhookEvent.type`` stays a plain ``str``
    so unknown types survive; members compare equal to their string values."""

    BEAT_CREATED = "beat.created"
    BEAT_UPDATED = "beat.updated"
    BEAT_PURCHASED = "beat.purchased"
    USER_REGISTERED = "user.registered"
    USER_UPDATED = "user.updated"
    PURCHASE_COMPLETED = "purchase.completed"


# -- signatures --------------------------------------------------------------------------


@runtime_checkable
class WebhookHeaders(Protocol):
    """The request headers :func:`verify_signature` and :func:`construct_event` take.

    Any object whose ``items()`` gives ``(name, value)`` pairs: a ``dict``,
    ``httpx.Headers``, Django's ``request.headers``, Flask's (werkzeug ``Headers``),
    Starlette's, or ``dict(scope["headers"])`` of an ASGI app. Names and values may be
    ``str`` or ``bytes``; names are matched case-insensitively, so a plain ``dict``
    needs no particular spelling. ``isinstance(obj, WebhookHeaders)`` checks only that
    ``items`` exists.
    """

    def items(self) -> Iterable[tuple[str | bytes, str | bytes]]:
        """The ``(name, value)`` pairs of the headers, a repeated name once per value.

        Returns:
            The pairs, names and values as ``str`` or ``bytes``.
        """
        ...


def _raw_body(body: object, func: str) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, bytearray | memoryview):
        return bytes(body)
    if isinstance(body, str):
        raise TypeError(f"{func}() got a str body; {_RAW_BODY_HINT}")
    if isinstance(body, Mapping):
        raise TypeError(f"{func}() got already-parsed JSON; {_RAW_BODY_HINT}")
    raise TypeError(f"{func}() got a {type(body).__name__} body; {_RAW_BODY_HINT}")


def _secret_bytes(secret: object) -> bytes:
    if isinstance(secret, str):
        # Not secret.encode(): its UnicodeEncodeError (a lone surrogate, as from
        # os.environ's surrogateescape) holds the whole secret in its repr and .object.
        key = secret.encode("utf-8", "replace")
        if key.decode("utf-8") != secret:
            raise ConfigurationError(
                "the webhook secret is not valid text: it holds a lone surrogate (undecodable "
                "bytes?); pass it as bytes or check how it was read"
            )
    elif isinstance(secret, bytes | bytearray):
        key = bytes(secret)
    else:
        # The type name only: the value is the secret.
        raise TypeError(f"the webhook secret must be str or bytes, not {type(secret).__name__}")
    if not key:
        raise ConfigurationError("the webhook secret is empty: anyone could sign deliveries")
    return key


def sign(body: bytes | bytearray | memoryview, secret: str | bytes | bytearray) -> str:
    """Compute the signature BeatConnect sends for ``body``.

    Useful to build deliveries in tests (see also
    :meth:`beatkit.testing.FakeBeatConnect.webhook`).

    Args:
        body: The exact bytes of the request body.
        secret: The webhook secret (``str`` is encoded as UTF-8).

    Returns:
        The lowercase hex HMAC-SHA256 of ``body``, without a ``sha256=`` prefix.

    Raises:
        TypeError: ``body`` is not bytes, or ``secret`` is neither str nor bytes.
        ConfigurationError: ``secret`` is empty, or a ``str`` UTF-8 cannot encode.
    """
    payload = _raw_body(body, "sign")
    return hmac.new(_secret_bytes(secret), payload, hashlib.sha256).hexdigest()


def _header_text(value: object) -> object:
    """A header name or value as text: ``bytes`` (as ASGI gives them) read as Latin-1."""
    return value.decode("latin-1") if isinstance(value, bytes | bytearray) else value


_ENVIRON_KEYS = {"http_" + name.lower().replace("-", "_") for name in SIGNATURE_HEADERS}
"""The signature headers as a WSGI environ (Django's ``request.META``) names them."""


def _signature_headers(headers: WebhookHeaders) -> tuple[list[tuple[str, str]], str | None]:
    """The signature header lines, and an environ key holding a signature, if any."""
    items = getattr(headers, "items", None)
    if not callable(items):
        raise TypeError(
            "headers must be a mapping of header names to values (a dict, httpx.Headers, "
            f"a framework's request headers), not {type(headers).__name__}"
        )
    wanted = {name.lower(): name for name in SIGNATURE_HEADERS}
    found: list[tuple[str, str]] = []
    environ_key: str | None = None
    for raw_name, raw_value in items():
        name = _header_text(raw_name)
        # ASCII names only: str.lower() also folds the Kelvin sign (U+212A) to "k".
        folded = name.lower() if isinstance(name, str) and name.isascii() else None
        canonical = wanted.get(folded) if folded is not None else None
        if canonical is None:
            if folded in _ENVIRON_KEYS and isinstance(name, str):
                environ_key = name
            continue
        value = _header_text(raw_value)
        if not isinstance(value, str):
            raise TypeError(
                f"the {canonical} header value must be str or bytes, not {type(value).__name__}"
            )
        found.append((canonical, value))
    return found, environ_key


def _parse_signatures(name: str, value: str) -> list[str]:
    """The signatures of one header line: a comma-separated list, as HTTP joins a header
    sent twice (RFC 9110, 5.3; WSGI servers join so), its empty members ignored."""
    # HTTP's optional whitespace only (SP, HTAB): str.strip() would also take no-break and
    # other Unicode spaces, 0x85 and 0xA0 of a header read as Latin-1 among them.
    members = [member.strip(" \t") for member in value.split(",")]
    members = [member for member in members if member]
    if not members:
        raise WebhookVerificationError(f"the {name} header is empty")
    signatures = []
    for text in members:
        if text[: len(_PREFIX)].lower() == _PREFIX:
            text = text[len(_PREFIX) :]
        if not _HEX_DIGEST.fullmatch(text):
            raise WebhookVerificationError(
                f"the {name} header is malformed: expected 64 hex digits (a SHA-256 HMAC), "
                f"optionally prefixed by {_PREFIX!r}"
            )
        signatures.append(text.lower())
    return signatures


def verify_signature(
    body: bytes | bytearray | memoryview,
    headers: WebhookHeaders,
    secret: str | bytes | bytearray,
) -> None:
    """Check that a webhook delivery was signed with ``secret``.

    Args:
        body: The raw request body, exactly as received. Not a ``str``, not parsed
            JSON: see the module documentation for why.
        headers: The request headers, any :class:`WebhookHeaders` (``dict``,
            ``httpx.Headers``, a framework's header object). Names are matched
            case-insensitively; names and values may be ``str`` or ``bytes`` (as
            ASGI gives them).
        secret: The webhook secret from the BeatConnect Developer Portal.

    Raises:
        WebhookVerificationError: No signature header, an empty or malformed
            one, or a signature that does not match the body. When both
            ``X-Webhook-Signature`` and ``BeatConnect-Signature`` are present,
            both must match; so must every signature of a header sent twice (two
            lines, or one line of comma-separated signatures).
        TypeError: ``body`` is not bytes, ``secret`` is neither str nor bytes,
            ``headers`` has no ``items()``, or a signature header's value is
            neither str nor bytes.
        ConfigurationError: ``secret`` is empty, or a ``str`` UTF-8 cannot encode.
    """
    payload = _raw_body(body, "verify_signature")
    key = _secret_bytes(secret)
    found, environ_key = _signature_headers(headers)
    if not found:
        hint = ""
        if environ_key is not None:
            hint = (
                f"; these headers hold {environ_key}, so they are a WSGI environ (Django's "
                "request.META): pass request.headers instead"
            )
        raise WebhookVerificationError(
            "the webhook has no signature: expected an "
            + " or ".join(SIGNATURE_HEADERS)
            + " header"
            + hint
        )
    # Every header is parsed before any comparison, so a malformed one is reported as such.
    signatures = [
        (name, signature) for name, value in found for signature in _parse_signatures(name, value)
    ]
    expected = hmac.new(key, payload, hashlib.sha256).hexdigest()
    for name, signature in signatures:
        if not hmac.compare_digest(expected, signature):
            hint = ""
            if key != key.strip():
                # Said only once verification failed: such a secret is legal, but is
                # usually one read with its line break (open(path).read(), a .env line).
                hint = (
                    " (the secret begins or ends with whitespace: was it read with a line break?)"
                )
            raise WebhookVerificationError(
                f"the {name} signature does not match the body: check the webhook secret{hint}, "
                "and that the raw, unmodified request body was passed"
            )


# -- event models ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class BeatPurchased:
    """``data`` of a ``beat.purchased`` event."""

    beat_id: int
    """The purchased beat."""
    title: str
    """The beat's title."""
    producer_id: int
    """The user id of the beat's producer."""
    producer_name: str
    """The producer's display name."""
    license_type: str
    """``"Basic"``, ``"Premium"`` or ``"Exclusive"`` (kept as sent, for new tiers)."""
    amount: Decimal
    """The price paid, exact."""
    currency: str
    """ISO 4217 code, e.g. ``"USD"``."""
    purchaser_id: int
    """The user id of the buyer."""


@attrs.frozen(kw_only=True)
class BeatEventData:
    """``data`` of a beat lifecycle event. The vendor does not document this shape,
    so only the id is required and both spellings seen elsewhere are read."""

    beat_id: int
    """The beat (from ``beat_id``, or ``id``)."""
    title: str | None = None
    """The beat's title, if sent."""
    producer_id: int | None = None
    """The producer's user id (from ``producer_id``, or ``user_id``), if sent."""
    producer_name: str | None = None
    """The producer's display name, if sent."""
    genre_id: int | None = None
    """The genre id (from ``genre_id``, or ``genre.id``), if sent."""
    price: Decimal | None = None
    """The beat's price, if sent."""


@attrs.frozen(kw_only=True)
class BeatCreated(BeatEventData):
    """``data`` of a ``beat.created`` event."""


@attrs.frozen(kw_only=True)
class BeatUpdated(BeatEventData):
    """``data`` of a ``beat.updated`` event."""


@attrs.frozen(kw_only=True)
class UserEventData:
    """``data`` of a user lifecycle event. Undocumented by the vendor: only the id is required."""

    user_id: int
    """The user (from ``user_id``, or ``id``)."""
    username: str | None = None
    """The username, if sent."""
    display_name: str | None = None
    """The display name, if sent."""
    role: str | None = None
    """``"producer"`` or ``"buyer"``, if sent."""
    country: str | None = None
    """The user's country, if sent."""


@attrs.frozen(kw_only=True)
class UserRegistered(UserEventData):
    """``data`` of a ``user.registered`` event."""


@attrs.frozen(kw_only=True)
class UserUpdated(UserEventData):
    """``data`` of a ``user.updated`` event."""


@attrs.frozen(kw_only=True)
class PurchaseItem:
    """One line of a ``purchase.completed`` event."""

    beat_id: int
    """The purchased beat."""
    title: str | None = None
    """The beat's title, if sent."""
    license_type: str | None = None
    """The license bought, if sent."""
    price: Decimal | None = None
    """The line's price, if sent."""


@attrs.frozen(kw_only=True)
class PurchaseCompleted:
    """``data`` of a ``purchase.completed`` event (named on the vendor's newer pages only)."""

    order_id: int
    """The order (from ``order_id``, ``id``, or ``purchase_id`` as the webhooks page
    names it)."""
    purchaser_id: int | None = None
    """The buyer (from ``purchaser_id``, or ``user_id``), if sent."""
    amount: Decimal | None = None
    """The total paid (from ``amount``, or ``total``), if sent."""
    currency: str | None = None
    """ISO 4217 code, if sent."""
    items: tuple[PurchaseItem, ...] = ()
    """The purchased lines, if sent."""


EventPayload = (
    BeatCreated | BeatUpdated | BeatPurchased | UserRegistered | UserUpdated | PurchaseCompleted
)
"""The typed ``data`` models, one per known event type."""


@attrs.frozen(kw_only=True)
class WebhookEvent:
    """A BeatConnect webhook event. Nothing is dropped: :attr:`raw` is the whole body."""

    id: str | None
    """The event id, e.g. ``"evt_123456789"``; use it to ignore redeliveries. ``None``
    for a delivery without one (the vendor's webhooks page shows its deliveries as
    ``{"event", "created_at", "data"}``): deduplicate those on a hash of the body."""
    created: datetime
    """When the event happened (UTC, from the epoch seconds of ``created``, or the
    ISO 8601 ``created_at``)."""
    type: str
    """The event type (``type``, or ``event``), e.g. ``"beat.purchased"``; compare with
    :class:`EventType`."""
    data: dict[str, Any]
    """The event's ``data`` object exactly as sent."""
    payload: EventPayload | None
    """``data`` as a typed model for the known types, ``None`` for an unknown type."""
    raw: dict[str, Any]
    """The whole decoded body, including top-level fields this library does not know."""

    # attrs' generated hash raises "unhashable type: 'dict'" (data, raw); hash by content,
    # as every API model does, so events go in sets and serve as dict keys.
    __hash__ = content_hash


# -- parsing -----------------------------------------------------------------------------


class _Reader:
    """Typed access to one JSON object, raising WebhookPayloadError that names the field."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def _get(self, names: tuple[str, ...], required: bool) -> tuple[str, Any]:
        """The first of ``names`` sent (not null), and its value: ``(names[0], None)`` if none."""
        for name in names:
            value = self.data.get(name)
            if value is not None:
                return name, value
        if required:
            raise WebhookPayloadError(f"{self.where}: missing required field {names[0]!r}")
        return names[0], None

    def fail(self, name: str, expected: str, value: Any) -> WebhookPayloadError:
        """The error for field ``name`` (as the body spells it) holding ``value``."""
        return WebhookPayloadError(
            f"{self.where}: field {name!r} must be {expected}, not {type(value).__name__}"
        )

    def integer(self, *names: str, required: bool = False) -> int | None:
        name, value = self._get(names, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, "an integer", value)
        return value

    def req_int(self, *names: str) -> int:
        value = self.integer(*names, required=True)
        assert value is not None
        return value

    def text(self, *names: str, required: bool = False) -> str | None:
        name, value = self._get(names, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(name, "a string", value)
        return value

    def req_str(self, *names: str) -> str:
        value = self.text(*names, required=True)
        assert value is not None
        return value

    def req_number(self, *names: str) -> Decimal:
        value = self.number(*names, required=True)
        assert value is not None
        return value

    def number(self, *names: str, required: bool = False) -> Decimal | None:
        name, value = self._get(names, required)
        if value is None:
            return None
        # Decimal too: parse_event takes decoded JSON, and json.loads(parse_float=Decimal)
        # is the usual way to decode money exactly.
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise self.fail(name, "a number", value)
        try:
            # The REST models' reading: a float through its shortest repr (49.99 stays
            # 49.99), text only in JSON number syntax (Decimal() alone would take "1_000",
            # " 12 " or Arabic-Indic digits), a Decimal as it is; finite.
            return structure_decimal(value)
        except ValueError as exc:
            if "finite" in str(exc):
                raise self.fail(name, "a finite number", value) from None
            if isinstance(value, str) and "not a number" not in str(exc):
                # Numeric text past the JSON number bounds: text amounts are read, so
                # "must be a number, not str" would mislead.
                raise WebhookPayloadError(
                    f"{self.where}: field {name!r} is a number out of range (past what a "
                    "JSON number may hold here)"
                ) from None
            raise self.fail(name, "a number", value) from None


def _beat_fields(reader: _Reader) -> dict[str, Any]:
    genre = reader.data.get("genre")
    genre_id = reader.integer("genre_id")
    if genre_id is None and isinstance(genre, Mapping):
        genre_id = _Reader(genre, reader.where + ".genre").integer("id")
    return {
        "beat_id": reader.req_int("beat_id", "id"),
        "title": reader.text("title"),
        "producer_id": reader.integer("producer_id", "user_id"),
        "producer_name": reader.text("producer_name"),
        "genre_id": genre_id,
        "price": reader.number("price"),
    }


def _user_fields(reader: _Reader) -> dict[str, Any]:
    return {
        "user_id": reader.req_int("user_id", "id"),
        "username": reader.text("username"),
        "display_name": reader.text("display_name"),
        "role": reader.text("role"),
        "country": reader.text("country"),
    }


def _beat_purchased(reader: _Reader) -> BeatPurchased:
    return BeatPurchased(
        beat_id=reader.req_int("beat_id"),
        title=reader.req_str("title"),
        producer_id=reader.req_int("producer_id"),
        producer_name=reader.req_str("producer_name"),
        license_type=reader.req_str("license_type"),
        amount=reader.req_number("amount"),
        currency=reader.req_str("currency"),
        purchaser_id=reader.req_int("purchaser_id"),
    )


def _purchase_completed(reader: _Reader) -> PurchaseCompleted:
    raw_items = reader.data.get("items")
    if raw_items is None:
        raw_items = []
    if not isinstance(raw_items, list):
        raise reader.fail("items", "a list", raw_items)
    items = []
    for index, item in enumerate(raw_items):
        if not isinstance(item, Mapping):
            raise reader.fail(f"items[{index}]", "an object", item)
        line = _Reader(item, f"{reader.where}.items[{index}]")
        items.append(
            PurchaseItem(
                beat_id=line.req_int("beat_id", "id"),
                title=line.text("title"),
                license_type=line.text("license_type"),
                price=line.number("price"),
            )
        )
    return PurchaseCompleted(
        order_id=reader.req_int("order_id", "id", "purchase_id"),
        purchaser_id=reader.integer("purchaser_id", "user_id"),
        amount=reader.number("amount", "total"),
        currency=reader.text("currency"),
        items=tuple(items),
    )


def _parse_payload(event_type: str, reader: _Reader) -> EventPayload | None:
    if event_type == EventType.BEAT_PURCHASED:
        return _beat_purchased(reader)
    if event_type == EventType.BEAT_CREATED:
        return BeatCreated(**_beat_fields(reader))
    if event_type == EventType.BEAT_UPDATED:
        return BeatUpdated(**_beat_fields(reader))
    if event_type == EventType.USER_REGISTERED:
        return UserRegistered(**_user_fields(reader))
    if event_type == EventType.USER_UPDATED:
        return UserUpdated(**_user_fields(reader))
    if event_type == EventType.PURCHASE_COMPLETED:
        return _purchase_completed(reader)
    return None


# Epoch seconds of 0001-01-01 and 10000-01-01 UTC: a datetime holds the times in between.
_FIRST_SECOND = -62135596800
_PAST_LAST_SECOND = 253402300800
_SHOWN_CHARS = 40
_FLOAT_MAX = int(sys.float_info.max)


def _invalid_created(detail: str, name: str = "created") -> WebhookPayloadError:
    return WebhookPayloadError(f"event: field {name!r} is not a valid time: {detail}")


def _created(value: Any, name: str = "created") -> datetime:
    """The time of ``created`` (epoch seconds, as the API page shows it) or ``created_at``
    (ISO 8601 text, as the webhooks page shows it); each takes either form."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        expected = "epoch seconds" if name == "created" else "ISO 8601 text or epoch seconds"
        raise WebhookPayloadError(
            f"event: field {name!r} must be {expected}, not {type(value).__name__}"
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise _invalid_created(str(value), name)
    if isinstance(value, int | float | Decimal):
        # Compared before any conversion: int(Decimal("1E+999999999")) would build a
        # billion-digit int, and str() of an int past 4300 digits raises ValueError.
        if value >= _PAST_LAST_SECOND:
            raise _invalid_created("epoch seconds past the year 9999", name)
        if value < _FIRST_SECOND:
            raise _invalid_created("epoch seconds before the year 1", name)
    if isinstance(value, Decimal):
        # From json.loads(parse_float=Decimal), for a time with a fraction or an exponent.
        value = int(value) if value == value.to_integral_value() else float(value)
    try:
        # Text is not documented, but cheap to accept in the form the API's other
        # datetimes take (a bare date is refused: its time would be made up).
        return structure_datetime(value).astimezone(UTC)
    except (ValueError, OverflowError):
        shown = repr(value)
        if len(shown) > _SHOWN_CHARS:
            shown = shown[: _SHOWN_CHARS - 3] + "..."
        raise _invalid_created(shown, name) from None


def _event_type(envelope: _Reader) -> tuple[str, bool]:
    """The event type (``type``, or the webhooks page's ``event``), and whether the body
    names it ``event`` only (that page's shape, whose deliveries carry no id)."""
    typed = envelope.text("type")
    named = envelope.text("event")
    if typed is not None and named is not None and typed != named:
        # Which one a handler dispatches on is not for beatkit to guess.
        raise WebhookPayloadError("event: fields 'type' and 'event' name different event types")
    if typed is not None:
        return typed, named is not None
    if named is not None:
        return named, True
    raise WebhookPayloadError("event: missing required field 'type'")


def _event_time(decoded: Mapping[str, Any]) -> datetime:
    """``created`` (the API page's epoch seconds) or ``created_at`` (the webhooks page's
    ISO 8601 text); both, if sent, must name the same instant."""
    times = [
        _created(decoded[name], name)
        for name in ("created", "created_at")
        if decoded.get(name) is not None
    ]
    if not times:
        raise WebhookPayloadError("event: missing required field 'created'")
    if len(times) == 2 and times[0] != times[1]:
        raise WebhookPayloadError("event: fields 'created' and 'created_at' name different times")
    return times[0]


def parse_event(body: bytes | bytearray | memoryview | str | Mapping[str, Any]) -> WebhookEvent:
    """Parse a webhook body into a :class:`WebhookEvent`, without checking its signature.

    Only use this on a body whose signature was verified, or in tests; in a
    webhook endpoint use :func:`construct_event`.

    Two envelopes are read: the API page's ``{"id", "created", "type", "data"}``
    (``created`` in epoch seconds) and the one the vendor's webhooks page shows,
    ``{"event", "created_at", "data"}`` (``created_at`` as ISO 8601 text, no id).
    A body that sends both names of one fact (``type`` and ``event``, ``created``
    and ``created_at``) must give both the same value.

    Args:
        body: The body as bytes or text, or already decoded JSON (numbers may be
            ``Decimal``, as ``json.loads(text, parse_float=Decimal)`` gives them).

    Returns:
        The event. For the known types :attr:`WebhookEvent.payload` is the typed
        model of ``data``; for other types it is ``None`` and ``data`` holds
        everything.

    Raises:
        WebhookPayloadError: The body is not JSON (or nests too deeply to parse),
            not an object, or misses or mistypes a required field (``id`` unless the
            type is named ``event``, ``created`` or ``created_at``, ``type`` or
            ``event``, ``data``, or a field the event type requires), or names one
            fact twice with different values.
    """
    if isinstance(body, Mapping):
        decoded: Any = dict(body)
    elif isinstance(body, bytes | bytearray | memoryview | str):
        try:
            decoded = load_json(body.encode() if isinstance(body, str) else bytes(body))
        except ValueError as exc:
            raise WebhookPayloadError(f"the webhook body is not valid JSON: {exc}") from None
        except RecursionError:
            # the parser gives up on ``[[[[...`` deeper than the interpreter's recursion
            # limit; no event nests like that.
            raise WebhookPayloadError(
                "the webhook body is not valid JSON: nested too deeply"
            ) from None
    else:
        raise TypeError(f"parse_event() takes bytes, str or a mapping, not {type(body).__name__}")
    if not isinstance(decoded, dict):
        raise WebhookPayloadError(
            f"the webhook body must be a JSON object, not {type(decoded).__name__}"
        )
    envelope = _Reader(decoded, "event")
    event_type, page_shape = _event_type(envelope)
    # The API page's envelope has an id; the webhooks page's deliveries carry none.
    event_id = envelope.text("id", required=not page_shape)
    created = _event_time(decoded)
    data = decoded.get("data")
    if data is None:
        raise WebhookPayloadError("event: missing required field 'data'")
    if not isinstance(data, dict):
        raise WebhookPayloadError(
            f"event: field 'data' must be an object, not {type(data).__name__}"
        )
    payload = _parse_payload(event_type, _Reader(data, f"{event_type} data"))
    return WebhookEvent(
        id=event_id, created=created, type=event_type, data=data, payload=payload, raw=decoded
    )


def _tolerance_seconds(tolerance: object) -> float:
    """``tolerance`` (seconds or a ``timedelta``) as positive, finite seconds."""
    if isinstance(tolerance, timedelta):
        seconds = tolerance.total_seconds()
        if not seconds > 0:
            raise ValueError(f"tolerance must be positive, got {tolerance}")
        return seconds
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float):
        raise TypeError(
            "tolerance must be seconds (int or float) or a timedelta, "
            f"not {type(tolerance).__name__}"
        )
    return check_number("tolerance", tolerance)


def _now(clock: Callable[[], float] | None) -> float:
    now = time.time() if clock is None else clock()
    # An int past any float (10**400) is not finite seconds either: float() of it
    # raises OverflowError, which math.isfinite() did too.
    if (
        isinstance(now, bool)
        or not isinstance(now, int | float)
        or (isinstance(now, int) and not -_FLOAT_MAX <= now <= _FLOAT_MAX)
        or not math.isfinite(now)
    ):
        raise TypeError(f"clock() must return finite epoch seconds, not {type(now).__name__}")
    return float(now)


def construct_event(
    body: bytes | bytearray | memoryview,
    headers: WebhookHeaders,
    secret: str | bytes | bytearray,
    *,
    tolerance: float | timedelta | None = None,
    clock: Callable[[], float] | None = None,
) -> WebhookEvent:
    """Verify a delivery's signature, then parse it: the one call a webhook endpoint needs.

    Args:
        body: The raw request body, exactly as received.
        headers: The request headers, any :class:`WebhookHeaders` (matched
            case-insensitively; see :func:`verify_signature`).
        secret: The webhook secret.
        tolerance: Refuse an event whose ``created`` or ``created_at`` (signed, inside
            the body) is more than this long ago, in seconds or as a ``timedelta``: a
            captured delivery replayed later. ``None`` (the default) applies no bound, as
            BeatConnect documents no redelivery schedule; a genuine redelivery
            older than the bound is refused too. An event dated ahead of ``clock``
            (the sender's clock ahead of yours) is accepted, until it is that old.
        clock: Epoch seconds now, for ``tolerance`` (default ``time.time``; pass the
            clock of a :class:`~beatkit.testing.FakeBeatConnect` in tests).

    Returns:
        The verified event.

    Raises:
        WebhookVerificationError: The signature is missing, malformed or wrong, or
            the event is older than ``tolerance`` (checked after the signature).
        WebhookPayloadError: The signature is good but the body is not a valid event.
        TypeError: ``body`` is not bytes, ``secret`` is neither str nor bytes,
            ``headers`` has no ``items()`` of text or bytes, ``tolerance`` is neither
            a number nor a ``timedelta``, or ``clock()`` gives no number.
        ValueError: ``tolerance`` is not positive and finite (checked first).
        ConfigurationError: ``secret`` is empty, or a ``str`` UTF-8 cannot encode.
    """
    limit = None if tolerance is None else _tolerance_seconds(tolerance)
    # One immutable copy, verified and then parsed: a bytearray or memoryview read twice
    # could change in between, and the event returned would not be the one verified.
    payload = _raw_body(body, "construct_event")
    verify_signature(payload, headers, secret)
    event = parse_event(payload)
    if limit is not None:
        age = _now(clock) - event.created.timestamp()
        if age > limit:
            shown = f"{limit:.0f}" if limit.is_integer() else repr(limit)  # not 2.592e+06
            named = "the event" if event.id is None else f"the event {event.id}"
            raise WebhookVerificationError(
                # Rounded up: 300.4 seconds is not "300 seconds ago, more than 300".
                f"{named} was created {math.ceil(age)} seconds ago, more than the "
                f"tolerance of {shown} seconds: a late redelivery or a replay of a "
                "captured delivery"
            )
    return event
