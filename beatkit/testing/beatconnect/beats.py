"""BeatConnect's catalogue: beats, similar beats, genres and search."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

import beatkit.testing.beatconnect._data as _data
from beatkit._core.json_values import parse_datetime_text
from beatkit._core.validate import check_int, check_text
from beatkit.testing._crud import Record
from beatkit.testing._wire import timestamp
from beatkit.testing.beatconnect._base import Base, Records

__all__ = ["Beats"]

# Each sort's field and whether it is descending; ties keep id order (see Base._sorted).
_SORTS = {
    "newest": ("created_at", True),
    "popular": ("play_count", True),
    "price_asc": ("price", False),
    "price_desc": ("price", True),
}
_SEARCH_TYPES = ("beats", "producers", "all")


def _mentions(needle: str, *texts: str | None) -> bool:
    # None: a beat added with producer_name=None, which add_beat takes.
    return any(needle in text.casefold() for text in texts if text is not None)


def _beat_mentions(needle: str, beat: Record) -> bool:
    return _mentions(needle, beat["title"], beat["producer_name"], beat["genre"]["name"])


_COUNTS = ("duration", "bpm", "play_count", "download_count")
_OPTIONAL_TEXTS = ("producer_name", "key", "audio_url", "cover_image")


def _price(value: Any) -> float:
    """A price as the JSON number the API sends (``49.99``), never rounded.

    Raises:
        TypeError: Not an ``int``, ``float`` or ``Decimal`` (a ``bool`` neither).
        ValueError: Negative, not finite, or more digits than a JSON number written from
            a float carries.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"price must be an int, float or Decimal, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"price must be a finite number, not {value}")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"price must be a finite, non-negative number, not {value!r}")
    if not isinstance(value, float) and Decimal(repr(number)) != value:
        raise ValueError(
            f"price {value!r} has more digits than the JSON number the fake writes carries"
        )
    return number


def _checked(name: str, value: Any) -> Any:
    """One :meth:`Beats.add_beat` field as the API sends it.

    Raises:
        TypeError: A value of the wrong type (``True`` for a number, text for an id).
        ValueError: A number out of range, a naive datetime, or text that is not ISO 8601.
    """
    if name in ("id", "user_id"):
        return check_int(name, value, minimum=1)
    if name in _COUNTS:
        return check_int(name, value, minimum=0)
    if name == "genre":
        genre_id = value.get("id") if isinstance(value, Mapping) else value
        if isinstance(genre_id, bool) or not isinstance(genre_id, int):
            raise TypeError("genre must be a genre id or a {'id', 'name'} dict with an int id")
        return genre_id
    if name == "price":
        return _price(value)
    if name == "created_at":
        return _created_at(value)
    if name in _OPTIONAL_TEXTS and value is None:
        return None
    return check_text(name, value, allow_blank=True)


def _created_at(value: Any) -> str:
    """An upload time as the API writes it: an aware ``datetime`` (as UTC) or ISO text.

    Raises:
        TypeError: Neither text nor a ``datetime``.
        ValueError: A naive ``datetime``, or text not in ``YYYY-MM-DDThh:mm:ss[Z|±hh:mm]``.
    """
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ValueError("created_at must be an aware datetime (its time zone unknown)")
        return timestamp(value.astimezone(UTC))
    if not isinstance(value, str):
        raise TypeError(
            f"created_at must be a datetime or ISO 8601 text, not {type(value).__name__}"
        )
    try:
        parse_datetime_text(value)
    except ValueError as exc:
        raise ValueError(f"created_at: {exc}") from None
    return value


