"""The Beatport converters: exact round trips of responses whose shapes vary by endpoint.

On top of the shared hooks (tz-aware datetimes with their offsets, ``Decimal``
money from JSON floats, unknown keys kept in ``extra``; datetimes without an
offset, and Unix numbers, are refused: Beatport sends neither), every
:class:`~beatkit.beatport.models.BeatportModel` remembers which of its declared
keys a response left out, and unstructuring leaves them out again. Beatport
embeds one resource in several shapes (an artist inside a track has five keys,
the artist endpoint more), so one model per resource can declare every key and
still give back exactly the JSON it read.

Some fields take more than one shape: a release's ``type`` (a name or an
``{"id", "name"}`` object), date fields that may carry a time (a track's
free-download dates, a subscription's dates: a value with a time is kept as a
``datetime``), and search items (a search document or a catalog object).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import cattrs
from cattrs.gen import override

from beatkit._core.converter import (
    json_type,
    make_converter,
    model_hooks,
    structure_date,
    structure_datetime,
    structure_offset_datetime,
    unstructure_date,
    unstructure_datetime,
)

# The shared model hooks (extra keys, absent keys, strict mode), with Beatport's
# per-field overrides.
from beatkit._core.json_values import JSONTypeError
from beatkit._core.lazy import built_on_first_use
from beatkit.beatport.models import (
    Artist,
    ArtistHit,
    BeatportModel,
    Chart,
    ChartHit,
    Label,
    LabelHit,
    Release,
    ReleaseHit,
    ReleaseType,
    Subscription,
    TokenIntrospection,
    Track,
    TrackHit,
)

__all__ = ["converter", "make_beatport_converter", "strict_converter"]


def _structure_day(value: Any, _: Any = None) -> date | None:
    """A date, or a datetime when the value carries a time."""
    if value is None:
        return None
    if isinstance(value, str) and len(value) > len("YYYY-MM-DD"):
        return structure_offset_datetime(value)
    return structure_date(value)


def _unstructure_day(value: date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return unstructure_datetime(value)
    return unstructure_date(value)


def _days(*names: str) -> dict[str, Any]:
    return {
        name: override(struct_hook=_structure_day, unstruct_hook=_unstructure_day) for name in names
    }


def _structure_seconds(value: Any, _: Any = None) -> int | None:
    """Unix seconds (a JSON integer) that a ``datetime`` can hold.

    ``TokenIntrospection.expires_at`` turns ``exp`` into a ``datetime``: a value out of
    its range is refused here, at the call that read it, not later by a property.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"invalid Unix timestamp: expected an integer, got {json_type(value)}")
    structure_datetime(value)  # raises ValueError when out of range
    return value


def _seconds(*names: str) -> dict[str, Any]:
    return {name: override(struct_hook=_structure_seconds) for name in names}


_MILLISECOND = timedelta(milliseconds=1)
_LONGEST_MS = timedelta.max // _MILLISECOND
_SHORTEST_MS = timedelta.min // _MILLISECOND


def _structure_milliseconds(value: Any, _: Any = None) -> int | None:
    """A length in milliseconds (a JSON integer) that a ``timedelta`` can hold.

    ``Track.duration`` turns ``length_ms`` into a ``timedelta``: a value out of its
    range (about 2.7 million years) is refused here, at the call that read it, not
    later by the property with a bare ``OverflowError``.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise JSONTypeError("int", value)
    if not _SHORTEST_MS <= value <= _LONGEST_MS:
        # The digits are not repeated: an int may have thousands.
        raise ValueError(
            "invalid length in milliseconds: past what a timedelta holds (999999999 days)"
        )
    return value


_OVERRIDES: Mapping[type[BeatportModel], Mapping[str, Any]] = {
    Track: {
        **_days("free_download_start_date", "free_download_end_date"),
        "length_ms": override(struct_hook=_structure_milliseconds),
    },
    Subscription: _days("start_date", "renewal_date", "end_date"),
    TokenIntrospection: _seconds("exp", "iat"),
}

_SEARCH_ITEMS: tuple[tuple[type[BeatportModel], type[BeatportModel], str], ...] = (
    (TrackHit, Track, "track_id"),
    (ArtistHit, Artist, "artist_id"),
    (LabelHit, Label, "label_id"),
    (ReleaseHit, Release, "release_id"),
    (ChartHit, Chart, "chart_id"),
)
"""Search items; a search document (told by its ``<kind>_id`` key) or a catalog object."""


_RELEASE_TYPE: Any = str | ReleaseType | None
"""The annotation of :attr:`Release.type`, which cattrs cannot structure unaided."""


def _is_beatport_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BeatportModel)


def _hooks(
    conv: cattrs.Converter, cls: type[BeatportModel]
) -> tuple[Callable[[Any, Any], Any], Callable[[Any], dict[str, Any]]]:
    # The shared hooks remember the optional keys a response left out.
    return model_hooks(conv, cls, _OVERRIDES.get(cls, {}))


def make_beatport_converter(*, strict: bool = False) -> cattrs.Converter:
    """Build a converter for the Beatport models.

    Args:
        strict: Raise on response keys the models do not declare (tests, drift
            checks) instead of keeping them in ``extra``.

    Returns:
        A new converter.
    """
    # Beatport (Django REST framework) sends numbers as JSON numbers: text is refused.
    # Its datetimes all carry their offset (Mountain time, "-06:00"/"-07:00"): one
    # without is not UTC by any sign the API gives, and a number is no Beatport form.
    conv = make_converter(strict=strict, text_numbers=False, offset_datetimes=True)
    # Registered after the shared model factory, so these take precedence for
    # Beatport models (cattrs tries the newest hooks first).
    conv.register_structure_hook_factory(_is_beatport_model, lambda tp, c: _hooks(c, tp)[0])
    conv.register_unstructure_hook_factory(_is_beatport_model, lambda tp, c: _hooks(c, tp)[1])

    def structure_release_type(value: Any, _: Any) -> str | ReleaseType | None:
        if value is None or isinstance(value, str):
            return value
        if not isinstance(value, Mapping):
            # Both forms named: "expected object" alone hid that a name is as good.
            raise JSONTypeError("str or object or null", value)
        return conv.structure(value, ReleaseType)

    conv.register_structure_hook_func(lambda tp: tp == _RELEASE_TYPE, structure_release_type)

    for hit, catalog, marker in _SEARCH_ITEMS:

        def structure_item(
            value: Any,
            _: Any,
            hit: type[BeatportModel] = hit,
            catalog: type[BeatportModel] = catalog,
            marker: str = marker,
        ) -> BeatportModel:
            cls = hit if isinstance(value, Mapping) and marker in value else catalog
            return conv.structure(value, cls)

        union: Any = hit | catalog

        def is_union(tp: Any, union: Any = union) -> bool:
            return bool(tp == union)

        conv.register_structure_hook_func(is_union, structure_item)
    return conv


converter = make_beatport_converter()
"""Lenient; unknown keys are kept in each model's ``extra``."""

get_strict_converter, _getattr = built_on_first_use(
    __name__, "strict_converter", lambda: make_beatport_converter(strict=True), globals()
)
"""The strict converter, built on first call (a lenient client never needs it)."""

if TYPE_CHECKING:
    strict_converter: cattrs.Converter
    """Strict; unknown keys raise, so API drift shows up in tests."""
else:
    __getattr__ = _getattr
