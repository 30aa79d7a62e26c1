"""The cattrs converter factory and the hooks every service shares (datetimes, money, models).

Every service builds its converter with :func:`make_converter` and, in its own
``converter.py``, registers what is peculiar to it (renames with
:func:`register_model`, odd shapes with plain cattrs hooks), at import time and
before the converter structures anything.

What the shared converter does:

* ``datetime``: structured from ISO 8601 strings (``Z``, ``+hh:mm`` or ``-hh:mm``
  offsets; strings without an offset are taken as UTC) or from Unix timestamps
  (``int``/``float`` seconds, UTC). The result is always tz-aware. Unstructured to
  ISO 8601, with ``Z`` for UTC and the original offset otherwise, so
  ``"2023-04-15T12:34:56Z"`` and ``"2016-08-19T00:50:00-06:00"`` round-trip
  exactly. Fractional seconds come back with six digits (``.5`` -> ``.500000``),
  as Python (and Django, behind Beatport) writes them.
* ``date``: ``YYYY-MM-DD`` both ways.
* ``Decimal`` (money): structured from ``int``, ``float`` (through its shortest
  ``repr``, so ``49.99`` gives ``Decimal("49.99")``, never the binary expansion)
  and numeric strings; ``bool``, NaN and infinities are refused. Unstructured to a
  JSON number when that loses nothing: an ``int`` for a whole value written without
  decimals or exponent (``Decimal("100")``), a ``float`` when the float prints back
  as the same digits and exponent (``Decimal("1.49")`` -> ``1.49``), and a ``str``
  otherwise (``Decimal("1.50")``, ``Decimal("0.1000000000000000000001")``). So every
  JSON number comes back as the same number, and a string with digits a float
  cannot carry comes back as a string. An API that sends
  money as strings and wants strings back registers an ``unstruct_hook=str``
  override for that field.
* enums: :class:`~beatkit._core.enums.OpenEnum` and ``OpenIntEnum`` accept unknown
  values (cattrs structures enums by calling the class); plain enums raise on them.
  All enums unstructure to their plain value.
* unions of JSON scalars such as ``int | str`` pass through unchanged when the value
  already has one of the types.
* sequences and sets unstructure to lists, as JSON has them.
* models (subclasses of :class:`~beatkit._core.model.Model`): see
  :func:`make_converter` for the lenient and strict modes.

A converter is safe to share between threads once built: hooks are generated on
first use and cached; two threads racing on a first use may both generate the same
function, which is harmless. :func:`warm_up` generates them ahead of time.
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable, Mapping, Sequence, Set
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum, IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.strategies import configure_union_passthrough

from beatkit._core.model import Model

if TYPE_CHECKING:
    # Not re-exported by cattrs.gen; it is the type ``cattrs.gen.override()`` returns.
    from cattrs.gen._consts import AttributeOverride

__all__ = [
    "make_converter",
    "model_hooks",
    "register_model",
    "structure_date",
    "structure_datetime",
    "structure_decimal",
    "unstructure_date",
    "unstructure_datetime",
    "unstructure_decimal",
    "warm_up",
]

M = TypeVar("M", bound=Model)

_ZERO = timedelta(0)


# --- datetime and date ----------------------------------------------------------------


def structure_datetime(value: Any, _: Any = None) -> datetime:
    """Structure an ISO 8601 string or a Unix timestamp into a tz-aware ``datetime``.

    Args:
        value: An ISO 8601 string (``Z``/``±hh:mm`` offset, or none for UTC), a Unix
            timestamp in seconds (``int`` or ``float``), or a ``datetime``.
        _: The target type (unused; cattrs passes it).

    Returns:
        A tz-aware ``datetime``; naive inputs are taken as UTC.

    Raises:
        ValueError: The string is not ISO 8601 or the timestamp is out of range.
        TypeError: The value is of another type (including ``bool``).
    """
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str):
        try:
            result = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"invalid datetime {value!r}: expected ISO 8601") from None
    elif isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"invalid Unix timestamp {value!r}") from None
    else:
        raise TypeError(
            f"invalid datetime {value!r}: expected an ISO 8601 string or a Unix timestamp, "
            f"got {type(value).__name__}"
        )
    # A naive datetime is ambiguous; APIs that omit the offset mean UTC in practice,
    # and an aware result lets callers compare datetimes from any service.
    return result if result.tzinfo is not None else result.replace(tzinfo=UTC)


def unstructure_datetime(value: datetime) -> str:
    """Unstructure a ``datetime`` to ISO 8601, with ``Z`` for UTC.

    Args:
        value: The datetime; a naive one is taken as UTC.

    Returns:
        ``"2023-04-15T12:34:56Z"`` for UTC, ``"2016-08-19T00:50:00-06:00"`` otherwise.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    text = value.isoformat()
    if value.utcoffset() == _ZERO and text.endswith("+00:00"):
        return text[:-6] + "Z"
    return text


