"""The oracle of the exact-value fuzz: is a structured value what the JSON said?

:func:`check_model` walks a decoded model beside the JSON it came from, field by
field with the declared types, and says where a value differs from the one sent by
more than the conversions the decoding guide documents (``docs/concepts.md``,
"Decoding"): numeric text where a service sends numbers as text, ``"true"`` and
``"false"`` for a ``bool``, an integer a ``float`` holds exactly, Beat Technology's
integer ids as their text and its datetimes in UTC, PHP's ``[]`` for an empty map,
BeatPass's dates written as datetimes. Anything else (``true`` read as ``1``, ``1.7``
as ``1``, ``" 7"`` as ``7``, an offset dropped) is a coercion.
"""

from __future__ import annotations

import collections.abc
import enum
import importlib
import math
import re
import types
import typing
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import attrs

from beatkit._core.json_values import NUMBER_TEXT, FloatText, unstructure_decimal
from beatkit._core.model import Model

SERVICES = ("beatport", "beatpass", "beatconnect", "beattech")

_INT_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DATETIME_TEXT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?"
)
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@attrs.frozen
class Rules:
    """What one service's converter documents beyond the shared rules."""

    text_numbers: bool = False
    """Numeric text is read as the number it spells (BeatPass)."""
    php_maps: bool = False
    """``[]`` is the empty map (PHP's ``json_encode``)."""
    empty_objects: bool = False
    """An optional object given ``[]``, or ``{}`` lacking a required field, is none."""
    epoch: bool = True
    """Datetime fields take Unix seconds."""
    offset_required: bool = False
    """Datetime text must carry its offset."""
    utc: bool = False
    """Datetimes are normalised to UTC."""
    dates_from_datetimes: bool = False
    """A date field takes a datetime, cut to the date it is written with."""
    int_ids: bool = False
    """``id``/``*_id`` text fields (and image maps) take an integer as its text."""
    renames: Mapping[str, str] = {}
    """JSON key of each renamed attribute."""
    aliases: Mapping[tuple[str, str], str] = {}
    """(model name, other key) -> the attribute it is read into."""
    day_fields: frozenset[tuple[str, str]] = frozenset()
    """(model, attribute) of Beatport dates that may carry a time (kept as a datetime)."""


RULES = {
    "beatport": Rules(
        epoch=False,
        offset_required=True,
        day_fields=frozenset(
            {
                ("Track", "free_download_start_date"),
                ("Track", "free_download_end_date"),
                ("Subscription", "start_date"),
                ("Subscription", "renewal_date"),
                ("Subscription", "end_date"),
            }
        ),
    ),
    "beatpass": Rules(
        text_numbers=True,
        php_maps=True,
        empty_objects=True,
        dates_from_datetimes=True,
        renames={"from_": "from", "total_duration": "totalDuration"},
        aliases={
            ("Playlist", "total_duration"): "total_duration",
            ("Waveform", "waveData"): "peaks",
            ("Waveform", "wave_data"): "peaks",
            ("AudioSearchResult", "results"): "tracks",
            ("RadioRecommendations", "recommendations"): "tracks",
            ("OwnershipCheck", "owns"): "is_owner",
            ("OwnershipCheck", "owner"): "is_owner",
            ("OwnershipCheck", "is_owned"): "is_owner",
        },
    ),
    "beatconnect": Rules(),
    "beattech": Rules(php_maps=True, epoch=False, utc=True, int_ids=True),
}


def models_of(service: str) -> list[type[Model]]:
    """The public model classes a service's ``models`` module defines."""
    module = importlib.import_module(f"beatkit.{service}.models")
    return [
        cls
        for name, cls in sorted(vars(module).items())
        if isinstance(cls, type)
        and issubclass(cls, Model)
        and cls.__module__ == module.__name__
        and not name.startswith("_")
    ]


_HINTS: dict[type[Any], dict[str, Any]] = {}


def hints(cls: type[Any]) -> dict[str, Any]:
    """The resolved annotations of a model's fields."""
    found = _HINTS.get(cls)
    if found is None:
        found = _HINTS[cls] = typing.get_type_hints(cls)
    return found


def init_fields(cls: type[Any]) -> list[attrs.Attribute[Any]]:
    """The fields structuring reads (``extra`` and internal ones left out)."""
    return [a for a in attrs.fields(cls) if a.init and a.name != "extra"]


def json_key(service: str, attribute: str) -> str:
    return RULES[service].renames.get(attribute, attribute)


def _members(tp: Any) -> tuple[Any, ...] | None:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return typing.get_args(tp)
    return None


