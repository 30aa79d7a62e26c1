"""Open enums: closed sets of API values that still accept values added later."""

from __future__ import annotations

import threading
from enum import Enum, EnumType, IntEnum, StrEnum
from typing import Any, TypeVar

__all__ = ["OpenEnum", "OpenIntEnum"]

_E = TypeVar("_E", bound=Enum)

# One cache of pseudo-members per enum class, so that ``Genre("new")`` is always the
# same object (identity, ``is`` comparisons and pickling stay stable). A module-level
# dict rather than an attribute on the class, because enum classes guard their
# namespace. The set of values an API sends is small, so the cache stays small.
_pseudo_members: dict[type[Enum], dict[Any, Enum]] = {}
_pseudo_lock = threading.Lock()


def _pseudo_member(cls: type[_E], value: Any, data_type: type[Any]) -> _E:
    """Return the cached pseudo-member of ``cls`` for an unknown ``value``, creating it once.

    Args:
        cls: The enum class.
        value: The raw value the API sent.
        data_type: The enum's data type (``str`` or ``int``), whose ``__new__`` builds
            the member object without going through ``Enum.__new__`` (which would
            call ``_missing_`` again).

    Returns:
        A member-like instance of ``cls`` whose ``value`` is ``value``.
    """
    member: Any = _pseudo_members.get(cls, {}).get(value)
    if member is not None:
        return member  # type: ignore[no-any-return]
    # The lock makes creation single-flight: two threads asking for the same new
    # value at once must get the same object.
    with _pseudo_lock:
        members = _pseudo_members.setdefault(cls, {})
        member = members.get(value)
        if member is None:
            new: Any = data_type.__new__
            member = new(cls, value)
            member._value_ = value
            # Like the stdlib's unnamed Flag pseudo-members: there is no member name.
            member._name_ = None
            members[value] = member
    return member  # type: ignore[no-any-return]


def _is_known(member: Enum) -> bool:
    return type(member)._member_map_.get(member._name_) is member


def _open_repr(member: Enum) -> str:
    return f"<{type(member).__name__} (unknown): {member._value_!r}>"


class _OpenEnumType(EnumType):
    """``in`` sees the declared members only: a pseudo-member is not one, on every Python.

    Python 3.12 made ``EnumType.__contains__`` answer ``True`` for any instance of the
    class, pseudo-members included (3.11 answered ``False`` for them, as ``list()`` and
    ``len()`` still do everywhere). Anything else is left to Python's own rule.
    """

    def __contains__(cls, value: object) -> bool:
        if isinstance(value, cls) and isinstance(value, Enum) and not _is_known(value):
            return False
        # Python's rule, which takes any value from 3.12 (typeshed's 3.11 says members).
        contains: Any = super().__contains__
        return bool(contains(value))


class OpenEnum(StrEnum, metaclass=_OpenEnumType):
    """A string enum that accepts values it does not list.

    ``MyEnum("value_added_by_the_api_last_year")`` does not raise: it returns a
    *pseudo-member*, an instance of ``MyEnum`` that keeps the raw value, compares
    equal to it, ``str()``-s and formats as it, unstructures back to it, and has
    :attr:`is_known` set to ``False``. The same value always gives the same object.
    Its ``name`` is ``None``, as for the stdlib's unnamed ``Flag`` pseudo-members.
    Iterating the enum, ``len``, ``in`` (``trap in Genre`` is ``False``, on every
    Python) and ``MyEnum["NAME"]`` only ever see the declared members. Non-string
    values still raise ``ValueError``.

    Example::

        class Genre(OpenEnum):
            HOUSE = "house"
            TECHNO = "techno"

        Genre("techno") is Genre.TECHNO  # True
        trap = Genre("trap")             # no error
        trap == "trap", trap.is_known    # (True, False)
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            return _pseudo_member(cls, value, str)
        return None

    @property
    def is_known(self) -> bool:
        """Whether this is a declared member (``True``) or an unknown value (``False``)."""
        return _is_known(self)

    def __repr__(self) -> str:
        return super().__repr__() if _is_known(self) else _open_repr(self)


class _OpenIntEnumType(_OpenEnumType):
    """Refuses ``bool`` values before the lookup, where ``False == 0`` would find a member."""

    def __call__(cls, value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) and not args and not kwargs:
            raise ValueError(f"{value!r} is not a valid {cls.__qualname__}")
        return super().__call__(value, *args, **kwargs)


class OpenIntEnum(IntEnum, metaclass=_OpenIntEnumType):
    """An integer enum that accepts values it does not list.

    The integer twin of :class:`OpenEnum`: ``MyIntEnum(99)`` returns a cached
    pseudo-member with value ``99`` and :attr:`is_known` ``False``. ``bool`` values
    are refused with ``ValueError``, even one equal to a member's value (``True`` is an
    ``int`` in Python, never an id from an API).
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return _pseudo_member(cls, value, int)
        return None

    @property
    def is_known(self) -> bool:
        """Whether this is a declared member (``True``) or an unknown value (``False``)."""
        return _is_known(self)

    def __repr__(self) -> str:
        return super().__repr__() if _is_known(self) else _open_repr(self)
