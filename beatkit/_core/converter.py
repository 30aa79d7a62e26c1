"""The cattrs converter factory and the hooks every service shares (datetimes, money, models).

Every service builds its converter with :func:`make_converter` and, in its own
``converter.py``, registers what is peculiar to it (renames with
:func:`register_model`, odd shapes with plain cattrs hooks), at import time and
before the converter structures anything.

What the shared converter does:

* JSON scalars: only lossless conversions happen. A ``str`` field takes a string, a
  ``bool`` field a boolean or the text ``"true"``/``"false"``, an ``int`` field an
  integer (never a boolean, never ``12.7``), a ``float`` field a number (an integer
  only when a float holds it exactly); with ``text_numbers`` (the default; off for
  APIs known to send real JSON numbers) numeric text such as ``"7"`` or ``"12.5"``
  is read as the number it spells. Anything else raises :class:`JSONTypeError`
  (``expected str, got null``). Arrays must be JSON arrays (a string is not a list
  of characters) and objects JSON objects.
* failures say where: every exception raised while structuring a model carries the
  failing field's path, which :func:`describe_failure` renders as
  ``Track.release.label.name: expected str, got null``. The lenient fast path does
  not pay for this: the path is worked out only after a failure.
* ``datetime``, ``date`` and ``Decimal`` are read and written by the plain functions
  of :mod:`beatkit._core.json_values`:
* ``datetime``: structured from ``YYYY-MM-DDThh:mm:ss`` strings (a space may stand
  for the ``T``; an optional fraction of up to six digits; ``Z``, ``+hh:mm`` or
  ``-hh:mm`` offsets; strings without an offset are taken as UTC) or from Unix
  timestamps (``int``/``float`` seconds, UTC; ``epoch_datetimes=False`` refuses
  them, for APIs that send text only). A bare date is refused (its time
  would be made up), as are the basic, week and ordinal ISO 8601 forms. The
  result is always tz-aware. Unstructured to ISO 8601, with ``Z`` for UTC and the
  original offset otherwise, so ``"2023-04-15T12:34:56Z"`` and
  ``"2016-08-19T00:50:00-06:00"`` round-trip exactly. Fractional seconds come back
  with six digits (``.5`` -> ``.500000``), as Python (and Django, behind Beatport)
  writes them.
* ``date``: ``YYYY-MM-DD`` both ways.
* ``Decimal`` (money): structured from ``int``, ``float`` (through its shortest
  ``repr``, so ``49.99`` gives ``Decimal("49.99")``, never the binary expansion;
  a number with more digits than a float holds, such as ``12345678901234567.89``,
  through the text sent, exactly: see
  :class:`~beatkit._core.json_values.FloatText`)
  and numeric strings (without ``text_numbers``, only the text unstructuring
  writes, below: ``"1.50"`` but not ``"1.49"``, which would come back as a
  number); ``bool``, NaN and infinities are refused. Unstructured to a JSON number
  when that loses nothing: an ``int`` for a whole value written without decimals or
  exponent (``Decimal("100")``), a ``float`` when the float prints back
  as the same digits and exponent (``Decimal("1.49")`` -> ``1.49``), and a ``str``
  otherwise (``Decimal("1.50")``, ``Decimal("0.1000000000000000000001")``). So every
  JSON number comes back as the same number, and a string with digits a float
  cannot carry comes back as a string. An API that sends
  money as strings and wants strings back registers an ``unstruct_hook=str``
  override for that field.
* enums: :class:`~beatkit._core.enums.OpenEnum` and ``OpenIntEnum`` accept unknown
  values (through the ``str`` and ``int`` hooks, which call the class); plain enums
  raise on them, and take only a value of their member's JSON type (``true`` is not
  the member whose value is ``1``, nor ``1.0``, though Python finds it by equality).
  All enums unstructure to their plain value.
* ``Literal`` types take one of their values, of its JSON type (``true`` is not
  ``Literal[1]``), and structure to that value.
* unions of JSON scalars such as ``int | str`` pass through unchanged when the value
  already has one of the types (a boolean is not an ``int`` here either), and raise
  otherwise.
* sequences and sets unstructure to lists, as JSON has them.
* models (subclasses of :class:`~beatkit._core.model.Model`): see
  :func:`make_converter` for the lenient and strict modes.

A converter is safe to share between threads once built: hooks are generated on
first use and cached; two threads racing on a first use may both generate the same
function, which is harmless. :func:`warm_up` generates them ahead of time.
"""

from __future__ import annotations