def valid_json(service: str, tp: Any, depth: int = 0) -> Any:
    """A JSON value of type ``tp`` that decodes (a model: every field filled, near the top)."""
    members = _members(tp)
    if members is not None:
        return valid_json(service, next(m for m in members if m is not type(None)), depth)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is Any:
        return {"any": [1, "x"]}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp)).value
    simple = {str: "abc", bool: True, int: 7, float: 2.5, Decimal: 9.99}
    if tp in simple:
        return simple[tp]
    if tp is datetime:
        return "2016-08-19T00:50:00-06:00"
    if tp is date:
        return "2024-02-29"
    if origin in (list, collections.abc.Sequence):
        return [valid_json(service, args[0], depth + 1)] if depth < 3 else []
    if origin in (dict, collections.abc.Mapping):
        return {"k": valid_json(service, args[1], depth + 1)} if depth < 3 else {}
    if isinstance(tp, type) and issubclass(tp, Model):
        return {
            json_key(service, a.name): valid_json(service, hints(tp)[a.name], depth + 1)
            for a in init_fields(tp)
            if depth < 2 or a.default is attrs.NOTHING
        }
    raise AssertionError(f"no JSON for {tp!r}")


# --- the oracle ------------------------------------------------------------------------


class Coercion(AssertionError):
    """A decoded value that is not the one sent."""


def _same_json(sent: Any, got: Any) -> bool:
    """Equal as JSON, types included (``1`` is not ``1.0`` nor ``true``)."""
    if type(sent) is not type(got) and not (isinstance(sent, float) and isinstance(got, float)):
        return False
    if isinstance(sent, list):
        return len(sent) == len(got) and all(map(_same_json, sent, got))
    if isinstance(sent, dict):
        return sent.keys() == got.keys() and all(_same_json(sent[k], got[k]) for k in sent)
    return bool(sent == got)


@attrs.frozen
class _Field:
    service: str
    rules: Rules
    model: str
    attribute: str


def _id_like(where: _Field) -> bool:
    return where.attribute == "id" or where.attribute.endswith("_id")


def _names_refs(tp: Any) -> bool:
    """Whether ``tp`` holds a ``Model | str`` union (an object or its id)."""
    members = _members(tp)
    if (
        members is not None
        and str in members
        and any(isinstance(m, type) and issubclass(m, Model) for m in members)
    ):
        return True
    return any(_names_refs(arg) for arg in typing.get_args(tp))


def _exact(tp: Any, sent: Any, got: Any, where: _Field, path: str) -> None:
    def fail(why: str = "") -> typing.NoReturn:
        raise Coercion(f"{path}: sent {sent!r}, decoded {got!r} ({tp!r}) {why}".rstrip())

    rules = where.rules
    members = _members(tp)
    if members is not None:
        if sent is None:
            if got is not None:
                fail()
            return
        if got is None:
            inner = [m for m in members if m is not type(None)]
            is_model = any(isinstance(m, type) and issubclass(m, Model) for m in inner)
            if rules.empty_objects and is_model and sent in ([], {}):
                return
            fail("(a value decoded as null)")
        errors = []
        for member in members:
            if member is type(None):
                continue
            try:
                _exact(member, sent, got, where, path)
                return
            except Coercion as exc:
                errors.append(exc)
        raise errors[0]
    if tp is Any:
        if not _same_json(sent, got):
            fail()
        return
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        if not isinstance(got, tp) or not _same_json(sent, got._value_):
            fail()
        return
    if tp is str:
        if type(got) is not str:
            fail("(not a str)")
        if type(sent) is str and sent == got:
            return
        if rules.int_ids and type(sent) is int and got == str(sent):
            return  # Beat Technology: an integer id, or an image map's integer, as its text
        fail()
    if tp is bool:
        if got is sent or (sent == "true" and got is True) or (sent == "false" and got is False):
            return
        fail()
    if tp is int:
        if type(got) is not int:
            fail("(not an int)")
        if type(sent) is int and sent == got:
            return
        text_ok = rules.text_numbers or (where.service == "beattech" and where.model == "Change")
        if text_ok and type(sent) is str and _INT_TEXT.fullmatch(sent) and int(sent) == got:
            return
        fail()
    if tp is float:
        if type(got) is not float or not math.isfinite(got):
            fail("(not a finite float)")
        if isinstance(sent, float) and not isinstance(sent, bool) and float(sent) == got:
            return
        if type(sent) is int and float(sent) == got and int(got) == sent:
            return
        if (
            rules.text_numbers
            and type(sent) is str
            and NUMBER_TEXT.fullmatch(sent)
            and float(sent) == got
            and (not _INT_TEXT.fullmatch(sent) or int(got) == int(sent))
        ):
            return
        fail()
    if tp is Decimal:
        if type(got) is not Decimal or not got.is_finite():
            fail("(not a finite Decimal)")
        if type(sent) is int:
            expected = Decimal(sent)
        elif isinstance(sent, float):
            expected = Decimal(sent.text if isinstance(sent, FloatText) else repr(sent))
        elif type(sent) is str and NUMBER_TEXT.fullmatch(sent):
            if not rules.text_numbers and unstructure_decimal(Decimal(sent)) != sent:
                fail("(numeric text where the API sends numbers)")
            expected = Decimal(sent)
        else:
            fail()
        if got.as_tuple() != expected.as_tuple():
            fail()
        return
    if tp is datetime:
        _exact_datetime(sent, got, rules, fail)
        return
    if tp is date:
        key = (where.model, where.attribute)
        if isinstance(got, datetime):
            if key not in rules.day_fields:
                fail("(a datetime in a date field)")
            _exact_datetime(sent, got, rules, fail)
            return
        if type(got) is not date or type(sent) is not str:
            fail()
        if _DATE_TEXT.fullmatch(sent):
            if date.fromisoformat(sent) != got:
                fail()
            return
        if rules.dates_from_datetimes and _DATETIME_TEXT.fullmatch(sent):
            if date.fromisoformat(sent[:10]) != got:
                fail("(not the date it is written with)")
            return
        fail()
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (list, collections.abc.Sequence):
        if type(sent) is not list or not isinstance(got, list) or len(sent) != len(got):
            fail()
        for index, (one_sent, one_got) in enumerate(zip(sent, got, strict=True)):
            _exact(args[0], one_sent, one_got, where, f"{path}[{index}]")
        return
    if origin in (dict, collections.abc.Mapping) or tp is dict:
        if not isinstance(got, Mapping):
            fail()
        if sent == [] and rules.php_maps:
            if got:
                fail()
            return
        if type(sent) is not dict or sent.keys() != got.keys():
            fail("(keys differ)")
        value_type = args[1] if args else Any
        for key in sent:
            _exact(value_type, sent[key], got[key], where, f"{path}[{key!r}]")
        return
    if isinstance(tp, type) and issubclass(tp, Model):
        if type(sent) is not dict:
            fail("(a model from no JSON object)")
        check_model(where.service, tp, sent, got, path)
        return
    raise AssertionError(f"{path}: no rule for {tp!r}")


