"""What every part of the BeatConnect fake shares: state, key check, limits, envelopes."""

from __future__ import annotations

import json
import math
import random
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

import attrs
import httpx

import beatkit.testing.beatconnect._data as _data
from beatkit._core.json_values import parse_datetime_text
from beatkit._core.validate import check_text
from beatkit.beatconnect.wire import DEFAULT_BASE_URL, SPEC
from beatkit.testing._app import Abort, FakeService
from beatkit.testing._crud import Collection, Record
from beatkit.testing._wire import RateLimit, bearer, check_fake, last_page, page_url, to_int

__all__ = ["DEFAULT_SEED", "Base", "Records"]

DEFAULT_SEED = 20231103
"""The seed used when none is given; every test sees the same catalogue."""

_INT = re.compile(r"-?[0-9]+")


def _json_number(value: object) -> float:
    """A ``Decimal`` of webhook data (the payload models' amounts) as the JSON number it is.

    Raises:
        ValueError: Not finite, or a float would not carry it exactly.
        TypeError: ``value`` is not a ``Decimal`` (nor anything else JSON has).
    """
    if not isinstance(value, Decimal):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    number = float(value)
    if not value.is_finite() or Decimal(repr(number)) != value:
        raise ValueError(
            f"webhook data holds {value!r}, which no JSON number this fake writes carries "
            "exactly: pass fewer digits, or the number as text"
        )
    return number