import collections.abc
import math
import re
import types
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from beatkit._core.choices import (
    is_literal,
    is_plain_enum,
    literal_factory,
    plain_enum_factory,
)
from beatkit._core.json_values import (
    NUMBER_TEXT,
    FloatText,
    JSONTypeError,
    copy_json,
    json_type,
    structure_date,
    structure_datetime,
    structure_decimal,
    structure_offset_datetime,
    structure_text_datetime,
    unstructure_date,
    unstructure_datetime,
    unstructure_decimal,
)
from beatkit._core.model import ExactModel, Model

if TYPE_CHECKING:
    # Not re-exported by cattrs.gen; it is the type ``cattrs.gen.override()`` returns.
    from cattrs.gen._consts import AttributeOverride

__all__ = [
    "JSONTypeError",
    "describe_failure",
    "is_mapping",
    "json_type",
    "make_converter",
    "mapping_factory",
    "model_hooks",
    "optional_inner",
    "php_mapping_factory",
    "register_model",
    "structure_date",
    "structure_datetime",
    "structure_decimal",
    "structure_offset_datetime",
    "structure_text_datetime",
    "unstructure_date",
    "unstructure_datetime",
    "unstructure_decimal",
    "warm_up",
]

M = TypeVar("M", bound=Model)

# JSON number grammar (RFC 8259) for numbers sent as text: no spaces, signs, underscores.
_INT_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_BOOL_TEXT = {"true": True, "false": False}


# --- JSON types and where a failure happened -----------------------------------------------


def _type_name(tp: Any) -> str:
    name = getattr(tp, "__name__", None)
    return name if isinstance(name, str) else repr(tp)


@attrs.frozen
class _Where:
    """Where a structuring failure happened; attached to the exception as it propagates."""

    model: str | None
    """The outermost model the failure is inside, once one is known."""
    path: tuple[str, ...]
    """Rendered steps below ``model``; ``".name"``, ``"[3]"``, ``"['key']"``."""
    reason: str
    """What was wrong with the value found there."""
    source: Any
    """The JSON array or object given to the hook that set this (found again by
    identity one level up), or ``None``."""


_WHERE = "_beatkit_where"
_MISSING = "required field missing"


class _SortedKeys(set[str]):
    """A set of key names that iterates in sorted order (equal to the plain set)."""

    __slots__ = ()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(set.__iter__(self)))


def _sort_unknown_keys(exc: BaseException) -> None:
    """Make cattrs' unknown-keys errors in ``exc`` name the keys in sorted order.

    cattrs keeps them in a set, which older releases (before 25.2 in the message,
    before 26.2.1 in ``transform_error``) list in hash order: it changed from run to
    run with ``PYTHONHASHSEED``. Only failures pay for this.
    """
    found = exc.exceptions if isinstance(exc, cattrs.ClassValidationError) else (exc,)
    for error in found:
        if isinstance(error, cattrs.ForbiddenExtraKeysError) and not isinstance(
            error.extra_fields, _SortedKeys
        ):
            error.extra_fields = _SortedKeys(error.extra_fields)
            # Before cattrs 25.2 the message is made once, as the only argument; later
            # ones make it from extra_fields when shown, and keep their arguments.
            default = f"Extra fields in constructor for {error.cl.__name__}: "
            if len(error.args) == 1 and str(error.args[0]).startswith(default):
                error.args = (default + ", ".join(error.extra_fields),)


def _where_of(exc: BaseException) -> _Where | None:
    where = getattr(exc, _WHERE, None)
    return where if isinstance(where, _Where) else None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return "unknown keys " + ", ".join(sorted(exc.extra_fields))
    if isinstance(exc, KeyError):
        return _MISSING
    if isinstance(exc, ValueError | TypeError) and str(exc):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _below(error: BaseException) -> _Where:
    """What ``error`` says about its place below the current level (nothing, for a leaf)."""
    return _where_of(error) or _Where(None, (), _reason(error), None)


def _attach(
    exc: BaseException, step: str | None, inner: _Where, source: Any, model: str | None = None
) -> None:
    """Record on ``exc`` that it happened at ``step`` (then ``inner``) inside ``source``."""
    path = (step, *inner.path) if step is not None else inner.path
    # Only arrays and objects are unique objects in a parsed body; equal scalars
    # (None, small ints) are shared, so finding one by identity could name the wrong key.
    container = source if isinstance(source, dict | list) else None
    setattr(exc, _WHERE, _Where(model or inner.model, path, inner.reason, container))


def describe_failure(exc: BaseException) -> str | None:
    """Where and why structuring failed, e.g. ``Track.release.name: expected str, got null``.

    Args:
        exc: An exception raised by a converter from :func:`make_converter`.

    Returns:
        The model, the field path and the reason; ``None`` when ``exc`` did not
        come from structuring a model or a JSON array or object.
    """
    where = _where_of(exc)
    if where is None:
        return None
    text = (where.model or "") + "".join(where.path)
    if not where.model:
        text = text.removeprefix(".")
    return f"{text}: {where.reason}" if text else where.reason


