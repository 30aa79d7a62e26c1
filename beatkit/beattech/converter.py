"""The Beat Technology converters: text ids, UTC datetimes, size-keyed images, id-or-object lists.

On top of the shared hooks (:mod:`beatkit._core.converter`: only lossless conversions):

* **ids**: a field named ``id`` or ``*_id`` typed ``str`` takes a JSON string, or a
  JSON integer read as its decimal text (``28392`` -> ``"28392"``). The page says ids
  are always strings (L37-39) but types many of them ``integer`` (L5546, L3998,
  L6087...), and a public client reads ``cover.release_id`` as a number; an integer
  and its decimal text name the same id, so nothing is lost. A boolean, a float or
  ``null`` (for a required id) is still refused.
* **datetimes**: ``YYYY-MM-DDThh:mm:ssZ`` as the page sends them; offsets, fractions
  and the ``YYYY-MM-DD hh:mm:ss`` of progress records are read too (no offset means
  UTC), and every value is normalised to UTC. A JSON number is refused, not read as
  a Unix timestamp: the page sends datetimes as text only (L45-59).
* **images**: ``cover`` (and ``image``) maps of size token to URL
  (``{"w800": "https://..."}``) keep their text values; an integer in them (the
  ``release_id`` a cover may carry) is read as its text, like an id; an empty array
  (PHP's empty map) is the empty map.
* **empty maps**: every map (a track's ``streams``, a release's ``streams``, a batch
  entry's ``headers``, the metadata bag, a change's ``body``...) takes an empty JSON
  array as the empty map: the backend is PHP, whose ``json_encode`` writes an empty
  map as ``[]``. A non-empty array is still refused.
* **batch headers**: an entry's ``X-Change`` is a JSON integer, its decimal text, or
  a one-item array of either (a PHP header bag); any other shape, a negative
  integer, text that spells no such number, and two spellings naming two ids are a
  decode failure, not "no change id". A change record's ``id`` is a JSON integer or
  exactly its decimal text (``"82"``, not ``" 82"`` or ``"082"``: a JSON value, not a
  header, has nothing to trim): the page's example sends it as an integer
  (L5882-5896), its rule for every ``id`` as text (L37-39).
* **id-or-object lists**: a group's ``releases`` or ``banners`` are objects with
  ``X-Include: group-releases`` / ``group-banners`` and ids without: each item is
  read as the model or as an id.
* **numbers**: JSON numbers only (``text_numbers=False``). The page sends every
  count, position, amount and price as a number (``"duration": 103`` L5116,
  ``"amount": 0`` L2575); numeric text (``"12"``) in an ``int``, ``float`` or
  ``Decimal`` field is refused like any other wrong type. Text stays readable where
  the page sends it: ids (above), a batch entry's ``X-Change`` (a header value) and a
  change record's ``id``.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import override

import beatkit.beattech.models as models
from beatkit._core.converter import (
    JSONTypeError,
    is_mapping,
    make_converter,
    php_mapping_factory,
    register_model,
    structure_text_datetime,
)
from beatkit._core.lazy import built_on_first_use
from beatkit._core.model import Model
from beatkit.beattech.sync import parse_change_id

__all__ = ["converter", "structure_id", "strict_converter"]


def structure_id(value: Any, _: Any = str) -> str:
    """An id: a JSON string as it is, or a JSON integer as its decimal text.

    Raises:
        JSONTypeError: Any other JSON type (``true`` is not an id).
    """
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise JSONTypeError("str", value)


def _optional_id(value: Any, _: Any = None) -> str | None:
    return None if value is None else structure_id(value)


def _structure_utc(value: Any, _: Any = None) -> datetime:
    return structure_text_datetime(value).astimezone(UTC)


def _image_map(value: Any, _: Any = None) -> dict[str, str]:
    """A map of size token to URL; integers (an id it carries) as their text.

    An empty array is the empty map: the image "is returned empty" without the size
    header (L2673, L2735), and PHP's ``json_encode`` writes an empty map as ``[]``.
    """
    if isinstance(value, list) and not value:
        return {}
    if not isinstance(value, Mapping):
        raise JSONTypeError("object", value)
    result: dict[str, str] = {}
    for key, item in value.items():
        try:
            result[str(key)] = structure_id(item)
        except JSONTypeError as exc:
            raise JSONTypeError(f"str (in {key!r})", item) from exc
    return result


def _optional_image_map(value: Any, _: Any = None) -> dict[str, str] | None:
    return None if value is None else _image_map(value)


_X_CHANGE = "a non-negative integer or its text, alone or in a one-item array (in 'X-Change')"
_CHANGE_ID = "a non-negative integer or its text"


# A change id's decimal text exactly: no sign, no leading zeros, nothing around it.
_CHANGE_ID_TEXT = re.compile(r"0|[1-9][0-9]*")


def _change_id(value: Any, _: Any = None) -> int:
    """A change record's ``id``: a JSON integer (the Changes API example, L5882-5896) or
    its decimal text (the page's rule for every ``id``, L37-39); the page says both.

    Text is read as ``int`` fields read numeric text: exactly the digits, so ``" 82"``
    and ``"082"`` are refused. (A header's ``X-Change`` is trimmed: header values
    carry spaces around them; a JSON value does not.)

    Raises:
        JSONTypeError: Anything else, a negative number among them.
    """
    if isinstance(value, str) and not _CHANGE_ID_TEXT.fullmatch(value):
        raise JSONTypeError(_CHANGE_ID, value)
    number = parse_change_id(value)
    if number is None:
        raise JSONTypeError(_CHANGE_ID, value)
    return number


def _batch_headers(value: Any, _: Any = None) -> dict[str, Any]:
    """A batch entry's headers, their ``X-Change`` in a shape that can be read.

    The page sends ``X-Change`` as a JSON integer (L5863); a header value is text,
    and a PHP header bag (Symfony's ``all()``, PSR-7's ``getHeaders()``) holds each
    value in a one-item list. Any other shape is refused: read as "no change id", it
    would count an accepted write as a conflict. ``[]`` is PHP's empty map.
    """
    if type(value) is list and not value:
        return {}
    if not isinstance(value, Mapping):
        raise JSONTypeError("object", value)
    ids: set[int] = set()
    for name, item in value.items():
        if str(name).lower() != "x-change":
            continue
        single = item[0] if type(item) is list and len(item) == 1 else item
        # Change ids count up from 0: a negative one, or text that spells no number
        # ("", "n/a", "+5", "82.0"), is no id, and read as "no change id" it would
        # count the accepted write as a conflict.
        number = parse_change_id(single)
        if number is None:
            raise JSONTypeError(_X_CHANGE, item)
        ids.add(number)
    # Two spellings (X-Change, x-change) naming two ids: change_id would read one
    # and lose the other.
    if len(ids) > 1:
        raise JSONTypeError(f"one change id (in 'X-Change'), not {sorted(ids)}", value)
    return dict(value)


_ID_TYPES = {str: structure_id, str | None: _optional_id}
_IMAGE_TYPES = {Mapping[str, str]: _image_map, Mapping[str, str] | None: _optional_image_map}
_IMAGE_FIELDS = frozenset({"cover", "image"})


def _field_hooks(cls: type[Model]) -> dict[str, Any]:
    """Per-field overrides of one model: its ids and its image maps."""
    overrides: dict[str, Any] = {}
    if cls is models.BatchResponse:
        overrides["headers"] = override(struct_hook=_batch_headers)
    if cls is models.Change:
        overrides["id"] = override(struct_hook=_change_id)
    for attribute in attrs.fields(cls):
        name, tp = attribute.name, attribute.type
        if name in overrides:
            continue
        if (name == "id" or name.endswith("_id")) and tp in _ID_TYPES:
            overrides[name] = override(struct_hook=_ID_TYPES[tp])
        elif name in _IMAGE_FIELDS and tp in _IMAGE_TYPES:
            overrides[name] = override(struct_hook=_IMAGE_TYPES[tp])
    return overrides


def _ref_model(tp: Any) -> type[Model] | None:
    """``M`` for a ``M | str`` union of one model and ``str``, else ``None``."""
    if get_origin(tp) not in (Union, types.UnionType):
        return None
    args = get_args(tp)
    if len(args) != 2 or str not in args:
        return None
    other = args[0] if args[1] is str else args[1]
    return other if isinstance(other, type) and issubclass(other, Model) else None


def _ref_factory(tp: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    model = _ref_model(tp)
    assert model is not None
    hook: Callable[[Any, Any], Any] | None = None

    def structure(value: Any, _: Any) -> Any:
        nonlocal hook
        if isinstance(value, Mapping):
            if hook is None:
                hook = conv.get_structure_hook(model)
            return hook(value, model)
        return structure_id(value)

    return structure


def _build(*, strict: bool) -> cattrs.Converter:
    conv = make_converter(strict=strict, text_numbers=False, epoch_datetimes=False)
    # Registered after the shared hooks, so it takes precedence over them.
    conv.register_structure_hook_factory(is_mapping, php_mapping_factory)
    conv.register_structure_hook(datetime, _structure_utc)
    conv.register_structure_hook_factory(lambda tp: _ref_model(tp) is not None, _ref_factory)
    for cls in _contained_first():
        register_model(conv, cls, **_field_hooks(cls))
    return conv


def _contained_first() -> list[type[Model]]:
    """The models, each after the models its fields name.

    cattrs bakes the hooks of a model's field types into the function it generates
    for that model: registered before the models it contains (``PartnerActivation``
    before ``PartnerUser``), a model would read them with the default hooks, without
    the id and image overrides above.
    """
    found = [getattr(models, name) for name in models.__all__]
    classes = [cls for cls in found if isinstance(cls, type) and issubclass(cls, Model)]
    for cls in classes:
        attrs.resolve_types(cls, vars(models))
    ordered: list[type[Model]] = []
    visiting: set[type[Model]] = set()

    def visit(cls: type[Model]) -> None:
        if cls in ordered or cls in visiting:  # done, or a model that names itself
            return
        visiting.add(cls)
        for attribute in attrs.fields(cls):
            for inner in _models_in(attribute.type):
                if inner in classes:
                    visit(inner)
        visiting.discard(cls)
        ordered.append(cls)

    for cls in classes:
        visit(cls)
    return ordered


def _models_in(tp: Any) -> list[type[Model]]:
    """The model classes a field type names (``M``, ``M | None``, ``list[M]``...)."""
    if isinstance(tp, type) and issubclass(tp, Model):
        return [tp]
    return [model for arg in get_args(tp) for model in _models_in(arg)]


converter = _build(strict=False)
"""Lenient; unknown keys are kept in each model's ``extra``."""

get_strict_converter, _getattr = built_on_first_use(
    __name__, "strict_converter", lambda: _build(strict=True), globals()
)
"""The strict converter, built on first call (a lenient client never needs it)."""

if TYPE_CHECKING:
    strict_converter: cattrs.Converter
    """Strict; unknown keys raise, so API drift shows up in tests of fixtures you own."""
else:
    __getattr__ = _getattr