def _exact_datetime(sent: Any, got: Any, rules: Rules, fail: Any) -> None:
    if type(got) is not datetime or got.tzinfo is None:
        fail("(not an aware datetime)")
    if type(sent) is str and _DATETIME_TEXT.fullmatch(sent):
        written = datetime.fromisoformat(sent)
        if written.tzinfo is None:
            if rules.offset_required:
                fail("(a time without an offset)")
            written = written.replace(tzinfo=UTC)
        if got != written:
            fail("(another moment)")
        offset = got.utcoffset()
        if rules.utc:
            if offset is None or offset.total_seconds() != 0:
                fail("(not in UTC)")
        elif offset != written.utcoffset():
            fail("(the offset sent was not kept)")
        return
    if rules.epoch and type(sent) in (int, float):
        if got != datetime.fromtimestamp(sent, UTC):
            fail()
        return
    fail()


def check_model(service: str, cls: type[Model], sent: Any, got: Any, path: str = "") -> None:
    """Raise :class:`Coercion` where ``got`` (decoded from ``sent``) holds another value.

    Every key sent is found again: in its field, exactly (by the documented rules),
    or in ``extra`` as it was sent.
    """
    path = path or cls.__name__
    if not isinstance(got, cls) or type(sent) is not dict:
        raise Coercion(f"{path}: sent {sent!r}, decoded {got!r}")
    rules = RULES[service]
    by_key = {json_key(service, a.name): a.name for a in init_fields(cls)}
    annotations = hints(cls)
    for key, value in sent.items():
        attribute = by_key.get(key)
        if attribute is None and (alias := rules.aliases.get((cls.__name__, key))) is not None:
            # An alternative name, read when the main one is absent.
            main = json_key(service, alias)
            attribute = alias if main not in sent else None
        if attribute is None:
            if key not in got.extra or not _same_json(value, got.extra[key]):
                raise Coercion(f"{path}: the unknown key {key!r} was not kept as sent")
            continue
        where = _Field(service, rules, cls.__name__, attribute)
        tp = annotations[attribute]
        # Beat Technology reads ids and image maps by their own hooks (integers as text).
        if not rules.int_ids or not (
            _id_like(where) or attribute in ("cover", "image") or _names_refs(tp)
        ):
            where = attrs.evolve(where, rules=attrs.evolve(rules, int_ids=False))
        _exact(tp, value, getattr(got, attribute), where, f"{path}.{attribute}")