def _first_failure(group: BaseException) -> tuple[BaseException, str | None]:
    """The first error of a cattrs validation group, with the step (field, item) it names."""
    errors: Sequence[BaseException] = getattr(group, "exceptions", ())
    for error in errors:
        for note in getattr(error, "__notes__", ()):
            if isinstance(note, AttributeValidationNote):
                return error, f".{note.name}"
            if isinstance(note, IterableValidationNote):
                return error, f"[{note.index!r}]"
    return (errors[0], None) if errors else (group, None)


def _locate_item(
    exc: BaseException,
    pairs: Sequence[tuple[Any, Any]],
    check: Callable[[Any, Any], object],
    container: Any,
) -> None:
    """Record which item of a JSON array (or value of an object) ``exc`` came from.

    Args:
        exc: The failure, raised while structuring the items.
        pairs: ``(index or key, value)`` of every item.
        check: Structures one item again (``check(key, value)``).
        container: The array or object itself.

    A failure inside a nested array or object carries that container, found here by
    identity; any other one is found by structuring the items again until one
    fails. Only failures pay for this.
    """
    where = _where_of(exc)
    target = where.source if where is not None else None
    if where is not None and target is not None:
        for key, value in pairs:
            if value is target:
                _attach(exc, f"[{key!r}]", where, container)
                return
    for key, value in pairs:
        try:
            check(key, value)
        except RecursionError:
            raise
        except Exception as error:
            _attach(exc, f"[{key!r}]", _below(error), container)
            return


# --- JSON scalars ----------------------------------------------------------------------


def _structure_str(value: Any, cl: Any = str) -> Any:
    if value.__class__ is str and cl is str:  # the fast path: a plain string
        return value
    if isinstance(value, str):
        # ``cl`` is a str subclass (a StrEnum) when cattrs dispatched one here.
        return value if cl is str else cl(value)
    raise JSONTypeError(_type_name(cl), value)


def _structure_bool(value: Any, _: Any = bool) -> bool:
    if value is True or value is False:
        return value
    if isinstance(value, str) and value in _BOOL_TEXT:
        return _BOOL_TEXT[value]
    raise JSONTypeError("bool", value)


def _int_hook(text_numbers: bool) -> Callable[[Any, Any], Any]:
    def structure(value: Any, cl: Any = int) -> Any:
        if value.__class__ is int and cl is int:  # the fast path: a plain integer
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif text_numbers and isinstance(value, str) and _INT_TEXT.fullmatch(value):
            try:
                number = int(value)
            except ValueError:  # more digits than int() converts from text
                raise JSONTypeError(_type_name(cl), value) from None
        else:
            raise JSONTypeError(_type_name(cl), value)
        # ``cl`` is an int subclass (an IntEnum) when cattrs dispatched one here.
        return number if cl is int else cl(number)

    return structure


def _float_hook(text_numbers: bool) -> Callable[[Any, Any], float]:
    def structure(value: Any, _: Any = float) -> float:
        if value.__class__ is float or isinstance(value, float):
            # NaN and infinities are not JSON numbers (see _core.responses.load_json).
            if math.isfinite(value):
                # A FloatText (more digits than a float holds) is its nearest float:
                # rounding is what a float field does.
                return value if value.__class__ is float else float(value)
            raise JSONTypeError("finite float", value)
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                number = float(value)
            except OverflowError:
                raise JSONTypeError("float", value) from None
            if number == value:  # an exact comparison: 2**53 + 1 does not survive
                return number
        elif text_numbers and isinstance(value, str) and NUMBER_TEXT.fullmatch(value):
            number = float(value)
            # Integer text follows the integer rule above: "9007199254740993" is not
            # rounded to the float next to it. (An infinite float never gets to int().)
            if math.isfinite(number) and (not _INT_TEXT.fullmatch(value) or number == int(value)):
                return number
        raise JSONTypeError("float", value)

    return structure


def _structure_decimal_number(value: Any, _: Any = Decimal) -> Decimal:
    """A ``Decimal`` where the API sends JSON numbers: numeric text is refused, except
    the text :func:`unstructure_decimal` itself writes for digits no float carries
    (``"1.50"``), so that a model unstructured by beatkit structures again."""
    if isinstance(value, str):
        # Other text ("1.49") would come back from unstructure as the number 1.49.
        if not NUMBER_TEXT.fullmatch(value) or unstructure_decimal(Decimal(value)) != value:
            raise JSONTypeError("number", value)
    elif isinstance(value, bool):
        raise JSONTypeError("number", value)
    return structure_decimal(value)


_SCALAR_NAMES: dict[Any, str] = {str: "str", int: "int", float: "float", bool: "bool"}


