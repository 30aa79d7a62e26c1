"""The base class of every beatkit API model: plain frozen data that keeps unknown keys."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Self, SupportsIndex

import attrs
from attrs import field, frozen

from beatkit._core.json_values import copy_json, needs_flat_pickle, picklable_json

__all__ = ["ExactModel", "Model", "content_hash"]


@frozen(kw_only=True)
class Model:
    """Base class of every API model.

    A model is plain, immutable data (an attrs ``@frozen`` slots class); renames and
    odd shapes live in the service's converter module, never in the model. Declare
    subclasses the same way, with optional fields defaulting to ``None``::

        @frozen(kw_only=True)
        class Beat(Model):
            id: int
            \"\"\"The beat's id.\"\"\"
            title: str
            \"\"\"The beat's title.\"\"\"
            bpm: int | None = None
            \"\"\"Tempo in beats per minute, when the producer gave one.\"\"\"

    ``kw_only`` lets subclasses declare required fields after the inherited
    ``extra`` (which has a default), and keeps constructor calls readable. Declare
    models at module level: with ``from __future__ import annotations`` their
    annotations are strings, which cattrs resolves (``attrs.resolve_types``) against
    the module's globals, forward references included.

    Structuring with a converter from ``beatkit._core.converter.make_converter``
    puts every key of the API's response that the model does not declare into
    :attr:`extra`, and unstructuring merges them back, so a response round-trips
    without losing a key even when the API grows new fields (see
    :class:`ExactModel` for optional keys the response left out).

    Models are values: equal when their fields (``extra`` included) are equal,
    hashable (usable in sets and as dict keys) even when a field holds a list or a
    dict, which are hashed by their content, and they pickle, copy and deep-copy, free-form
    JSON in a field nested deeper than Python's recursion included.
    """

    extra: dict[str, Any] = field(factory=dict, repr=False, hash=False)
    """Keys the API sent that this model does not declare, with their raw JSON values.

    APIs add fields over the years; they land here instead of being dropped, and are
    written back at the top level when the model is unstructured. Empty when the
    model knows every key. Left out of ``repr`` (noise) and of ``hash`` (two models
    that differ only here hash alike), but part of equality. Treat it as read-only.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # attrs gives every decorated subclass its own __hash__ over the field values,
        # which raises ``unhashable type: 'list'`` for the many models with a list or
        # dict field. A class that defines __hash__ itself keeps it (attrs' auto-detect),
        # so each subclass is handed the content-based hash before attrs decorates it
        # (unless it wrote a __hash__ of its own).
        if "__hash__" not in vars(cls):
            cls.__hash__ = Model.__hash__  # type: ignore[method-assign]
        # IPython walks the class's MRO and shows the first class's ``__repr__`` it
        # meets before a ``_repr_pretty_``: attrs writes a ``__repr__`` into every
        # subclass, so the inherited hook would never be reached. Each subclass gets it.
        if "_repr_pretty_" not in vars(cls):
            cls._repr_pretty_ = Model._repr_pretty_  # type: ignore[method-assign]

    def __hash__(self) -> int:
        return content_hash(self)

    # A field may hold free-form JSON an API sent nested deeper than the recursion of
    # ``copy.deepcopy`` and ``pickle`` goes (about 500 levels, which the parser reads):
    # such a value is copied by a walk with a stack, and pickled flat.

    def __copy__(self) -> Self:
        new = object.__new__(type(self))
        _set_state(new, _state(self))
        return new

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        new = object.__new__(type(self))
        memo[id(self)] = new

        def leaf(value: Any) -> Any:
            return copy.deepcopy(value, memo)

        # Each field's value by itself, never the state dict: that one is temporary, and
        # a memo entry for it could be found again by the id of a later temporary.
        state = {name: copy_json(value, leaf, memo) for name, value in _state(self).items()}
        _set_state(new, state)
        return new

    def __reduce_ex__(self, protocol: SupportsIndex, /) -> Any:
        reduced = super().__reduce_ex__(protocol)
        state = reduced[2] if isinstance(reduced, tuple) and len(reduced) > 2 else None
        if type(state) is dict and any(map(needs_flat_pickle, state.values())):
            state = {name: picklable_json(value) for name, value in state.items()}
            reduced = (*reduced[:2], state, *reduced[3:])
        return reduced

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Show the model in IPython and Jupyter as its ``repr``, laid out in lines.

        IPython shows an object without this hook as its ``repr`` on one line (a
        Beatport track: 3,600 characters). A model whose ``repr`` is wider than the
        printer breaks its fields one per line, nested models, lists and dicts too; it
        shows exactly the fields ``repr`` shows, never ``extra`` or a field kept out of
        ``repr``, and a model with a ``repr`` of its own is shown by it.

        Args:
            printer: IPython's ``RepresentationPrinter`` (``text``, ``break_``,
                ``max_width`` are used).
            cycle: Whether the model contains itself (models are plain data: never).
        """
        for number, line in enumerate(layout(self, 0, printer.max_width).split("\n")):
            if number:
                printer.break_()  # a newline at the printer's indent (inside a list)
            printer.text(line)


def _state(model: Model) -> dict[str, Any]:
    """The field values of ``model`` by name, as pickling reads them (attrs' own
    ``__getstate__`` for a slots class; ``__dict__`` otherwise)."""
    state: Any = model.__getstate__()
    return dict(state or {})


def _set_state(model: Model, state: dict[str, Any]) -> None:
    """Set the fields of a new, empty ``model`` from :func:`_state`, as unpickling does."""
    target: Any = model
    setstate = getattr(target, "__setstate__", None)
    if setstate is not None:
        setstate(state)
    else:
        target.__dict__.update(state)


_INDENT = 4
_LAYOUT_DEPTH = 12
"""How many levels of nesting :func:`layout` breaks into lines."""


def layout(value: Any, indent: int, width: int, prefix: int = 0) -> str:
    """``repr(value)``, broken into lines where it is wider than ``width``.

    ``indent`` is the indent of the line the value starts on, ``prefix`` the width of
    what precedes the value on that line (``name=``).

    Models whose ``repr`` attrs wrote break between their fields, lists, tuples and dicts
    between their items; anything else (and a model with a ``__repr__`` of its own) is
    its ``repr``. Joined back, the lines read as ``repr(value)``. A value
    :data:`_LAYOUT_DEPTH` levels down is its ``repr`` too: free-form JSON an API sent
    may nest hundreds of levels, and breaking each (working out each level's ``repr``
    again) took seconds, then raised ``RecursionError``.
    """
    flat = repr(value)
    if indent + prefix + len(flat) <= width or indent >= _INDENT * _LAYOUT_DEPTH:
        return flat
    inner = " " * (indent + _INDENT)
    parts: list[str]
    if isinstance(value, Model) and _attrs_repr(type(value)):
        name = type(value).__qualname__.rsplit(">.", 1)[-1]  # as attrs' repr names it
        parts = []
        for attribute in attrs.fields(type(value)):
            if attribute.repr is False:
                continue
            field_value = getattr(value, attribute.name)
            shown = (
                attribute.repr(field_value)
                if callable(attribute.repr)
                else layout(field_value, indent + _INDENT, width, len(attribute.name) + 1)
            )
            parts.append(f"{attribute.name}={shown}")
        opening, closing = f"{name}(", ")"
    elif type(value) in (list, tuple) and value:
        parts = [layout(item, indent + _INDENT, width) for item in value]
        opening, closing = ("[", "]") if type(value) is list else ("(", ")")
    elif type(value) is dict and value:
        parts = [
            f"{key!r}: {layout(item, indent + _INDENT, width, len(repr(key)) + 2)}"
            for key, item in value.items()
        ]
        opening, closing = "{", "}"
    else:
        return flat
    if not parts:
        return flat
    body = ",\n".join(inner + part for part in parts)
    return f"{opening}\n{body},\n{' ' * indent}{closing}"


def _attrs_repr(cls: type) -> bool:
    """Whether ``cls.__repr__`` is the one attrs generated (a hand-written one may hide
    values the fields hold, so it is the only safe way to show such a model)."""
    code = getattr(cls.__repr__, "__code__", None)
    return code is not None and code.co_filename.startswith("<attrs generated")


def content_hash(value: object) -> int:
    """The hash of an attrs instance by the content of its fields, as its equality sees them.

    For frozen value classes with a list or a dict field: attrs' generated hash raises
    ``unhashable type: 'list'`` for them. Assign it as the class's ``__hash__`` (attrs
    keeps a ``__hash__`` written in the class body).
    """
    return hash((type(value), *(_hashable(getattr(value, name)) for name in _hashed(type(value)))))


_HASHED: dict[type, tuple[str, ...]] = {}


def _hashed(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` its hash covers: those ``hash=True``, and those left at attrs'
    default (``hash=None``: as ``eq``). Reading ``f.hash`` alone skipped the defaults,
    so every instance of a class hashed alike and sets of models grew quadratically."""
    names = _HASHED.get(cls)
    if names is None:
        fields = attrs.fields(cls)
        names = tuple(f.name for f in fields if (f.eq if f.hash is None else f.hash))
        _HASHED[cls] = names  # the same for every thread that computes it
    return names


