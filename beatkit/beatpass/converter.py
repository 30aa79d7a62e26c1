"""The BeatPass converters: the API's camelCase key, alternative key names, lenient dates.

BeatPass runs on Laravel (PHP), whose ``json_encode`` writes an empty associative array
as ``[]``: a map field (a backstage request's ``data``) takes ``[]`` as the empty map,
and an optional object field (a license check's ``license_details``, a playlist's
``tracks`` page) takes ``[]`` as no object. An optional object given ``{}`` is no object
either when its model needs a field (the OpenAPI file types ``license_details`` as an
object that is not nullable, so a check without a license can only send ``{}``). A
non-empty array, or an object missing a required field, is still refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs
import cattrs
from cattrs.gen import override

from beatkit._core.converter import (
    is_mapping,
    make_converter,
    optional_inner,
    php_mapping_factory,
    register_model,
    structure_date,
    structure_datetime,
)
from beatkit._core.lazy import built_on_first_use
from beatkit._core.model import Model
from beatkit.beatpass.models import (
    AlbumPage,
    AudioSearchResult,
    OwnershipCheck,
    Playlist,
    RadioRecommendations,
    TrackPage,
    Waveform,
)

__all__ = ["converter", "strict_converter"]

# Where the two vendor sources (or the API and its docs) name one field two ways, the
# second name is read as the first. Keys: model -> {other name: the name the model reads}.
_ALIASES: dict[type[Model], dict[str, str]] = {
    Playlist: {"total_duration": "totalDuration"},
    Waveform: {"waveData": "peaks", "wave_data": "peaks"},
    AudioSearchResult: {"results": "tracks"},
    RadioRecommendations: {"recommendations": "tracks"},
    OwnershipCheck: {"owns": "is_owner", "owner": "is_owner", "is_owned": "is_owner"},
}


def _lenient_date(value: Any, _: Any = None) -> date:
    """``YYYY-MM-DD``, or a Laravel datetime (``2024-01-01T00:00:00.000000Z``) cut to its date."""
    if isinstance(value, str) and len(value) > 10:
        return structure_datetime(value).date()
    return structure_date(value)


def _register_aliases(conv: cattrs.Converter, cls: type[Model], aliases: Mapping[str, str]) -> None:
    inner = conv.get_structure_hook(cls)
    inner_unstructure = conv.get_unstructure_hook(cls)

    def structure(obj: Any, tp: Any) -> Any:
        sent_as: dict[str, str] = {}
        if isinstance(obj, Mapping) and not aliases.keys().isdisjoint(obj.keys()):
            obj = dict(obj)
            for alias, key in aliases.items():
                if alias in obj and key not in obj:
                    obj[key] = obj.pop(alias)
                    sent_as[key] = alias
        instance = inner(obj, tp)
        if sent_as:
            # Remembered so that unstructuring gives back the key the API sent; the
            # instance is fresh and not yet shared, as in the shared model hooks.
            object.__setattr__(instance, "_sent_as", sent_as)
        return instance

    def unstructure(instance: Any) -> dict[str, Any]:
        result: dict[str, Any] = inner_unstructure(instance)
        for key, alias in instance._sent_as.items():
            if key in result and alias not in result:
                result[alias] = result.pop(key)
        return result

    # Predicate hooks, registered last, win over the generated ones they wrap.
    conv.register_structure_hook_func(lambda tp: tp is cls, structure)
    conv.register_unstructure_hook_func(lambda tp: tp is cls, unstructure)


def _optional_model(tp: Any) -> type[Model] | None:
    """``M`` for ``M | None`` where ``M`` is a model, else ``None``."""
    model = optional_inner(tp)
    return model if isinstance(model, type) and issubclass(model, Model) else None


def _optional_model_factory(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """An optional object: ``null`` and ``[]`` are none, and ``{}`` too when it cannot be
    the model (a required field is missing from it by definition)."""
    model = _optional_model(tp)
    assert model is not None
    needs_fields = any(a.init and a.default is attrs.NOTHING for a in attrs.fields(model))
    # Looked up on first use: models refer to each other in cycles.
    hook: Callable[[Any, Any], Any] | None = None

    def structure(value: Any, _: Any) -> Any:
        nonlocal hook
        if value is None or (type(value) is list and not value):
            return None
        if needs_fields and type(value) is dict and not value:
            return None
        if hook is None:
            hook = conv.get_structure_hook(model)
        return hook(value, model)

    return structure


def _build(*, strict: bool) -> cattrs.Converter:
    # Laravel sends numbers and booleans as text in places ("12", "false"), depending on
    # the column and the database driver: lossless text is read as the number it spells.
    conv = make_converter(strict=strict, text_numbers=True)
    conv.register_structure_hook(date, _lenient_date)
    # Registered after the shared hooks (so they win) and before any model is generated
    # (cattrs bakes the hooks of field types into the hooks it generates).
    conv.register_structure_hook_factory(is_mapping, php_mapping_factory)
    conv.register_structure_hook_factory(
        lambda tp: _optional_model(tp) is not None, _optional_model_factory
    )
    # Pages first: cattrs bakes the hooks of field types into the hooks it generates, so
    # a model holding a page (Playlist.tracks, and Artist.albums through Track) must be
    # generated after the page's rename is registered.
    for page in (AlbumPage, TrackPage):
        register_model(conv, page, from_=override(rename="from"))
    register_model(conv, Playlist, total_duration=override(rename="totalDuration"))
    for cls, aliases in _ALIASES.items():
        _register_aliases(conv, cls, aliases)
    return conv


converter = _build(strict=False)
"""Lenient; unknown keys are kept in each model's ``extra``."""

get_strict_converter, _getattr = built_on_first_use(
    __name__, "strict_converter", lambda: _build(strict=True), globals()
)
"""The strict converter, built on first call (a lenient client never needs it)."""

if TYPE_CHECKING:
    strict_converter: cattrs.Converter
    """Strict; unknown keys raise, so API drift shows up in tests."""
else:
    __getattr__ = _getattr
