"""A stateful, deterministic fake of the BeatConnect API for tests."""

from __future__ import annotations

import json
import math
import random
import re
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import httpx

from beatkit.testing._app import FakeService

__all__ = ["DEFAULT_SEED", "FakeBeatConnect"]

DEFAULT_SEED = 20231103
"""The seed used when none is given: every test sees the same catalogue."""

_API_ROOT = "https://api.beatconnectafrica.com"

_GENRES: tuple[tuple[str, str, int, int], ...] = (
    # name, slug, bpm range
    ("Amapiano", "amapiano", 108, 116),
    ("Afrobeats", "afrobeats", 95, 110),
    ("Gqom", "gqom", 120, 128),
    ("Afro House", "afro-house", 118, 126),
    ("Hip Hop", "hip-hop", 80, 100),
    ("Kwaito", "kwaito", 100, 115),
    ("Bongo Flava", "bongo-flava", 90, 110),
    ("Highlife", "highlife", 100, 125),
    ("Drill", "drill", 138, 145),
    ("Trap", "trap", 130, 160),
    ("R&B", "rnb", 60, 90),
    ("Dancehall", "dancehall", 90, 105),
)

_FIRST = (
    "Sbu", "Thando", "Kofi", "Ama", "Zola", "Tendai", "Nia", "Juma", "Ayo", "Kwame",
    "Lindiwe", "Sipho", "Chidi", "Fola", "Neo", "Baraka", "Amara", "Lerato", "Tunde", "Zuri",
    "Kagiso", "Imani", "Jabu", "Efua", "Musa", "Nandi", "Obi", "Palesa", "Rudo", "Yaw",
    "Bongani", "Ngozi", "Themba", "Wanjiru", "Dayo", "Akosua", "Lwazi", "Mpho", "Sade", "Kiptoo",
)  # fmt: skip
_STAGE_PREFIX = ("DJ", "MC", "Lil", "Big", "Prod.", "King", "Queen")
_STAGE_SUFFIX = ("Beats", "On The Keys", "Sounds", "Musiq", "The Producer", "808")
_ADJECTIVES = (
    "Summer", "Midnight", "Golden", "Lagos", "Soweto", "Dusty", "Electric", "Velvet", "Rainy",
    "Savanna", "Neon", "Sunset", "Township", "Coastal", "Highveld", "Harmattan", "Lunar", "Royal",
)  # fmt: skip
_NOUNS = (
    "Vibes", "Groove", "Dreams", "Nights", "Drums", "Riddim", "Waves", "Log Drum", "Heat",
    "Journey", "Pulse", "Flame", "Roads", "Bounce", "Anthem", "Skies", "Motion", "Echoes",
)  # fmt: skip
_NOTES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
_PRICES = (19.99, 24.99, 29.99, 34.99, 39.99, 49.99, 59.99, 79.99, 99.99, 149.99)
_COUNTRIES = ("ZA", "NG", "GH", "KE", "TZ", "UG", "CM", "SN", "ZW", "CI")
_LICENSES = {"Basic": 1.0, "Premium": 2.0, "Exclusive": 10.0}
_SORTS = ("newest", "popular", "price_asc", "price_desc")
_ORDER_STATUSES = ("completed", "pending", "failed")
_SEARCH_TYPES = ("beats", "producers", "all")
_INT = re.compile(r"-?[0-9]+")

_EPOCH_START = int(datetime(2021, 1, 1, tzinfo=UTC).timestamp())
_EPOCH_END = int(datetime(2024, 6, 30, tzinfo=UTC).timestamp())

# The example beat of the vendor's documentation, so documented calls work verbatim.
_EXAMPLE_BEAT_ID = 1234
_EXAMPLE_USER_ID = 5678

_ERROR_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "rate_limit_exceeded",
}
_ERROR_MESSAGES = {
    "invalid_request": "The request was invalid",
    "unauthorized": "API key is missing or invalid",
    "forbidden": "API key does not have permission to access the requested resource",
    "not_found": "The requested resource does not exist",
    "method_not_allowed": "The HTTP method is not allowed for this resource",
    "rate_limit_exceeded": "Too many requests; rate limit exceeded",
    "server_error": "An unexpected error occurred on the server",
}