def _instant(text: str) -> datetime:
    """An ISO 8601 time as an aware datetime, UTC when it names no offset."""
    moment = parse_datetime_text(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Base(FakeService):
    """The BeatConnect fake's state, hooks and helpers; each part adds its routes."""

    default_base_url = DEFAULT_BASE_URL
    operations = SPEC.routes

    def __init__(
        self,
        api_key: str = "test-api-key",
        *,
        seed: int = DEFAULT_SEED,
        envelope: Literal["standard", "alternative"] = "standard",
        rate_limit: int = 100,
        rate_limit_window: float = 60.0,
        clock: Callable[[], float] = time.time,
        base_url: str | None = None,
    ) -> None:
        check_fake(seed, clock)
        check_text("api_key", api_key)
        super().__init__(base_url)
        if envelope not in ("standard", "alternative"):
            raise ValueError(f"envelope must be 'standard' or 'alternative', not {envelope!r}")
        self.api_key = api_key
        """The API key the fake accepts."""
        self.envelope: Literal["standard", "alternative"] = envelope
        """The success envelope in use; may be switched between requests."""
        self.rate_limit = rate_limit
        """Requests allowed per window."""
        self.rate_limit_window = rate_limit_window
        """Length of a rate-limit window, in seconds."""
        self.clock = clock
        """The time source, in epoch seconds."""
        self._request_counter = 0
        self._event_counter = 0
        self._limits = RateLimit(self)

        self.genres: list[dict[str, Any]] = []
        """The genres, without their computed ``beats_count``."""
        self.users: list[dict[str, Any]] = []
        """The users, without their computed ``beats_count``."""
        self.beats: list[dict[str, Any]] = []
        """The beats exactly as the API returns them; tests may edit them."""
        self.orders: list[dict[str, Any]] = []
        """The orders of the key's owner."""
        self.owner_id: int = 0
        """The user id the API key belongs to (a buyer)."""
        _data.generate(self, random.Random(seed))

    def __repr__(self) -> str:
        # The API key stays out of reprs, like every other secret in beatkit.
        return f"FakeBeatConnect(base_url={self.base_url!r}, beats={len(self.beats)})"

    def webhook(
        self,
        event_type: str,
        data: Mapping[str, Any],
        secret: str | bytes,
        *,
        event_id: str | None = None,
        created: int | None = None,
        header: str = "X-Webhook-Signature",
    ) -> tuple[bytes, dict[str, str]]:
        """Build a signed webhook delivery, ready to post to the app under test.

        Args:
            event_type: E.g. ``"beat.purchased"``.
            data: The event's ``data`` object (``Decimal`` amounts are written as numbers).
            secret: The webhook secret to sign with.
            event_id: The event id; defaults to ``evt_`` plus a counter.
            created: Epoch seconds; defaults to the fake's clock.
            header: The signature header name (``X-Webhook-Signature`` or
                ``BeatConnect-Signature``, in any case).

        Returns:
            ``(body, headers)``; the exact bytes to send and the headers to send
            with them (``Content-Type`` and the signature).

        Raises:
            ValueError: ``header`` is not a signature header (in any case), ``data``
                holds a ``Decimal`` a JSON number written from a float would not carry
                exactly (or not finite), or ``data`` or ``created`` holds a float NaN or
                infinity (JSON has no such number); other ``Decimal`` amounts, as the
                payload models give them, are written as numbers.
            TypeError: ``event_type`` is not a ``str``, ``data`` is not a mapping, or
                it holds a value JSON has no type for.
        """
        from beatkit.beatconnect.webhooks import SIGNATURE_HEADERS, sign

        if not isinstance(event_type, str):
            raise TypeError(f"event_type must be a str, not {type(event_type).__name__}")
        if not isinstance(data, Mapping):
            raise TypeError(
                f"data must be a mapping (the event's object), not {type(data).__name__}"
            )
        if not isinstance(header, str) or header.lower() not in {
            name.lower() for name in SIGNATURE_HEADERS
        }:
            # Another name would carry the signature where no verifier looks (or, as
            # Content-Type, replace the JSON media type); to test a missing signature,
            # drop the header from the dict returned.
            raise ValueError(
                f"header must be one of {', '.join(SIGNATURE_HEADERS)} (any case), not {header!r}"
            )

        with self._lock:
            self._event_counter += 1
            counter = self._event_counter
        payload = {
            # `is None`, not `or`: an empty id is a value a test may want to send.
            "id": f"evt_{100000000 + counter}" if event_id is None else event_id,
            "created": int(self.clock()) if created is None else created,
            "type": event_type,
            "data": dict(data),
        }
        # allow_nan=False: a float NaN or infinity is written as no JSON number (NaN,
        # Infinity), a body BeatConnect never sends and construct_event() refuses.
        text = json.dumps(payload, separators=(",", ":"), default=_json_number, allow_nan=False)
        body = text.encode()
        return body, {"Content-Type": "application/json", header: sign(body, secret)}

    # -- hooks ---------------------------------------------------------------------------

    def before_route(self, request: httpx.Request) -> httpx.Response | None:
        """Apply the rate limit, then check the API key."""
        retry_after = self._limits.take()
        if retry_after is not None:
            response = self.error_response(request, 429)
            response.headers["Retry-After"] = str(retry_after)
            return response
        if bearer(request) != self.api_key:
            return self.error_response(request, 401)
        return None

    def finalize(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        """Add the rate-limit and request-id headers every BeatConnect response carries."""
        response.headers.update(self._limits.headers(response=response))
        self._request_counter += 1
        response.headers["X-Request-Id"] = f"req_{self._request_counter:08x}"
        response.headers.setdefault("Content-Type", "application/json")
        return response

    def error_response(
        self,
        request: httpx.Request,
        status: int,
        code: str | None = None,
        message: str | None = None,
        details: Any = None,
    ) -> httpx.Response:
        """The BeatConnect error envelope ``{"status": "error", "error": {...}}``.

        A 429 carries ``Retry-After`` (a whole window unless the caller sets its own),
        as every 429 of the API does.
        """
        code = code or _data.TABLES["error_codes"].get(str(status), "server_error")
        messages = _data.TABLES["error_messages"]
        message = message or messages.get(code, messages["server_error"])
        body = {"status": "error", "error": {"code": code, "message": message, "details": details}}
        retry = {"Retry-After": str(max(1, math.ceil(self.rate_limit_window)))}
        return self.json_response(body, status, retry if status == 429 else None)

    # -- envelopes -----------------------------------------------------------------------

    def _abort(self, request: httpx.Request, status: int, details: str) -> Abort:
        return Abort(self.error_response(request, status, details=details))

    def _answer(
        self, data: Record, alternative: Any, meta: tuple[int, int, int] | None = None
    ) -> httpx.Response:
        """``{"status": "success", "data": data}``, or in the alternative envelope
        ``{"success": true, "data": alternative, "meta": {"page", "limit", "total"}}``."""
        if self.envelope == "standard":
            return self.json_response({"status": "success", "data": data})
        body: Record = {"success": True, "data": alternative}
        if meta is not None:
            body["meta"] = dict(zip(("page", "limit", "total"), meta, strict=True))
        return self.json_response(body)

    @staticmethod
    def _sorted(records: Iterable[Record], field: str, descending: bool) -> list[Record]:
        """The records by one field, ties in id order; ``created_at`` by instant."""
        by_id = sorted(records, key=lambda record: record["id"])
        if field != "created_at":
            return sorted(by_id, key=lambda record: record[field], reverse=descending)
        # Not by text: add_beat takes ISO text with any offset, or none (UTC, as beatkit
        # reads it): "01:00+05:00" (20:00 UTC the day before) passed for later than "00:00Z".
        return sorted(by_id, key=lambda record: _instant(record[field]), reverse=descending)

    def _paged_list(
        self, request: httpx.Request, key: str, items: Sequence[Record], page: int, limit: int
    ) -> httpx.Response:
        window = list(items[(page - 1) * limit : page * limit])
        body = {key: window, "pagination": self._pagination(request, len(items), page, limit)}
        return self._answer(body, window, (page, limit, len(items)))

    @staticmethod
    def _pagination(request: httpx.Request, total: int, page: int, limit: int) -> Record:
        last = last_page(total, limit)
        return {
            "total": total, "per_page": limit, "current_page": page, "last_page": last,
            "next_page_url": page_url(request, page + 1) if page < last else None,
            "prev_page_url": page_url(request, page - 1) if page > 1 else None,
        }  # fmt: skip

    # -- parameters: a bad one is a 400 whose details name it ----------------------------

    def _int(self, request: httpx.Request, value: str, name: str) -> int:
        if not _INT.fullmatch(value):
            raise self._abort(request, 400, f"The '{name}' parameter must be a valid integer")
        return to_int(value)

    def _int_param(
        self,
        request: httpx.Request,
        name: str,
        default: int | None,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        raw = request.url.params.get(name)
        if raw is None:
            return default
        value = self._int(request, raw, name)
        if minimum is not None and maximum is not None and not minimum <= value <= maximum:
            bounds = f"between {minimum} and {maximum}"
            raise self._abort(request, 400, f"The '{name}' parameter must be {bounds}")
        if minimum is not None and value < minimum:
            raise self._abort(request, 400, f"The '{name}' parameter must be at least {minimum}")
        return value

    def _choice_param(
        self, request: httpx.Request, name: str, default: str | None, choices: Sequence[str]
    ) -> str | None:
        raw: str | None = request.url.params.get(name)
        if raw is not None and raw not in choices:
            allowed = ", ".join(choices)
            raise self._abort(request, 400, f"The '{name}' parameter must be one of: {allowed}")
        return default if raw is None else raw

    def _page_and_limit(self, request: httpx.Request, max_limit: int) -> tuple[int, int]:
        page = self._int_param(request, "page", 1, minimum=1) or 1
        limit = self._int_param(request, "limit", 20, minimum=1, maximum=max_limit) or 20
        return page, limit

    def _user_view(self, user: Record) -> Record:
        view = {key: user[key] for key in ("id", "username", "display_name", "role", "bio")}
        view.update({key: user[key] for key in ("avatar_url", "country")})
        view["beats_count"] = sum(1 for b in self.beats if b["user_id"] == user["id"])
        view.update({key: user[key] for key in ("followers_count", "created_at")})
        return view


@attrs.frozen(kw_only=True)
class Records(Collection[Any]):
    """A BeatConnect collection: ids checked as the API does, answers in either envelope."""

    def find(self, fake: Base, request: httpx.Request, raw: str) -> Record:
        number = fake._int(request, raw, f"{self.model}_id")
        record = self.lookup(fake, number)
        if record is None:
            raise fake._abort(request, 404, f"No {self.model} with id {number}")
        return record

    def reply(self, fake: Base, request: httpx.Request, op: str, found: Any) -> Any:
        if op == "list":
            items = [self.show(fake, record) for record in found]
            return fake._answer({self.name: items}, items, (1, len(items), len(items)))
        return fake._answer({self.model: self.show(fake, found)}, self.show(fake, found))