def _is_scalar_union(tp: Any) -> bool:
    """``int | str`` and the like: a union of JSON scalar types, ``None`` allowed."""
    if get_origin(tp) not in (Union, types.UnionType):
        return False
    members = [arg for arg in get_args(tp) if arg is not type(None)]
    return len(members) > 1 and all(arg in _SCALAR_NAMES for arg in members)


def _scalar_union_factory(tp: Any, _: cattrs.Converter) -> Callable[[Any, Any], Any]:
    args = get_args(tp)
    accepted = frozenset(args)
    exact_float = _float_hook(text_numbers=False)
    widen_int = float in accepted and int not in accepted
    expected = " or ".join(_SCALAR_NAMES.get(arg, "null") for arg in args)

    def structure(value: Any, _: Any) -> Any:
        # Exact types: ``True`` is an ``int`` to Python, never to JSON.
        if type(value) in accepted:
            if type(value) is float and not math.isfinite(value):
                raise JSONTypeError(f"finite {expected}", value)
            return value
        if float in accepted and isinstance(value, FloatText):
            return exact_float(value, float)  # its nearest float, as a float field
        if widen_int and type(value) is int:
            return exact_float(value, float)
        raise JSONTypeError(expected, value)

    return structure


# --- JSON arrays and objects -------------------------------------------------------------


_LIST_ORIGINS = (list, Sequence, collections.abc.MutableSequence)


def _sequence_args(tp: Any) -> tuple[Any, type] | None:
    """``(item type, result type)`` of ``list[X]``, ``Sequence[X]`` or ``tuple[X, ...]``."""
    if tp in _LIST_ORIGINS:
        return Any, list
    origin = get_origin(tp)
    args = get_args(tp)
    if origin in _LIST_ORIGINS and len(args) == 1:
        return args[0], list
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0], tuple
    return None


def _is_sequence(tp: Any) -> bool:
    return _sequence_args(tp) is not None


