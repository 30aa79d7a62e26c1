"""What editorial and progress writes send, checked before anything is sent.

Plain code shared by the sync and async resources: the banner link types, the
synthetic release-group aliases, lists of entries and objects, catalogue filters and
the position fields of a progress record.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

from beatkit._core.http import json_text
from beatkit._core.params import fields, optional_choice, optional_int, optional_text
from beatkit._core.validate import has_lone_surrogate, shown_number
from beatkit.beattech.context import json_object, text_id
from beatkit.beattech.wire import MAX_LOOKUP_IDS

__all__ = [
    "BANNER_LINK_TYPES",
    "MAX_RELEASE_IDS",
    "POSITION_TYPES",
    "PROGRESS_ENTITY_TYPES",
    "SYNTHETIC_GROUPS",
    "Image",
    "LinkType",
    "filter_text",
    "id_entries",
    "json_objects",
    "numeric_id",
    "position_fields",
    "reader_ratio",
    "release_ref",
    "require_changes",
]

BANNER_LINK_TYPES: Final = (
    "release",
    "artist",
    "banner-group",
    "release-group",
    "series",
    "url",
    "paginated-release-group",
)
"""What a banner may link to (the create operation's enum, L1517). The update
operation's enum (L1633) lacks ``paginated-release-group``; beatkit lets the server
judge that one rather than refuse a banner's own link type."""

LinkType = Literal[
    "release", "artist", "banner-group", "release-group", "series", "url",
    "paginated-release-group",
]  # fmt: skip
"""A banner's link type, for type checkers (see :data:`BANNER_LINK_TYPES`)."""

SYNTHETIC_GROUPS: Final = ("purchased", "borrowed", "finished", "played", "wishlist")
"""The aliases of the logged-in user's synthetic release groups."""

MAX_RELEASE_IDS: Final = MAX_LOOKUP_IDS
"""The most ``release_ids`` one synthetic-group listing takes."""

PROGRESS_ENTITY_TYPES: Final = ("track", "release")
"""What a progress record may be about."""

POSITION_TYPES: Final = ("audio", "ebook")
"""How a progress record or a bookmark locates the position; seconds (``audio``, the
default) or an EPUB location (``ebook``)."""

Image = str | os.PathLike[str]
"""An image file to upload, by path."""


def numeric_id(name: str, value: Any) -> str:
    """A numeric id (``3`` or ``"3"``), where the API takes no alias.

    Raises:
        TypeError: Neither text nor an int.
        ValueError: Not a run of digits.
    """
    text = text_id(name, value)
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{name} must be a numeric id, not {text!r}")
    return text


def _sequence(name: str, values: Any, what: str) -> Sequence[Any]:
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a sequence of {what}")
    return values


def json_objects(name: str, values: Any) -> list[dict[str, Any]]:
    """A sequence of JSON objects (mappings with text keys), as plain dicts.

    Raises:
        TypeError: Not a sequence of mappings with text keys.
    """
    return [
        _object(f"{name}[{index}]", value)
        for index, value in enumerate(_sequence(name, values, "mappings"))
    ]


def _object(where: str, value: Any) -> dict[str, Any]:
    # One item of a list: json_object's check, except that None is refused too.
    checked = json_object(where, () if value is None else value)
    assert checked is not None  # json_object gives None only for None
    return checked


def id_entries(name: str, values: Any) -> list[dict[str, Any]]:
    """Ids or objects as a list of objects: ``["401", {"id": 402, "x": 1}]`` ->
    ``[{"id": "401"}, {"id": "402", "x": 1}]``.

    Raises:
        TypeError: An item is neither an id nor a mapping with text keys, or
            ``values`` is not a sequence.
        ValueError: A blank id, or a mapping without an ``id``.
    """
    entries = []
    for index, value in enumerate(_sequence(name, values, "ids or mappings")):
        where = f"{name}[{index}]"
        if isinstance(value, Mapping):
            if "id" not in value:
                raise ValueError(f"{where} has no 'id'")
            entry = _object(where, value)
            entries.append({**entry, "id": text_id(f"{where}.id", value["id"])})
        else:
            entries.append({"id": text_id(where, value)})
    return entries


def filter_text(value: Any, name: str = "source_link_filter") -> str | None:
    """A catalogue filter as the JSON-encoded text the API takes (``None`` stays ``None``).

    Text is sent as it is once it reads as JSON (``NaN`` and ``Infinity`` are not JSON);
    a mapping (any, not only a ``dict``) or a list is encoded, compact and not
    ASCII-escaped, as request bodies are. Nothing JSON cannot carry as given is sent:
    ``json`` would write ``{1: "a"}`` as ``{"1": "a"}``, and a lone surrogate as an
    escape no UTF-8 reader takes.

    Raises:
        TypeError: Neither text nor a mapping or list; a value JSON has no form for (a
            ``set``, a ``date``), or an object key that is not text.
        ValueError: Text that is not JSON, NaN or infinity in a mapping or list, a lone
            surrogate (escaped in text, or in a mapping or list), or nesting too deep
            to read or write.
    """
    if value is None:
        return None
    if isinstance(value, str):
        try:
            data: Any = json.loads(value, parse_constant=_not_json)
        except RecursionError:
            raise ValueError(f"{name} is nested too deeply to read as JSON") from None
        except ValueError:
            raise ValueError(f"{name} must be JSON text (or a mapping or list)") from None
    elif isinstance(value, Mapping | list):
        data = dict(value) if isinstance(value, Mapping) else value
    else:
        raise TypeError(f"{name} must be JSON text, a mapping or a list")
    # Written as a request body is, with its checks; not ASCII-escaped, so a lone
    # surrogate (given, or escaped in the text) shows in what would be sent.
    text = json_text(data, f"{name} cannot be written as JSON")
    if has_lone_surrogate(text):
        raise ValueError(f"{name} holds a lone surrogate, which UTF-8 cannot encode")
    return value if isinstance(value, str) else text


def _not_json(constant: str) -> Any:
    """``json.loads``' hook for ``NaN``, ``Infinity`` and ``-Infinity``: not JSON."""
    raise ValueError(f"{constant} is not JSON")


def release_ref(item: Any) -> Any:
    """An item of a synthetic group listed with ``response_type=id``: an object
    ``{"id": ...}`` as it is, a bare id as such an object."""
    if isinstance(item, str | int) and not isinstance(item, bool):
        return {"id": item}
    return item


def require_changes(body: Mapping[str, Any], what: str) -> None:
    """Refuse an update that would send nothing.

    Raises:
        ValueError: ``body`` is empty.
    """
    if not body:
        raise ValueError(f"{what} needs at least one field to change")


def reader_ratio(value: Any) -> float | int | None:
    """``reader_position_ratio``: how far into an e-book, a number from 0 to 1.

    Raises:
        TypeError: Not a number.
        ValueError: Outside 0..1, or not finite.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"reader_position_ratio must be a number, got {type(value).__name__}")
    # Compared, not converted: float() (and math.isfinite) raise OverflowError on an
    # int past a float's range; NaN and the infinities fail the comparison too.
    if not 0 <= value <= 1:
        raise ValueError(
            f"reader_position_ratio must be between 0 and 1, got {shown_number(value)}"
        )
    return value


def position_fields(
    *,
    position_type: str | None,
    stop_position: int | None,
    reader_position_selector: str | None,
    reader_position_ratio: float | None,
) -> dict[str, Any]:
    """The position fields of a progress record, checked against its type.

    An audio position (the default) needs ``stop_position`` and refuses the
    ``reader_position_*`` fields; an e-book one needs ``reader_position_selector`` and
    ``reader_position_ratio`` and may carry a ``stop_position`` too (the page's own
    request samples send ``"position_type": "ebook"`` with ``"stop_position": 0``,
    L3592-3600 and L3687-3693).

    Raises:
        TypeError: A field has the wrong type.
        ValueError: An unknown position type, a missing field of the type,
            ``reader_position_*`` on an audio position, a negative position or a ratio
            outside 0..1.
    """
    kind = optional_choice("position_type", position_type, POSITION_TYPES)
    stop = optional_int("stop_position", stop_position, minimum=0)
    selector = optional_text("reader_position_selector", reader_position_selector)
    ratio = reader_ratio(reader_position_ratio)
    if (kind or "audio") == "audio":
        if stop is None:
            raise ValueError("an audio position needs stop_position (seconds from the start)")
        if selector is not None or ratio is not None:
            raise ValueError("reader_position_* are for position_type='ebook'")
    else:
        if selector is None or ratio is None:
            raise ValueError(
                "an ebook position needs reader_position_selector and reader_position_ratio"
            )
    return fields(
        position_type=kind,
        stop_position=stop,
        reader_position_selector=selector,
        reader_position_ratio=ratio,
    )