_HASH_DEPTH = 16
"""How deep :func:`_hashable` looks into nested lists and dicts; deeper ones count by
their length only. JSON an API sent may nest deeper than recursion goes (about 600
levels here), and equal values still hash alike."""


def _hashable(value: Any, depth: int = 0) -> Any:
    """``value`` with its lists, tuples, dicts and sets made hashable, equal values alike.

    Two equal values give equal results, so a model's hash agrees with its equality.
    Nested models hash themselves (their ``extra`` left out). Lists, tuples and
    mappings below :data:`_HASH_DEPTH` levels are stood for by their length.
    """
    if isinstance(value, list | tuple):
        if depth >= _HASH_DEPTH:
            return ("sequence", len(value))
        return tuple(_hashable(item, depth + 1) for item in value)
    if isinstance(value, Mapping):
        if depth >= _HASH_DEPTH:
            return ("mapping", len(value))
        return frozenset((key, _hashable(item, depth + 1)) for key, item in value.items())
    if isinstance(value, set):
        return frozenset(value)
    return value


_NONE_ABSENT: frozenset[str] = frozenset()
"""The ``_absent_keys`` of an :class:`ExactModel` that left none out: one shared empty
set, not a new one per instance (``frozenset()`` is no singleton): 1-2% of reading a
list page, less for the garbage collector to track."""


@frozen(kw_only=True)
class ExactModel(Model):
    """A model that also gives back exactly the optional keys a response sent.

    Structuring remembers which optional keys (fields with a default) the response
    left out, and unstructuring leaves them out again rather than writing them as
    ``null``, so a response round-trips key for key. APIs embed one resource in
    several shapes, with more or fewer keys; one model per resource can declare every
    key and still give back the JSON it read. A model built by hand (or changed with
    ``attrs.evolve``) writes every field. Beatport's, BeatPass's and BeatConnect's
    models derive from it.
    """

    _absent_keys: frozenset[str] = field(
        default=_NONE_ABSENT, init=False, repr=False, eq=False, hash=False
    )
    """Keys of optional fields the response did not send (filled by the converter, so
    that unstructuring leaves them out again; internal). Empty
    for a model built by hand."""
