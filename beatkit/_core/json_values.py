"""The JSON forms of values every API sends: type names, datetimes, dates and money.

Pure functions, free of cattrs: :mod:`beatkit._core.converter` registers them as
hooks, and a service calls them directly for a value outside a model (a webhook's
amount, a header's date).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from copyreg import __newobj__  # type: ignore[attr-defined]  # CPython's, not in typeshed
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "JSONTypeError",
    "NUMBER_TEXT",
    "FloatText",
    "copy_json",
    "json_type",
    "needs_flat_pickle",
    "parse_datetime_text",
    "picklable_json",
    "structure_date",
    "structure_datetime",
    "structure_decimal",
    "structure_offset_datetime",
    "structure_text_datetime",
    "unstructure_date",
    "unstructure_datetime",
    "unstructure_decimal",
]

_ZERO = timedelta(0)

# JSON number grammar (RFC 8259) for numbers sent as text: no spaces, signs, underscores.
NUMBER_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, as error messages show it.

    Args:
        value: A value from ``json.loads`` (or anything else).

    Returns:
        ``"null"``, ``"boolean"``, ``"integer"``, ``"number"``, ``"string"``,
        ``"array"`` or ``"object"``; the Python type name for anything else.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


class JSONTypeError(TypeError):
    """A JSON value of the wrong type for its field, e.g. ``null`` for a ``str``.

    Attributes:
        expected: What the field takes (``"str"``, ``"int"``, ``"array"``...).
        found: The JSON type that came (see :func:`json_type`); never the value,
            which may be private.
    """

    def __init__(self, expected: str, value: Any) -> None:
        self.expected = expected
        self.found = json_type(value)
        super().__init__(f"expected {expected}, got {self.found}")

    def __reduce__(self) -> tuple[Any, ...]:
        # As beatkit's errors do: TypeError's own reduce calls ``JSONTypeError(message)``,
        # which fails (so a multiprocessing pool's result thread dies and its caller
        # waits for ever). Rebuilt without __init__, attributes (where it failed,
        # notes) from __dict__.
        return (__newobj__, (type(self), *self.args), self.__dict__)


# --- JSON numbers a float does not hold ------------------------------------------------


class FloatText(float):
    """A JSON number no ``float`` holds exactly: the nearest float, and the text sent.

    :func:`~beatkit._core.responses.load_json` reads ``12345678901234567.89`` as this
    (a plain ``float`` for every number a float holds, which is nearly all of them).
    In arithmetic, comparisons, ``repr`` and ``json.dumps`` it is the nearest float,
    as before, so raw JSON keeps its floats; :func:`structure_decimal` reads
    :attr:`text` instead, so a ``Decimal`` field gets the exact number sent. It
    survives ``copy`` and ``pickle`` with its text.

    Attributes:
        text: The number as the JSON text wrote it.
    """

    __slots__ = ("text",)
    text: str

    def __new__(cls, text: str) -> FloatText:
        """The float of ``text`` (JSON number syntax), carrying ``text``."""
        self = super().__new__(cls, text)
        self.text = text
        return self

    def __reduce__(self) -> tuple[type[FloatText], tuple[str]]:
        return (type(self), (self.text,))


# --- datetime and date ----------------------------------------------------------------

# The one datetime form the sources show (Beatport, BeatConnect, BeatPass, Beat
# Technology, and what ``datetime.isoformat`` writes): ASCII digits, calendar date,
# ``T`` or a space, hours, minutes and seconds, a fraction of at most six digits, an
# optional offset. ``datetime.fromisoformat`` alone also reads a bare date (as
# midnight), a time cut to the hour or minute, week and ordinal dates, the basic form
# and seven-digit fractions (truncated): a value the API did not send. The offset's
# parts are range-checked here: fromisoformat adds them up as a timedelta unchecked,
# so ``+01:60`` would be ``+02:00`` and ``+00:99`` ``+01:39`` (RFC 3339, W3C's TZD and
# ISO 8601 take hours 00-23, minutes and seconds 00-59). The date and the time are
# checked by the ``datetime`` constructor.
_DATETIME_TEXT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?)?"
)
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# What fromisoformat reads as a date alone (calendar, basic, week, ordinal): named as
# such in the error, as the mistake is a missing time, not a garbled string.
_DATE_ONLY = re.compile(r"[0-9]{4}-?(?:[0-9]{2}-?[0-9]{2}|W[0-9]{2}-?[0-9]?|[0-9]{3})")


def parse_datetime_text(value: str) -> datetime:
    """Parse ``YYYY-MM-DDThh:mm:ss[.ffffff][Z|±hh:mm]`` text, as the APIs send it.

    A space may stand for the ``T`` (Beat Technology writes ``YYYY-MM-DD hh:mm:ss``);
    the offset may carry seconds as ``datetime.isoformat`` writes them
    (``±hh:mm:ss[.ffffff]``). Nothing else: not a bare date (its time and zone would
    be made up), not a time cut to the hour or minute, not the basic
    (``20230215T123456Z``), week or ordinal forms, not a fraction of more than six
    digits (a ``datetime`` would drop the rest), not an offset whose hours pass 23
    or whose minutes or seconds pass 59 (``+01:60`` is no ``+02:00``).

    Args:
        value: The text.

    Returns:
        The ``datetime``; naive when the text has no offset (the caller decides what
        that means).

    Raises:
        ValueError: The text is not in that form, or names no real time
            (``2023-02-30T00:00:00``, a leap second ``23:59:60``); the message says
            which, and does not quote the text.
    """
    if _DATETIME_TEXT.fullmatch(value):
        try:
            # Hour 24 is checked here: Python 3.14's fromisoformat reads ``24:00:00`` as
            # the next day's midnight (3.11 to 3.13 refuse it), which RFC 3339 and W3C's
            # profile (hours 00-23) do not write, and a date read from it would be a
            # day later than the one written.
            if value[11:13] <= "23":
                return datetime.fromisoformat(value)
        except ValueError:
            pass
        # In form, but no datetime holds it: ``2023-02-30``, year 0, hour 24, a leap second.
        raise ValueError(
            "invalid datetime: names no real time (year 0, a day past its month's end, "
            "an hour past 23, a minute or a second past 59)"
        )
    if _DATE_ONLY.fullmatch(value):
        raise ValueError("invalid datetime: a date without a time (expected YYYY-MM-DDThh:mm:ss)")
    raise ValueError(
        "invalid datetime: expected YYYY-MM-DDThh:mm:ss, with an optional fraction of "
        "up to six digits and an optional offset (Z or ±hh:mm)"
    )


def structure_datetime(value: Any, _: Any = None) -> datetime:
    """Structure an ISO 8601 string or a Unix timestamp into a tz-aware ``datetime``.

    Args:
        value: ``YYYY-MM-DDThh:mm:ss`` text (a space may stand for the ``T``), with an
            optional fraction of up to six digits and an optional offset (``Z`` or
            ``±hh:mm``; none means UTC), as :func:`parse_datetime_text` reads it; a
            Unix timestamp in seconds (``int`` or ``float``); or a ``datetime``.
        _: The target type (unused; cattrs passes it).

    Returns:
        A tz-aware ``datetime``; naive inputs are taken as UTC.

    Raises:
        ValueError: The string is not in that form (a bare date is refused: its
            time and zone would be made up), or the timestamp (or the datetime, once
            its offset is applied) is out of the range of a ``datetime`` in UTC.
        TypeError: The value is of another type (including ``bool``).
    """
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str):
        result = parse_datetime_text(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError("invalid Unix timestamp: out of range") from None
    else:
        raise TypeError(
            f"invalid datetime: expected an ISO 8601 string or a Unix timestamp, "
            f"got {json_type(value)}"
        )
    # A naive datetime is ambiguous; APIs that omit the offset mean UTC in practice,
    # and an aware result lets callers compare datetimes from any service.
    if result.tzinfo is None:
        return result.replace(tzinfo=UTC)
    if result.year in (1, 9999):
        # Its offset may take it before year 1 or past 9999 in UTC, where comparing it
        # with another offset or astimezone(UTC) raises OverflowError, far from here.
        try:
            result.astimezone(UTC)
        except OverflowError:
            raise ValueError("invalid datetime: out of range in UTC") from None
    return result


def structure_text_datetime(value: Any, _: Any = None) -> datetime:
    """Structure ISO 8601 text into a tz-aware ``datetime``; a number is refused.

    For APIs that send datetimes as text only (Beat Technology): there, a JSON
    number is no form the API uses, and reading it as a Unix timestamp would turn a
    count or an id sent in the wrong field into a plausible time.

    Args:
        value: ``YYYY-MM-DDThh:mm:ss`` text as :func:`structure_datetime` reads it
            (no offset means UTC), or a ``datetime``.
        _: The target type (unused; cattrs passes it).

    Returns:
        A tz-aware ``datetime``; naive inputs are taken as UTC.

    Raises:
        ValueError: The text is not in that form, or the datetime is out of range in UTC.
        TypeError: The value is of another type (a Unix timestamp included).
    """
    if not isinstance(value, str | datetime):
        raise TypeError(f"invalid datetime: expected an ISO 8601 string, got {json_type(value)}")
    return structure_datetime(value)


def structure_offset_datetime(value: Any, _: Any = None) -> datetime:
    """Structure ISO 8601 text that carries its offset into a tz-aware ``datetime``.

    For APIs whose every datetime carries an offset (Beatport writes
    ``2016-08-19T00:50:00-06:00``): there, text without one does not say UTC (if
    anything, it is the server's local time), and a number is no form the API
    uses, so neither is turned into a time the API did not send.

    Args:
        value: ``YYYY-MM-DDThh:mm:ss[.ffffff]`` text (a space may stand for the
            ``T``) ending in ``Z`` or ``±hh:mm``, as :func:`parse_datetime_text`
            reads it; or a tz-aware ``datetime``.
        _: The target type (unused; cattrs passes it).

    Returns:
        The ``datetime``, with the offset sent.

    Raises:
        ValueError: The text is not in that form, or has no offset; the datetime is
            naive or out of range in UTC.
        TypeError: The value is of another type (a Unix timestamp included).
    """
    if isinstance(value, str):
        parsed = parse_datetime_text(value)
    elif isinstance(value, datetime):
        parsed = value
    else:
        raise TypeError(
            f"invalid datetime: expected an ISO 8601 string with an offset, got {json_type(value)}"
        )
    if parsed.tzinfo is None:
        raise ValueError(
            "invalid datetime: a time without an offset (expected Z or ±hh:mm at the end): "
            "its zone would be made up"
        )
    return structure_datetime(parsed)


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
        value: The string, exactly ``YYYY-MM-DD`` in ASCII digits (or a ``date``).
        _: The target type (unused; cattrs passes it).

    Returns:
        The date.

    Raises:
        ValueError: The string is not ``YYYY-MM-DD`` (the basic ``20230215``, week
            ``2023-W07-3`` and ordinal ``2023-046`` forms included) or names no real
            day.
        TypeError: The value is not a string.
    """
    # A datetime is a date subclass; silently dropping its time would lose data.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        if _DATE_TEXT.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError("invalid date: a string that is not YYYY-MM-DD")
    raise TypeError(f"invalid date: expected a YYYY-MM-DD string, got {json_type(value)}")


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
    A number with more digits than a float holds (``12345678901234567.89``) arrives
    from :func:`~beatkit._core.responses.load_json` as a :class:`FloatText`, and is
    read from the text sent, exactly.

    Args:
        value: An ``int``, ``float`` (a :class:`FloatText` by its text), numeric
            ``str`` (JSON number syntax: amounts are often sent as text to keep their
            digits) or ``Decimal``.
        _: The target type (unused; cattrs passes it).

    Returns:
        The amount.

    Raises:
        ValueError: Not a number, or NaN or infinite; or a numeric string the same
            number sent as a JSON number would be refused for (past a float's range,
            ``"1e999999999"``, or an integer of more digits than the process's int
            limit, 4300 by default).
        TypeError: A ``bool`` or another type.
    """
    if isinstance(value, bool):
        raise TypeError("invalid amount: expected a number, got boolean")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(value.text if isinstance(value, FloatText) else repr(value))
    elif isinstance(value, str):
        # JSON's number grammar: Decimal() alone would also take " 1", "1_000" or "NaN".
        if not NUMBER_TEXT.fullmatch(value):
            raise ValueError("invalid amount: a string that is not a number")
        # Within the bounds of the same number sent as a JSON number (load_json's): a
        # float's range ("1e999999999") and the process's limit on an int's digits
        # (5000 nines); read from the text all the same, to keep its digits ("49.90").
        from beatkit._core.responses import load_json  # (responses imports this module)

        try:
            load_json(value.encode("ascii"))
        except ValueError as exc:
            raise ValueError(f"invalid amount: {exc}") from None
        try:
            result = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the grammar above is Decimal's subset
            raise ValueError("invalid amount: a string that is not a number") from None
    else:
        raise TypeError(
            f"invalid amount: expected a number or a numeric string, got {json_type(value)}"
        )
    if not result.is_finite():
        raise ValueError("invalid amount: must be finite")
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


# --- JSON nested deeper than Python's recursion ----------------------------------------------

_CONTAINERS = (dict, list)
_SHALLOW = 64
"""How deep a value may nest and still be pickled as it is: well within the recursion of
``pickle`` (about one frame a level, in C, under Python's recursion limit)."""


def copy_json(value: Any, leaf: Callable[[Any], Any], memo: dict[int, Any] | None = None) -> Any:
    """``value`` with its dicts and lists copied at any depth, without recursion.

    JSON an API sent may nest deeper than the recursion of ``copy.deepcopy``,
    cattrs' unstructuring or ``hash`` goes (about 500 levels), though the parser
    read it. This walks it with a stack. A container reached twice (shared, or
    holding itself) is copied once, and the copy shared alike.

    Args:
        value: Parsed JSON, or anything else.
        leaf: What every value that is not an exact ``dict`` or ``list`` becomes
            (a key that is not text too); a dict's or a list's subclass is a leaf.
        memo: ``id(original) -> copy`` of the containers copied so far (the memo of
            ``copy.deepcopy``); a new one when ``None``. The originals must stay
            alive while it is in use.

    Returns:
        The copy.
    """
    if value.__class__ not in _CONTAINERS:
        return leaf(value)
    copies: dict[int, Any] = {} if memo is None else memo
    stack: list[tuple[Any, Any]] = []

    def copied(item: Any) -> Any:
        if item.__class__ not in _CONTAINERS:
            return leaf(item)
        found = copies.get(id(item))
        if found is None:
            found = copies[id(item)] = item.__class__()
            stack.append((item, found))
        return found

    root = copied(value)
    while stack:
        original, copy = stack.pop()
        if original.__class__ is dict:
            for key, item in original.items():
                copy[key if key.__class__ is str else leaf(key)] = copied(item)
        else:
            copy.extend([copied(item) for item in original])
    return root


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value``'s dicts and lists nest more than ``limit`` levels (a stack, no
    recursion; a container reached again is walked again only from deeper down, so a
    shared part counts at its deepest, and one holding itself is deep)."""
    seen: dict[int, int] = {}
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if item.__class__ not in _CONTAINERS or seen.get(id(item), -1) >= depth:
            continue
        if depth >= limit:
            return True
        seen[id(item)] = depth
        stack.extend(
            (child, depth + 1) for child in (item.values() if item.__class__ is dict else item)
        )
    return False


class _FlatJSON:
    """A deeply nested JSON value, pickled as a flat list of its containers.

    ``pickle`` writes nested lists and dicts by recursion, and raises ``RecursionError``
    for JSON the parser read (on Python 3.11 and 3.12). Pickled, this is rebuilt by
    :func:`_unflatten` as the nested value itself: it never appears unpickled.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __reduce__(self) -> tuple[Any, ...]:
        index: dict[int, int] = {}
        containers: list[Any] = []

        def ref(item: Any) -> int:
            found = index.get(id(item))
            if found is None:
                found = index[id(item)] = len(containers)
                containers.append(item)
            return found

        ref(self.value)
        nodes: list[tuple[bool, list[Any], list[int]]] = []
        for container in containers:  # grows while it is walked
            is_dict = container.__class__ is dict
            items = [x for pair in container.items() for x in pair] if is_dict else list(container)
            refs = []
            for position, item in enumerate(items):
                if item.__class__ in _CONTAINERS:  # never a key: keys are hashable
                    items[position] = ref(item)
                    refs.append(position)
            nodes.append((is_dict, items, refs))
        return (_unflatten, (nodes,))


def _unflatten(nodes: list[tuple[bool, list[Any], list[int]]]) -> Any:
    """The nested value a pickled :class:`_FlatJSON` holds, rebuilt without recursion."""
    built: list[Any] = [{} if is_dict else [] for is_dict, _, _ in nodes]
    for (is_dict, items, refs), container in zip(nodes, built, strict=True):
        for position in refs:
            items[position] = built[items[position]]
        if is_dict:
            container.update(zip(items[::2], items[1::2], strict=True))
        else:
            container.extend(items)
    return built[0]


def needs_flat_pickle(value: Any) -> bool:
    """Whether ``value`` is a dict or a list nested deeper than ``pickle``'s recursion is
    safe for (see :func:`picklable_json`).

    Args:
        value: Any value; only an exact ``dict`` or ``list`` can need it.

    Returns:
        ``True`` when its dicts and lists nest more than 64 levels, shared parts
        counted at their deepest.
    """
    return value.__class__ in _CONTAINERS and bool(value) and _deeper_than(value, _SHALLOW)


def picklable_json(value: Any) -> Any:
    """``value`` as ``pickle`` can write it, for a ``__reduce__``'s state.

    Args:
        value: Any value.

    Returns:
        ``value`` itself; or, when its dicts and lists nest deeper than ``pickle``'s
        recursion is safe for (:func:`needs_flat_pickle`), a wrapper that pickles
        flat and unpickles as the same nested value (shared and self-holding parts
        included). Never to be used other than pickled.
    """
    return _FlatJSON(value) if needs_flat_pickle(value) else value