class _BadParam(Exception):
    """A query or path parameter failed validation; the message is the error's ``details``."""


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _username(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


class FakeBeatConnect(FakeService):
    """An in-memory BeatConnect API with a generated, reproducible catalogue.

    The catalogue holds 253 beats (ids 1001-1253, including the documentation's
    example beat 1234 "Summer Vibes"), 40 users (ids 5660-5699: 25 producers,
    including 5678, then 15 buyers), the 12 genres (Amapiano is id 1) and 30
    orders belonging to the API key's owner (:attr:`owner_id`). The same seed
    always produces the same data.

    Every response carries ``X-RateLimit-Limit``, ``X-RateLimit-Remaining``,
    ``X-RateLimit-Reset`` and ``X-Request-Id``; after ``rate_limit`` requests in
    one window the fake answers 429 with ``Retry-After`` until ``clock()`` passes
    the reset time.

    Example::

        fake = FakeBeatConnect()
        with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
            http.get("/beats", headers={"Authorization": f"Bearer {fake.api_key}"})

    Args:
        api_key: The only key the fake accepts (``Authorization: Bearer <key>``).
        seed: Seed of the data generator.
        envelope: ``"standard"`` for ``{"status": "success", "data": {...}}``, or
            ``"alternative"`` for the vendor's other documented shape
            ``{"success": true, "data": ..., "meta": {...}}``.
        rate_limit: Requests allowed per window.
        rate_limit_window: Length of a rate-limit window, in seconds.
        clock: Returns the current time as epoch seconds; inject one to test
            rate limiting without sleeping.
        base_url: Where the fake pretends to live.
    """

    default_base_url = _API_ROOT + "/v1"

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
        super().__init__(base_url)
        if envelope not in ("standard", "alternative"):
            raise ValueError(f"envelope must be 'standard' or 'alternative', not {envelope!r}")
        if rate_limit < 1:
            raise ValueError("rate_limit must be at least 1")
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
        self._random = random.Random(seed)
        self._request_counter = 0
        self._event_counter = 0
        self._window_reset: int | None = None
        self._remaining = rate_limit

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
        self._generate()

        self.add_route("GET", "/beats", self._list_beats)
        self.add_route("GET", "/beats/{beat_id}", self._get_beat)
        self.add_route("GET", "/beats/{beat_id}/similar", self._similar_beats)
        self.add_route("GET", "/users/{user_id}", self._get_user)
        self.add_route("GET", "/genres", self._list_genres)
        self.add_route("GET", "/search", self._search)
        self.add_route("GET", "/orders", self._list_orders)

    def __repr__(self) -> str:
        # The API key stays out of reprs, like every other secret in beatkit.
        return f"FakeBeatConnect(base_url={self.base_url!r}, beats={len(self.beats)})"

    # -- data generation -----------------------------------------------------------------

    def _generate(self) -> None:
        rng = self._random
        for index, (name, slug, _, _) in enumerate(_GENRES, start=1):
            self.genres.append({"id": index, "name": name, "slug": slug})

        names: set[str] = set()
        user_ids = list(range(5660, 5700))
        for position, user_id in enumerate(user_ids):
            producer = position < 25
            if user_id == _EXAMPLE_USER_ID:
                display = "DJ Maphorisa"
            else:
                first = _FIRST[position]
                if producer:
                    if rng.random() < 0.5:
                        display = f"{rng.choice(_STAGE_PREFIX)} {first}"
                    else:
                        display = f"{first} {rng.choice(_STAGE_SUFFIX)}"
                else:
                    display = f"{first} {rng.choice(_FIRST)[0]}."
            while display in names:
                display += " II"
            names.add(display)
            self.users.append(
                {
                    "id": user_id,
                    "username": _username(display),
                    "display_name": display,
                    "role": "producer" if producer else "buyer",
                    "bio": (f"{display} makes music." if producer else None)
                    if rng.random() < 0.8
                    else None,
                    "avatar_url": f"{_API_ROOT}/avatars/{user_id}.jpg"
                    if rng.random() < 0.7
                    else None,
                    "country": rng.choice(_COUNTRIES),
                    "followers_count": rng.randint(0, 50_000) if producer else rng.randint(0, 50),
                    "created_at": _iso(rng.randint(_EPOCH_START, _EPOCH_START + 86400 * 300)),
                }
            )
        producers = [u for u in self.users if u["role"] == "producer"]
        self.owner_id = self.users[-1]["id"]

        for beat_id in range(1001, 1254):
            if beat_id == _EXAMPLE_BEAT_ID:
                self.beats.append(self._example_beat())
                continue
            genre_index = rng.randrange(len(_GENRES))
            _, _, low, high = _GENRES[genre_index]
            producer_user = rng.choice(producers)
            self.beats.append(
                {
                    "id": beat_id,
                    "title": f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}",
                    "user_id": producer_user["id"],
                    "producer_name": producer_user["display_name"],
                    "genre": {"id": genre_index + 1, "name": _GENRES[genre_index][0]},
                    "price": rng.choice(_PRICES),
                    "duration": rng.randint(120, 300),
                    "bpm": rng.randint(low, high),
                    "key": f"{rng.choice(_NOTES)} {rng.choice(('major', 'minor'))}",
                    "audio_url": f"{_API_ROOT}/audio/{beat_id}.mp3",
                    "cover_image": f"{_API_ROOT}/images/{beat_id}.jpg",
                    "created_at": _iso(rng.randint(_EPOCH_START, _EPOCH_END)),
                    "play_count": rng.randint(0, 20_000),
                    "download_count": rng.randint(0, 800),
                }
            )

        for order_id in range(8001, 8031):
            items = []
            for beat in rng.sample(self.beats, rng.randint(1, 3)):
                license_type = rng.choice(tuple(_LICENSES))
                items.append(
                    {
                        "beat_id": beat["id"],
                        "title": beat["title"],
                        "license_type": license_type,
                        "price": round(beat["price"] * _LICENSES[license_type], 2),
                    }
                )
            self.orders.append(
                {
                    "id": order_id,
                    "status": rng.choices(_ORDER_STATUSES, weights=(6, 2, 1))[0],
                    "items": items,
                    "total": round(sum(item["price"] for item in items), 2),
                    "currency": "USD",
                    "created_at": _iso(rng.randint(_EPOCH_START, _EPOCH_END)),
                }
            )

    @staticmethod
    def _example_beat() -> dict[str, Any]:
        return {
            "id": _EXAMPLE_BEAT_ID,
            "title": "Summer Vibes",
            "user_id": _EXAMPLE_USER_ID,
            "producer_name": "DJ Maphorisa",
            "genre": {"id": 1, "name": "Amapiano"},
            "price": 49.99,
            "duration": 180,
            "bpm": 115,
            "key": "C minor",
            "audio_url": f"{_API_ROOT}/audio/{_EXAMPLE_BEAT_ID}.mp3",
            "cover_image": f"{_API_ROOT}/images/{_EXAMPLE_BEAT_ID}.jpg",
            "created_at": "2023-04-15T12:34:56Z",
            "play_count": 3240,
            "download_count": 129,
        }

    # -- public helpers ------------------------------------------------------------------

    def add_beat(self, **fields: Any) -> dict[str, Any]:
        """Add a beat to the catalogue and return it.

        Unspecified fields get defaults: the next free id, the first producer,
        Amapiano, 29.99, the current clock time and so on. ``genre`` may be given
        as a genre id or as a ``{"id", "name"}`` dict; ``producer_name`` follows
        ``user_id`` unless given.

        Args:
            **fields: Any of the BEAT fields (``id``, ``title``, ``user_id``,
                ``producer_name``, ``genre``, ``price``, ``duration``, ``bpm``,
                ``key``, ``audio_url``, ``cover_image``, ``created_at``,
                ``play_count``, ``download_count``).

        Returns:
            The stored beat dict (the same object the fake serves).

        Raises:
            TypeError: An unknown field was given.
            ValueError: The id is taken, or the genre or user does not exist.
        """
        allowed = set(self._example_beat())
        unknown = set(fields) - allowed
        if unknown:
            raise TypeError(f"unknown beat fields: {', '.join(sorted(unknown))}")
        with self._lock:
            beat_id = int(fields.get("id", max((b["id"] for b in self.beats), default=1000) + 1))
            if any(b["id"] == beat_id for b in self.beats):
                raise ValueError(f"a beat with id {beat_id} already exists")
            producers = [u for u in self.users if u["role"] == "producer"]
            user_id = int(fields.get("user_id", producers[0]["id"]))
            user = self._find_user(user_id)
            if user is None:
                raise ValueError(f"no user with id {user_id}")
            genre = fields.get("genre", 1)
            genre_id = int(genre["id"] if isinstance(genre, Mapping) else genre)
            genre_row = next((g for g in self.genres if g["id"] == genre_id), None)
            if genre_row is None:
                raise ValueError(f"no genre with id {genre_id}")
            beat: dict[str, Any] = {
                "id": beat_id,
                "title": fields.get("title", "Untitled"),
                "user_id": user_id,
                "producer_name": fields.get("producer_name", user["display_name"]),
                "genre": {"id": genre_id, "name": genre_row["name"]},
                "price": round(float(fields.get("price", 29.99)), 2),
                "duration": int(fields.get("duration", 180)),
                "bpm": int(fields.get("bpm", 110)),
                "key": fields.get("key", "C minor"),
                "audio_url": fields.get("audio_url", f"{_API_ROOT}/audio/{beat_id}.mp3"),
                "cover_image": fields.get("cover_image", f"{_API_ROOT}/images/{beat_id}.jpg"),
                "created_at": fields.get("created_at", _iso(int(self.clock()))),
                "play_count": int(fields.get("play_count", 0)),
                "download_count": int(fields.get("download_count", 0)),
            }
            self.beats.append(beat)
            return beat

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
            data: The event's ``data`` object.
            secret: The webhook secret to sign with.
            event_id: The event id; defaults to ``evt_`` plus a counter.
            created: Epoch seconds; defaults to the fake's clock.
            header: The signature header name (``X-Webhook-Signature`` or
                ``BeatConnect-Signature``).

        Returns:
            ``(body, headers)``: the exact bytes to send and the headers to send
            with them (``Content-Type`` and the signature).
        """
        from beatkit.beatconnect.webhooks import sign

        with self._lock:
            self._event_counter += 1
            counter = self._event_counter
        payload = {
            "id": event_id or f"evt_{100000000 + counter}",
            "created": int(self.clock()) if created is None else created,
            "type": event_type,
            "data": dict(data),
        }
        body = json.dumps(payload, separators=(",", ":")).encode()
        return body, {"Content-Type": "application/json", header: sign(body, secret)}

    # -- hooks ---------------------------------------------------------------------------

    def _roll_window(self) -> float:
        now = self.clock()
        if self._window_reset is None or now >= self._window_reset:
            self._window_reset = math.ceil(now + self.rate_limit_window)
            self._remaining = self.rate_limit
        return now

    def before_route(self, request: httpx.Request) -> httpx.Response | None:
        """Apply the rate limit, then check the API key."""
        now = self._roll_window()
        if self._remaining == 0:
            response = self.error_response(request, 429)
            reset = self._window_reset or now
            response.headers["Retry-After"] = str(max(1, math.ceil(reset - now)))
            return response
        self._remaining -= 1
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or key.strip() != self.api_key:
            return self.error_response(request, 401)
        return None

    def finalize(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        """Add the rate-limit and request-id headers every BeatConnect response carries."""
        self._roll_window()
        response.headers["X-RateLimit-Limit"] = str(self.rate_limit)
        response.headers["X-RateLimit-Remaining"] = str(self._remaining)
        response.headers["X-RateLimit-Reset"] = str(self._window_reset)
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
        """The BeatConnect error envelope ``{"status": "error", "error": {...}}``."""
        code = code or _ERROR_CODES.get(status, "server_error")
        message = message or _ERROR_MESSAGES.get(code, "An unexpected error occurred on the server")
        body = {"status": "error", "error": {"code": code, "message": message, "details": details}}
        return self.json_response(body, status)

    def not_found(self, request: httpx.Request) -> httpx.Response:
        """404 ``not_found`` in the BeatConnect envelope."""
        return self.error_response(request, 404)

    # -- envelopes -----------------------------------------------------------------------

    def _bad_request(self, request: httpx.Request, details: str) -> httpx.Response:
        return self.error_response(request, 400, details=details)

    def _single(self, key: str, obj: dict[str, Any]) -> httpx.Response:
        if self.envelope == "alternative":
            return self.json_response({"success": True, "data": obj})
        return self.json_response({"status": "success", "data": {key: obj}})

    def _plain_list(self, key: str, items: list[dict[str, Any]], limit: int) -> httpx.Response:
        if self.envelope == "alternative":
            meta = {"page": 1, "limit": limit, "total": len(items)}
            return self.json_response({"success": True, "data": items, "meta": meta})
        return self.json_response({"status": "success", "data": {key: items}})

    def _paged_list(
        self,
        request: httpx.Request,
        key: str,
        items: Sequence[dict[str, Any]],
        page: int,
        limit: int,
    ) -> httpx.Response:
        window = list(items[(page - 1) * limit : page * limit])
        if self.envelope == "alternative":
            meta = {"page": page, "limit": limit, "total": len(items)}
            return self.json_response({"success": True, "data": window, "meta": meta})
        return self.json_response(
            {
                "status": "success",
                "data": {
                    key: window,
                    "pagination": self._pagination(request, len(items), page, limit),
                },
            }
        )

    @staticmethod
    def _pagination(request: httpx.Request, total: int, page: int, limit: int) -> dict[str, Any]:
        last_page = max(1, math.ceil(total / limit))

        def link(number: int) -> str:
            # copy_set_param keeps the caller's other parameters and their order.
            return str(request.url.copy_set_param("page", str(number)))

        return {
            "total": total,
            "per_page": limit,
            "current_page": page,
            "last_page": last_page,
            "next_page_url": link(page + 1) if page < last_page else None,
            "prev_page_url": link(page - 1) if page > 1 else None,
        }

    # -- parameter parsing ---------------------------------------------------------------

    @staticmethod
    def _int(value: str, name: str) -> int:
        if not _INT.fullmatch(value):
            raise _BadParam(f"The '{name}' parameter must be a valid integer")
        return int(value)

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
        value = self._int(raw, name)
        if minimum is not None and maximum is not None and not minimum <= value <= maximum:
            raise _BadParam(f"The '{name}' parameter must be between {minimum} and {maximum}")
        if minimum is not None and value < minimum:
            raise _BadParam(f"The '{name}' parameter must be at least {minimum}")
        return value

    @staticmethod
    def _choice_param(
        request: httpx.Request, name: str, default: str | None, choices: Sequence[str]
    ) -> str | None:
        raw: str | None = request.url.params.get(name)
        if raw is None:
            return default
        if raw not in choices:
            raise _BadParam(f"The '{name}' parameter must be one of: {', '.join(choices)}")
        return raw

    def _page_and_limit(self, request: httpx.Request, max_limit: int) -> tuple[int, int]:
        page = self._int_param(request, "page", 1, minimum=1)
        limit = self._int_param(request, "limit", 20, minimum=1, maximum=max_limit)
        assert page is not None
        assert limit is not None
        return page, limit

    def _find_user(self, user_id: int) -> dict[str, Any] | None:
        return next((u for u in self.users if u["id"] == user_id), None)

    def _user_view(self, user: dict[str, Any]) -> dict[str, Any]:
        beats_count = sum(1 for b in self.beats if b["user_id"] == user["id"])
        view = {key: user[key] for key in ("id", "username", "display_name", "role", "bio")}
        view.update(
            avatar_url=user["avatar_url"],
            country=user["country"],
            beats_count=beats_count,
            followers_count=user["followers_count"],
            created_at=user["created_at"],
        )
        return view

    # -- routes --------------------------------------------------------------------------

    def _list_beats(self, request: httpx.Request) -> httpx.Response:
        try:
            page, limit = self._page_and_limit(request, 100)
            genre = self._int_param(request, "genre", None)
            producer = self._int_param(request, "producer", None)
            sort = self._choice_param(request, "sort", "newest", _SORTS)
        except _BadParam as exc:
            return self._bad_request(request, str(exc))
        beats = [
            b
            for b in self.beats
            if (genre is None or b["genre"]["id"] == genre)
            and (producer is None or b["user_id"] == producer)
        ]
        beats = self._sorted(beats, sort or "newest")
        return self._paged_list(request, "beats", beats, page, limit)

    @staticmethod
    def _sorted(beats: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
        # Python's sort is stable: sort by id first, then by the key, so ties keep id order.
        beats = sorted(beats, key=lambda b: b["id"])
        if sort == "newest":
            return sorted(beats, key=lambda b: b["created_at"], reverse=True)
        if sort == "popular":
            return sorted(beats, key=lambda b: -b["play_count"])
        if sort == "price_asc":
            return sorted(beats, key=lambda b: b["price"])
        return sorted(beats, key=lambda b: -b["price"])

    def _beat_or_error(
        self, request: httpx.Request, beat_id: str
    ) -> dict[str, Any] | httpx.Response:
        try:
            number = self._int(beat_id, "beat_id")
        except _BadParam as exc:
            return self._bad_request(request, str(exc))
        beat = next((b for b in self.beats if b["id"] == number), None)
        if beat is None:
            return self.error_response(request, 404, details=f"No beat with id {number}")
        return beat

    def _get_beat(self, request: httpx.Request, beat_id: str) -> httpx.Response:
        beat = self._beat_or_error(request, beat_id)
        if isinstance(beat, httpx.Response):
            return beat
        return self._single("beat", beat)

    def _similar_beats(self, request: httpx.Request, beat_id: str) -> httpx.Response:
        beat = self._beat_or_error(request, beat_id)
        if isinstance(beat, httpx.Response):
            return beat
        try:
            limit = self._int_param(request, "limit", 5, minimum=1, maximum=20)
        except _BadParam as exc:
            return self._bad_request(request, str(exc))
        assert limit is not None
        candidates = [
            b
            for b in self.beats
            if b["genre"]["id"] == beat["genre"]["id"] and b["id"] != beat["id"]
        ]
        candidates.sort(key=lambda b: (abs(b["bpm"] - beat["bpm"]), b["id"]))
        return self._plain_list("beats", candidates[:limit], limit)

    def _get_user(self, request: httpx.Request, user_id: str) -> httpx.Response:
        try:
            number = self._int(user_id, "user_id")
        except _BadParam as exc:
            return self._bad_request(request, str(exc))
        user = self._find_user(number)
        if user is None:
            return self.error_response(request, 404, details=f"No user with id {number}")
        return self._single("user", self._user_view(user))

    def _list_genres(self, request: httpx.Request) -> httpx.Response:
        genres = [
            {**g, "beats_count": sum(1 for b in self.beats if b["genre"]["id"] == g["id"])}
            for g in self.genres
        ]
        return self._plain_list("genres", genres, len(genres))

    def _search(self, request: httpx.Request) -> httpx.Response:
        query = request.url.params.get("q")
        try:
            if query is None or not query.strip():
                raise _BadParam("The 'q' parameter is required")
            kind = self._choice_param(request, "type", "all", _SEARCH_TYPES) or "all"
            page, limit = self._page_and_limit(request, 50)
        except _BadParam as exc:
            return self._bad_request(request, str(exc))
        needle = query.strip().casefold()
        beats = [
            b
            for b in self.beats
            if needle in b["title"].casefold()
            or needle in b["producer_name"].casefold()
            or needle in b["genre"]["name"].casefold()
        ]
        producers = [
            self._user_view(u)
            for u in self.users
            if u["role"] == "producer"
            and (needle in u["username"].casefold() or needle in u["display_name"].casefold())
        ]
        start, end = (page - 1) * limit, page * limit
        data: dict[str, Any] = {}
        totals: list[int] = []
        if kind in ("beats", "all"):
            data["beats"] = beats[start:end]
            totals.append(len(beats))
        if kind in ("producers", "all"):
            data["producers"] = producers[start:end]
            totals.append(len(producers))
        total = max(totals)
        if self.envelope == "alternative":
            meta = {"page": page, "limit": limit, "total": total}
            return self.json_response({"success": True, "data": data, "meta": meta})
        body = {"query": query, "type": kind, **data}
        body["pagination"] = self._pagination(request, total, page, limit)
        return self.json_response({"status": "success", "data": body})

    def _list_orders(self, request: httpx.Request) -> httpx.Response:
        try:
            page, limit = self._page_and_limit(request, 100)
            status = self._choice_param(request, "status", None, _ORDER_STATUSES)
        except _BadParam as exc:
            return self._bad_request(request, str(exc))
        orders = [o for o in self.orders if status is None or o["status"] == status]
        orders = sorted(orders, key=lambda o: o["id"])
        orders = sorted(orders, key=lambda o: o["created_at"], reverse=True)
        return self._paged_list(request, "orders", orders, page, limit)
