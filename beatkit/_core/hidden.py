"""A credential kept in an object's attributes but shown as ``'***'``."""

from __future__ import annotations

from typing import Generic, TypeVar

__all__ = ["Hidden"]

_T = TypeVar("_T")


class Hidden(Generic[_T]):
    """A credential an object keeps (a client secret, secret headers), shown as
    ``'***'``: a dump of the object's attributes (``vars(auth)``, ``pprint``, a
    variable inspector's dict view) then holds none in the clear.

    Attributes:
        value: The credential itself.
    """

    __slots__ = ("value",)

    def __init__(self, value: _T) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "'***'"