def _sequence_factory(tp: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    args = _sequence_args(tp)
    assert args is not None
    item_type, result_type = args
    # Looked up on first use, like optional fields: models refer to each other in cycles.
    handler: Callable[[Any, Any], Any] | None = None

    def resolve() -> Callable[[Any, Any], Any]:
        nonlocal handler
        handler = converter.get_structure_hook(item_type)
        return handler

    def check(obj: Any) -> None:
        # A JSON array; a string or an object is not a list of its characters or keys.
        if not isinstance(obj, list | tuple):
            raise JSONTypeError("array", obj)

    if item_type is Any:

        def structure_any(obj: Any, _: Any) -> Any:
            if obj.__class__ is not list:
                check(obj)
            return result_type(obj)

        return structure_any

    if converter.detailed_validation:

        def structure_detailed(obj: Any, _: Any) -> Any:
            check(obj)
            each = handler or resolve()
            one = lambda _, value: each(value, item_type)  # noqa: E731
            return result_type(_each_detailed(obj, enumerate(obj), one, item_type, tp))

        return structure_detailed

    def structure(obj: Any, _: Any) -> Any:
        if obj.__class__ is not list:
            check(obj)
        each = handler or resolve()
        try:
            items = [each(item, item_type) for item in obj]
        except RecursionError:
            raise
        except Exception as exc:
            _locate_item(exc, list(enumerate(obj)), lambda _, v: each(v, item_type), obj)
            raise
        return items if result_type is list else result_type(items)

    return structure


def _each_detailed(
    obj: Any, pairs: Any, one: Callable[[Any, Any], Any], item_type: Any, tp: Any
) -> list[Any]:
    """Structure every item with ``one(key, value)``, gathering every failure.

    Used under detailed validation (strict mode), where all of a document's
    problems are reported at once.
    """
    errors: list[Exception] = []
    items = []
    for key, value in pairs:
        try:
            items.append(one(key, value))
        except Exception as exc:
            note = IterableValidationNote(f"Structuring {tp!r} @ {key!r}", key, item_type)
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            errors.append(exc)
    if errors:
        group = cattrs.IterableValidationError(f"While structuring {tp!r}", errors, tp)
        first, step = _first_failure(group)
        _attach(group, step, _below(first), obj)
        raise group
    return items


_MAPPING_ORIGINS = (dict, Mapping, collections.abc.MutableMapping)


def is_mapping(tp: Any) -> bool:
    """Whether ``tp`` is a JSON object type: ``dict``, ``Mapping[K, V]`` and the like."""
    if tp in _MAPPING_ORIGINS:
        return True
    return get_origin(tp) in _MAPPING_ORIGINS and len(get_args(tp)) == 2


def mapping_factory(tp: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """The shared structure hook of a mapping type: JSON objects only, keys and values checked."""
    key_type, value_type = get_args(tp) or (Any, Any)
    detailed = converter.detailed_validation
    # JSON object keys are strings; other key types are structured from them.
    plain_keys = key_type in (Any, str)
    hooks: tuple[Callable[[Any, Any], Any], Callable[[Any, Any], Any]] | None = None

    def structure(obj: Any, _: Any) -> dict[Any, Any]:
        nonlocal hooks
        if type(obj) is not dict and not isinstance(obj, Mapping):
            raise JSONTypeError("object", obj)
        if plain_keys and value_type is Any:
            return dict(obj)
        if hooks is None:
            hooks = (
                converter.get_structure_hook(key_type),
                converter.get_structure_hook(value_type),
            )
        key_hook, value_hook = hooks

        def one(key: Any, value: Any) -> tuple[Any, Any]:
            return (key if plain_keys else key_hook(key, key_type)), value_hook(value, value_type)

        if detailed:
            return dict(_each_detailed(obj, obj.items(), one, value_type, tp))
        try:
            if plain_keys:
                return {key: value_hook(value, value_type) for key, value in obj.items()}
            return dict(one(key, value) for key, value in obj.items())
        except RecursionError:
            raise
        except Exception as exc:
            _locate_item(exc, list(obj.items()), one, obj)
            raise

    return structure


def php_mapping_factory(tp: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """:func:`mapping_factory`, except that an empty JSON array is the empty map.

    For PHP services (BeatPass, Beat Technology): ``json_encode`` writes an empty
    associative array as ``[]`` (a track without streams, a user without metadata, a
    backstage request without data). Nothing is lost; any other array is refused as
    before.
    """
    inner = mapping_factory(tp, converter)

    def structure(value: Any, _: Any) -> Any:
        if type(value) is list and not value:
            return {}
        return inner(value, tp)

    return structure


def _unstructure_enum(member: Enum) -> Any:
    return member._value_


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def _raw_json_unstructure(converter: cattrs.Converter) -> Callable[[Any], Any]:
    """The unstructure hook of a plain ``dict`` or ``list`` met at run time (the value
    of an ``Any`` or ``dict[str, Any]`` field: free-form JSON the API sent).

    cattrs' own walks it by recursion, several frames a level, and raised
    ``RecursionError`` for JSON nested a few hundred levels deep, which the parser
    reads. This copies it with a stack; any other value in it (a model, an enum, a
    ``datetime``) is unstructured by the converter as before.
    """
    unstructure = converter.unstructure

    def leaf(value: Any) -> Any:
        return value if value.__class__ in _JSON_SCALARS else unstructure(value)

    def hook(value: Any) -> Any:
        return copy_json(value, leaf)

    return hook


# --- models ----------------------------------------------------------------------------


def _is_model(tp: Any) -> bool:
    """Whether ``tp`` is a Model subclass or a parametrised generic Model subclass."""
    origin = get_origin(tp) or tp
    return isinstance(origin, type) and issubclass(origin, Model)


def _known_keys(
    cls: type[Model],
    converter: cattrs.Converter,
    overrides: Mapping[str, AttributeOverride],
    *,
    optional_only: bool = False,
) -> frozenset[str]:
    """The input keys the generated structure function reads, mirroring cattrs' rules
    (with ``optional_only``, those of fields with a default)."""
    keys = set()
    for a in attrs.fields(cls):
        if a.name == "extra" or (optional_only and a.default is attrs.NOTHING):
            continue
        ov = overrides.get(a.name)
        omit = ov.omit if ov is not None else None
        if omit or (omit is None and not a.init):
            continue
        if ov is not None and ov.rename is not None:
            keys.add(ov.rename)
        else:
            # ``use_alias`` is a cattrs >= 25.2 setting; older versions key by name.
            keys.add(a.alias if getattr(converter, "use_alias", False) else a.name)
    return frozenset(keys)


def model_hooks(
    converter: cattrs.Converter, tp: Any, overrides: Mapping[str, AttributeOverride]
) -> tuple[Callable[[Any, Any], Any], Callable[[Any], dict[str, Any]]]:
    """Build the structure and unstructure hooks of a model type.

    Services that add behaviour to their models (Beatport remembers which
    optional keys a response left out) wrap these hooks rather than rebuild them,
    so unknown-key keeping, strict mode and failure paths stay the same everywhere.

    Args:
        converter: The converter the hooks are for (lenient or strict).
        tp: The :class:`~beatkit._core.model.Model` subclass.
        overrides: cattrs attribute overrides (renames, per-field hooks).

    Returns:
        The structure hook ``(obj, type) -> instance`` and the unstructure hook
        ``instance -> dict``. The structure hook raises ``TypeError`` for input that
        is not a JSON object; any exception it raises carries the failing field's
        path (see :func:`describe_failure`).
    """
    cls: type[Model] = get_origin(tp) or tp
    # ``extra`` is filled from the leftover keys, never from an input key of that
    # name: an API field called "extra" is just another unknown key.
    ovs: dict[str, Any] = {**overrides, "extra": override(omit=True)}
    base_structure = make_dict_structure_fn(tp, converter, **ovs)
    base_unstructure = make_dict_unstructure_fn(tp, converter, **ovs)
    known = _known_keys(cls, converter, overrides)
    # Unstructuring writes the same keys under the same names (renames included).
    optional = (
        _known_keys(cls, converter, overrides, optional_only=True)
        if issubclass(cls, ExactModel)
        else frozenset()
    )
    keep_extra = not converter.forbid_extra_keys
    locate = _model_locator(converter, tp, cls.__name__, ovs)
    # The keys of the last object structured, in order, with its absent optional keys
    # and whether it had unknown ones: the objects of a page mostly share one shape,
    # and working these out (a new set) for each cost about 5% of reading a list page.
    # Replaced whole, never changed: a thread reads one shape or another, not a mix.
    last_shape: list[tuple[tuple[Any, ...], frozenset[str], bool]] = [((), optional, False)]

    def structure(obj: Any, _: Any) -> Any:
        if type(obj) is not dict and not isinstance(obj, Mapping):
            error = TypeError(f"expected a mapping for {cls.__name__}, got {type(obj).__name__}")
            _attach(error, None, _below(JSONTypeError("object", obj)), obj, cls.__name__)
            raise error
        try:
            instance = base_structure(obj, tp)
        except RecursionError:
            # Locating would recurse as deep again; the caller reports the depth.
            raise
        except Exception as exc:
            _sort_unknown_keys(exc)
            locate(exc, obj)
            raise
        # The instance is fresh and not yet shared, so filling its frozen fields
        # here is safe, and cheaper than copying the input into the constructor.
        keys = tuple(obj)
        shape = last_shape[0]
        if shape[0] != keys:
            shape = (keys, optional.difference(obj), not obj.keys() <= known)
            last_shape[0] = shape
        _, absent, unknown = shape
        if absent:
            # Left out again by unstructure: a key the API did not send is not made up
            # (as null), so a response round-trips key for key.
            object.__setattr__(instance, "_absent_keys", absent)
        # Strict: cattrs' own check raised ForbiddenExtraKeysError naming the class
        # and the keys (collected with the other errors under detailed validation).
        if not keep_extra or not unknown:  # the fast path: every key is known
            return instance
        object.__setattr__(instance, "extra", {k: v for k, v in obj.items() if k not in known})
        return instance

    def unstructure(instance: Any) -> dict[str, Any]:
        result = base_unstructure(instance)
        if optional:
            for key in instance._absent_keys:
                result.pop(key, None)
        extra = instance.extra
        if extra:
            for key, value in extra.items():
                # A declared field wins over a stray duplicate in ``extra``.
                result.setdefault(key, value)
        return result

    return structure, unstructure


def _model_locator(
    converter: cattrs.Converter, tp: Any, name: str, overrides: Mapping[str, Any]
) -> Callable[[BaseException, Mapping[str, Any]], None]:
    """Build the function that records which field of a ``name`` object a failure came from.

    The fast structure function says nothing about where it failed. A failure inside
    a nested object or array carries that container, found among the fields by
    identity; any other (a scalar field, a missing key) is found by structuring the
    object again with detailed validation, which notes the failing attribute. That
    function is generated on the first failure only, so successes never pay for it.
    """
    fields = {
        (ov.rename if (ov := overrides.get(a.name)) is not None and ov.rename else a.name): a.name
        for a in attrs.fields(get_origin(tp) or tp)
    }
    declared = attrs.fields_dict(get_origin(tp) or tp)
    required = tuple(
        key
        for key, attribute in fields.items()
        if attribute != "extra"
        and declared[attribute].init
        and declared[attribute].default is attrs.NOTHING
    )
    detailed: Callable[[Any, Any], Any] | None = None

    def locate(exc: BaseException, obj: Mapping[str, Any]) -> None:
        nonlocal detailed
        where = _where_of(exc)
        if where is not None and where.source is obj:
            return  # located at this level already (a wrapper re-raised it)
        # A required key missing says the object is not of this kind at all (an artist
        # where a track was expected): that is the news, not whichever optional field
        # the generated function happened to structure, and fail on, first.
        for key in required:
            if key not in obj:
                _attach(exc, f".{fields[key]}", _Where(None, (), _MISSING, None), obj, name)
                return
        if where is not None and where.source is not None:
            for key, value in obj.items():
                if value is where.source:
                    _attach(exc, f".{fields.get(key, key)}", where, obj, name)
                    return
        group: BaseException | None = exc if isinstance(exc, cattrs.ClassValidationError) else None
        if group is None:
            if detailed is None:
                detailed = make_dict_structure_fn(
                    tp, converter, _cattrs_detailed_validation=True, **overrides
                )
            try:
                detailed(obj, tp)
            except RecursionError:
                raise
            except cattrs.ClassValidationError as error:
                group = error
            except Exception:  # a failure outside any attribute (the constructor)
                group = None
        if group is None:
            _attach(exc, None, _below(exc), obj, name)
            return
        first, step = _first_failure(group)
        _attach(exc, step, _below(first), obj, name)

    return locate


def register_model(
    converter: cattrs.Converter, cls: type[M], **overrides: AttributeOverride
) -> None:
    """Register structure and unstructure hooks for one model class, with overrides.

    The hooks keep the unknown-key handling of :func:`make_converter` (``extra`` in
    lenient mode, an error in strict mode). Use it in a service's ``converter.py``
    for renames and per-field hooks, at import time, before the converter
    structures any type that contains ``cls`` (cattrs bakes the hooks of field
    types into the functions it generates). Subclasses of ``cls`` are not affected.

    Example::

        from cattrs.gen import override

        converter = make_converter()
        register_model(converter, Track, bpm=override(rename="tempo"))

    Args:
        converter: A converter built by :func:`make_converter`.
        cls: The model class.
        **overrides: ``cattrs.gen.override(...)`` objects keyed by attribute name
            (``rename=``, ``struct_hook=``, ``unstruct_hook=``, ``omit=``).

    Raises:
        TypeError: ``cls`` is not a :class:`Model` subclass.
        ValueError: An override names an attribute ``cls`` does not have, or ``extra``.
    """
    if not _is_model(cls):
        raise TypeError(f"{cls!r} is not a beatkit Model subclass")
    names = {a.name for a in attrs.fields(get_origin(cls) or cls)}
    unknown = sorted(set(overrides) - names)
    if unknown or "extra" in overrides:
        bad = ", ".join(unknown) if unknown else "extra"
        raise ValueError(f"register_model({cls.__name__}): no overridable attribute {bad}")
    structure, unstructure = model_hooks(converter, cls, overrides)
    # Predicate hooks, not register_structure_hook(cls, ...): the latter goes through
    # singledispatch and would also capture every subclass of ``cls``.
    converter.register_structure_hook_func(lambda tp: tp is cls, structure)
    converter.register_unstructure_hook_func(lambda tp: tp is cls, unstructure)


def warm_up(converter: cattrs.Converter, *types: Any) -> None:
    """Generate and cache the hooks of ``types`` (and their field types) now.

    Optional: hooks are generated on first use anyway. Calling this at start-up
    moves that cost out of the first request.

    Args:
        converter: The converter.
        *types: The types to prepare, e.g. the response types of a service.
    """
    for tp in types:
        converter.get_structure_hook(tp)
        converter.get_unstructure_hook(tp)


# --- optional fields ---------------------------------------------------------------------

_PRIMITIVES = frozenset({int, float, str, bool})


def optional_inner(tp: Any) -> Any:
    """``X`` for ``X | None`` with a single non-None member, else ``None``."""
    if get_origin(tp) not in (Union, types.UnionType):
        return None
    args = get_args(tp)
    members = [arg for arg in args if arg is not type(None)]
    if len(members) != 1 or len(members) == len(args):
        return None
    return members[0]


def _optional_structure_factory(tp: Any, converter: cattrs.Converter) -> Any:
    # cattrs' generic optional hook dispatches on the inner type at every call, and
    # most fields are optional (APIs leave keys out), so it dominated decoding. The
    # inner hook is looked up once, on first use rather than now: services register
    # hooks after the types that refer to them are generated, and models refer to
    # each other in cycles.
    inner = optional_inner(tp)
    resolved: Callable[[Any, Any], Any] | None = None
    # A float goes through its hook, which refuses NaN and infinities.
    exact = inner if inner in _PRIMITIVES and inner is not float else None

    def structure(value: Any, _: Any) -> Any:
        nonlocal resolved
        if value is None or type(value) is exact:
            return value
        if resolved is None:
            resolved = converter.get_structure_hook(inner)
        return resolved(value, inner)

    return structure


# --- the factory -----------------------------------------------------------------------


def make_converter(
    *,
    strict: bool = False,
    detailed_validation: bool | None = None,
    text_numbers: bool = True,
    offset_datetimes: bool = False,
    epoch_datetimes: bool = True,
) -> cattrs.Converter:
    """Build a cattrs converter with beatkit's shared hooks.

    Models (subclasses of :class:`~beatkit._core.model.Model`) get generated,
    cached structure functions. In lenient mode (the default, for production), keys
    of the input the model does not declare go into its ``extra`` field, and
    unstructuring writes them back at the top level; optional keys the input left out
    are written as ``None``, except in an :class:`~beatkit._core.model.ExactModel`,
    which leaves them out again, so
    ``unstructure(structure(d, Cls)) == d`` whenever the declared fields' types are
    faithful. In strict mode (for tests and recorded fixtures), such keys raise
    ``cattrs.ForbiddenExtraKeysError`` naming the class and the keys, so API drift is
    seen; under detailed validation the errors of the whole document are gathered in
    one ``cattrs.ClassValidationError`` (``cattrs.transform_error`` lists them with
    their paths).

    In both modes values convert only when nothing is lost (see the module
    documentation); any other value raises, and :func:`describe_failure` says where.

    Args:
        strict: Refuse unknown keys instead of keeping them.
        detailed_validation: cattrs' detailed validation (errors carry the path of
            the bad value; slower). Defaults to ``strict``.
        text_numbers: Read numeric text (``"7"``, ``"12.5"``) into ``int``,
            ``float`` and ``Decimal`` fields (without it, a ``Decimal`` takes only
            the text its own unstructuring writes, such as ``"1.50"``). Leave it on
            for APIs known to send numbers as text; turn it off for APIs that send
            JSON numbers, so that text is refused.
        offset_datetimes: Datetime fields take ISO 8601 text with an offset only
            (:func:`~beatkit._core.json_values.structure_offset_datetime`): text
            without one and Unix timestamps are refused rather than read as UTC.
            Turn it on for APIs whose every datetime carries its offset.
        epoch_datetimes: Datetime fields take a JSON number as a Unix timestamp
            (UTC). Turn it off for APIs that send datetimes as text only
            (:func:`~beatkit._core.json_values.structure_text_datetime`): a number is
            then refused rather than read as a time the API did not send.
            ``offset_datetimes`` refuses numbers already.

    Returns:
        A new converter. Register service-specific hooks on it before first use.
    """
    converter = cattrs.Converter(
        forbid_extra_keys=strict,
        detailed_validation=strict if detailed_validation is None else detailed_validation,
        # JSON has arrays only: tuples (immutable model fields) and sets go back as lists.
        unstruct_collection_overrides={Sequence: list, Set: list},
    )
    # cattrs' defaults call the type (str(None) == "None", bool("false") is True,
    # int(12.7) == 12): these hooks convert only what converts without loss.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _int_hook(text_numbers))
    converter.register_structure_hook(float, _float_hook(text_numbers))
    converter.register_structure_hook(
        datetime,
        structure_offset_datetime
        if offset_datetimes
        else structure_datetime
        if epoch_datetimes
        else structure_text_datetime,
    )
    converter.register_unstructure_hook(datetime, unstructure_datetime)
    converter.register_structure_hook(date, structure_date)
    converter.register_unstructure_hook(date, unstructure_date)
    converter.register_structure_hook(
        Decimal, structure_decimal if text_numbers else _structure_decimal_number
    )
    converter.register_unstructure_hook(Decimal, unstructure_decimal)
    converter.register_structure_hook_factory(_is_scalar_union, _scalar_union_factory)
    # cattrs calls a plain enum (``Level(True)`` finds ``Level.ONE``) and checks a Literal
    # with ``in`` (``True in (1,)``): both by equality, which mixes JSON types.
    converter.register_structure_hook_factory(is_plain_enum, plain_enum_factory)
    converter.register_structure_hook_factory(is_literal, literal_factory)
    # cattrs passes str and int subclasses through as they are, which would leave enum
    # members in the output; JSON wants the plain value. (Registered on these bases
    # because they precede ``str``/``int`` in the members' MRO.)
    for enum_base in (Enum, StrEnum, IntEnum):
        converter.register_unstructure_hook(enum_base, _unstructure_enum)
    converter.register_unstructure_hook_func(
        lambda tp: tp is dict or tp is list, _raw_json_unstructure(converter)
    )

    # JSON arrays and objects only: cattrs would take a string as a list of characters.
    converter.register_structure_hook_factory(_is_sequence, _sequence_factory)
    converter.register_structure_hook_factory(is_mapping, mapping_factory)
    converter.register_structure_hook_factory(
        lambda tp: optional_inner(tp) is not None, _optional_structure_factory
    )
    converter.register_structure_hook_factory(
        _is_model, lambda tp, conv: model_hooks(conv, tp, {})[0]
    )
    converter.register_unstructure_hook_factory(
        _is_model, lambda tp, conv: model_hooks(conv, tp, {})[1]
    )
    return converter