class Beats(Base):
    """Beats, their similar beats, genres and search; :meth:`add_beat` adds to the catalogue."""

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
                ``play_count``, ``download_count``), as the API sends them: ints for
                ids and counts, an ``int``, ``float`` or ``Decimal`` price (served as
                given, never rounded), text or ``None`` for the optional texts, and
                ``created_at`` as ISO 8601 text or an aware ``datetime`` (served as
                UTC text).

        Returns:
            The stored beat dict (the same object the fake serves).

        Raises:
            TypeError: An unknown field was given, or a value of the wrong type
                (``True`` for a number, text for an id).
            ValueError: The id is taken, the genre or user does not exist, a number is
                out of range (a negative price, NaN) or a time is not ISO 8601.
        """
        unknown = set(fields) - set(_data.EXAMPLE_BEAT)
        if unknown:
            raise TypeError(f"unknown beat fields: {', '.join(sorted(unknown))}")
        # Checked before anything is stored: a value the API would not send was stored
        # as given or coerced (True as 1, a price rounded), or broke every later answer.
        given = {name: _checked(name, value) for name, value in fields.items()}
        with self._lock:
            beat_id = given.get("id", max((b["id"] for b in self.beats), default=1000) + 1)
            if any(b["id"] == beat_id for b in self.beats):
                raise ValueError(f"a beat with id {beat_id} already exists")
            producers = [u for u in self.users if u["role"] == "producer"]
            user_id = given.get("user_id", producers[0]["id"])
            user = next((u for u in self.users if u["id"] == user_id), None)
            if user is None:
                raise ValueError(f"no user with id {user_id}")
            genre_id = given.get("genre", 1)
            genre_row = next((g for g in self.genres if g["id"] == genre_id), None)
            if genre_row is None:
                raise ValueError(f"no genre with id {genre_id}")
            # The defaults, in the API's field order; what is given replaces them in place.
            beat: Record = {
                "id": beat_id, "title": "Untitled", "user_id": user_id,
                "producer_name": user["display_name"], "genre": None, "price": 29.99,
                "duration": 180, "bpm": 110, "key": "C minor",
                "audio_url": f"{_data.API_ROOT}/audio/{beat_id}.mp3",
                "cover_image": f"{_data.API_ROOT}/images/{beat_id}.jpg",
                "created_at": timestamp(int(self.clock())), "play_count": 0, "download_count": 0,
            }  # fmt: skip
            beat.update(given, genre={"id": genre_id, "name": genre_row["name"]})
            self.beats.append(beat)
            return beat

    def _with_counts(self, request: httpx.Request) -> list[Record]:
        return [
            {**g, "beats_count": sum(1 for b in self.beats if b["genre"]["id"] == g["id"])}
            for g in self.genres
        ]

    _beats = Records(name="beats", model="beat", ops="get")
    _genres = Records(name="genres", model="genre", ops="list", select=_with_counts)

    def on_beats_list(self, request: httpx.Request) -> httpx.Response:
        page, limit = self._page_and_limit(request, 100)
        genre = self._int_param(request, "genre", None)
        producer = self._int_param(request, "producer", None)
        sort = self._choice_param(request, "sort", "newest", tuple(_SORTS)) or "newest"
        beats = [b for b in self.beats if genre in (None, b["genre"]["id"])]
        beats = [b for b in beats if producer in (None, b["user_id"])]
        return self._paged_list(request, "beats", self._sorted(beats, *_SORTS[sort]), page, limit)

    def on_beats_similar(self, request: httpx.Request, beat_id: str) -> httpx.Response:
        beat = self._beats.find(self, request, beat_id)
        limit = self._int_param(request, "limit", 5, minimum=1, maximum=20) or 5
        genre_id = beat["genre"]["id"]
        similar = [b for b in self.beats if b["genre"]["id"] == genre_id and b is not beat]
        similar.sort(key=lambda b: (abs(b["bpm"] - beat["bpm"]), b["id"]))
        del similar[limit:]
        return self._answer({"beats": similar}, similar, (1, limit, len(similar)))

    def on_search(self, request: httpx.Request) -> httpx.Response:
        query = request.url.params.get("q")
        if query is None or not query.strip():
            raise self._abort(request, 400, "The 'q' parameter is required")
        kind = self._choice_param(request, "type", "all", _SEARCH_TYPES) or "all"
        page, limit = self._page_and_limit(request, 50)
        needle = query.strip().casefold()
        found: dict[str, list[Record]] = {}
        if kind in ("beats", "all"):
            found["beats"] = [b for b in self.beats if _beat_mentions(needle, b)]
        if kind in ("producers", "all"):
            producers = [u for u in self.users if u["role"] == "producer"]
            named = [u for u in producers if _mentions(needle, u["username"], u["display_name"])]
            found["producers"] = [self._user_view(u) for u in named]
        data = {name: items[(page - 1) * limit : page * limit] for name, items in found.items()}
        total = max(len(items) for items in found.values())
        pagination = self._pagination(request, total, page, limit)
        body = {"query": query, "type": kind, **data, "pagination": pagination}
        return self._answer(body, data, (page, limit, total))