def structure_date(value: Any, _: Any = None) -> date:
    """Structure a ``YYYY-MM-DD`` string into a ``date``.

    Args:
        value: The string (or a ``date``).
        _: The target type (unused; cattrs passes it).

    Returns:
        The date.

    Raises:
        ValueError: The string is not an ISO 8601 date.
        TypeError: The value is not a string.
    """
    # A datetime is a date subclass; silently dropping its time would lose data.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"invalid date {value!r}: expected YYYY-MM-DD") from None
    raise TypeError(f"invalid date {value!r}: expected a YYYY-MM-DD string")


def unstructure_date(value: date) -> str:
    """Unstructure a ``date`` to ``YYYY-MM-DD``.

    Args:
        value: The date.

    Returns:
        The ISO 8601 date string.
    """
    return value.isoformat()


# --- Decimal (money) -------------------------------------------------------------------


def structure_decimal(value: Any, _: Any = None) -> Decimal:
    """Structure a JSON number or numeric string into a finite ``Decimal``.

    Floats go through their shortest ``repr`` (``49.99`` -> ``Decimal("49.99")``):
    the JSON text said ``49.99``, not the binary expansion ``Decimal(49.99)`` holds.

    Args:
        value: An ``int``, ``float``, numeric ``str`` or ``Decimal``.
        _: The target type (unused; cattrs passes it).

    Returns:
        The amount.

    Raises:
        ValueError: Not a number, or NaN or infinite.
        TypeError: A ``bool`` or another type.
    """
    if isinstance(value, bool):
        raise TypeError(f"invalid amount {value!r}: a bool is not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"invalid amount {value!r}: not a number") from None
    else:
        raise TypeError(f"invalid amount {value!r}: expected a number or a numeric string")
    if not result.is_finite():
        raise ValueError(f"invalid amount {value!r}: must be finite")
    return result


def unstructure_decimal(value: Decimal) -> int | float | str:
    """Unstructure a ``Decimal`` to a JSON number when that is exact, else to a string.

    Args:
        value: The amount.

    Returns:
        An ``int`` for a whole value written without decimals or exponent, a ``float`` when the
        float prints back as exactly the same digits and exponent, else ``str(value)``.
    """
    # Exponent 0 is how an integer arrives (``Decimal(100)``, ``"100"``); a float with
    # a positive exponent (``1e20``) must stay a float, as ``int`` would be a
    # different number from the float the API sent.
    if value.as_tuple().exponent == 0:
        return int(value)
    as_float = float(value)
    if not math.isfinite(as_float):  # pragma: no cover - finite decimals only overflow
        return str(value)
    if Decimal(repr(as_float)).as_tuple() == value.as_tuple():
        return as_float
    return str(value)


def _unstructure_enum(member: Enum) -> Any:
    return member._value_


# --- models ----------------------------------------------------------------------------


def _is_model(tp: Any) -> bool:
    """Whether ``tp`` is a Model subclass or a parametrised generic Model subclass."""
    origin = get_origin(tp) or tp
    return isinstance(origin, type) and issubclass(origin, Model)


def _known_keys(
    cls: type[Model], converter: cattrs.Converter, overrides: Mapping[str, AttributeOverride]
) -> frozenset[str]:
    """The input keys the generated structure function reads, mirroring cattrs' rules."""
    keys = set()
    for a in attrs.fields(cls):
        if a.name == "extra":
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
    so unknown-key keeping and strict mode stay the same everywhere.

    Args:
        converter: The converter the hooks are for (lenient or strict).
        tp: The :class:`~beatkit._core.model.Model` subclass.
        overrides: cattrs attribute overrides (renames, per-field hooks).

    Returns:
        The structure hook ``(obj, type) -> instance`` and the unstructure hook
        ``instance -> dict``.
    """
    cls: type[Model] = get_origin(tp) or tp
    # ``extra`` is filled from the leftover keys, never from an input key of that
    # name: an API field called "extra" is just another unknown key.
    ovs: dict[str, Any] = {**overrides, "extra": override(omit=True)}
    base_structure = make_dict_structure_fn(tp, converter, **ovs)
    base_unstructure = make_dict_unstructure_fn(tp, converter, **ovs)
    known = _known_keys(cls, converter, overrides)

    if converter.forbid_extra_keys:
        # Strict: cattrs' own check raises ForbiddenExtraKeysError naming the class
        # and the keys (collected with the other errors under detailed validation).
        structure: Callable[[Any, Any], Any] = base_structure
    else:

        def structure(obj: Any, _: Any) -> Any:
            try:
                keys = obj.keys()
            except AttributeError:
                raise TypeError(
                    f"expected a mapping for {cls.__name__}, got {type(obj).__name__}"
                ) from None
            instance = base_structure(obj, tp)
            if keys <= known:  # the fast path: the model knows every key
                return instance
            # The instance is fresh and not yet shared, so filling its frozen field
            # here is safe, and cheaper than copying the input into the constructor.
            object.__setattr__(instance, "extra", {k: v for k, v in obj.items() if k not in known})
            return instance

    def unstructure(instance: Any) -> dict[str, Any]:
        result = base_unstructure(instance)
        extra = instance.extra
        if extra:
            for key, value in extra.items():
                # A declared field wins over a stray duplicate in ``extra``.
                result.setdefault(key, value)
        return result

    return structure, unstructure


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


def _optional_inner(tp: Any) -> Any:
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
    inner = _optional_inner(tp)
    resolved: Callable[[Any, Any], Any] | None = None
    exact = inner if inner in _PRIMITIVES else None

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
    *, strict: bool = False, detailed_validation: bool | None = None
) -> cattrs.Converter:
    """Build a cattrs converter with beatkit's shared hooks.

    Models (subclasses of :class:`~beatkit._core.model.Model`) get generated,
    cached structure functions. In lenient mode (the default, for production), keys
    of the input the model does not declare go into its ``extra`` field, and
    unstructuring writes them back at the top level, so
    ``unstructure(structure(d, Cls)) == d`` whenever the declared fields' types are
    faithful. In strict mode (for tests and recorded fixtures), such keys raise
    ``cattrs.ForbiddenExtraKeysError`` naming the class and the keys, so API drift is
    seen; under detailed validation the errors of the whole document are gathered in
    one ``cattrs.ClassValidationError`` (``cattrs.transform_error`` lists them with
    their paths).

    Args:
        strict: Refuse unknown keys instead of keeping them.
        detailed_validation: cattrs' detailed validation (errors carry the path of
            the bad value; slower). Defaults to ``strict``.

    Returns:
        A new converter. Register service-specific hooks on it before first use.
    """
    converter = cattrs.Converter(
        forbid_extra_keys=strict,
        detailed_validation=strict if detailed_validation is None else detailed_validation,
        # JSON has arrays only: tuples (immutable model fields) and sets go back as lists.
        unstruct_collection_overrides={Sequence: list, Set: list},
    )
    converter.register_structure_hook(datetime, structure_datetime)
    converter.register_unstructure_hook(datetime, unstructure_datetime)
    converter.register_structure_hook(date, structure_date)
    converter.register_unstructure_hook(date, unstructure_date)
    converter.register_structure_hook(Decimal, structure_decimal)
    converter.register_unstructure_hook(Decimal, unstructure_decimal)
    configure_union_passthrough(int | float | str | bool | None, converter)
    # cattrs passes str and int subclasses through as they are, which would leave enum
    # members in the output; JSON wants the plain value. (Registered on these bases
    # because they precede ``str``/``int`` in the members' MRO.)
    for enum_base in (Enum, StrEnum, IntEnum):
        converter.register_unstructure_hook(enum_base, _unstructure_enum)

    converter.register_structure_hook_factory(
        lambda tp: _optional_inner(tp) is not None, _optional_structure_factory
    )
    converter.register_structure_hook_factory(
        _is_model, lambda tp, conv: model_hooks(conv, tp, {})[0]
    )
    converter.register_unstructure_hook_factory(
        _is_model, lambda tp, conv: model_hooks(conv, tp, {})[1]
    )
    return converter
