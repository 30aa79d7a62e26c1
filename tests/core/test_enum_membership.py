"""``in`` on an open enum sees the declared members only, on every Python.

Python 3.12 changed ``EnumType.__contains__`` to answer ``True`` for any instance of the
class; a pseudo-member (a value the API added later) is one, so ``Genre("trap") in
Genre`` was ``True`` on 3.12 and 3.13 and ``False`` on 3.11, while ``list(Genre)`` and
``len(Genre)`` leave it out everywhere. (Run on 3.12+ to see the difference.)
"""

from __future__ import annotations

from beatkit._core.enums import OpenEnum, OpenIntEnum


class Genre(OpenEnum):
    HOUSE = "house"


class Tier(OpenIntEnum):
    FREE = 0


def test_a_pseudo_member_is_not_in_its_enum() -> None:
    trap, gold = Genre("trap"), Tier(7)
    assert trap not in Genre
    assert gold not in Tier
    assert (trap in Genre) == (trap in list(Genre)) == trap.is_known


def test_declared_members_are_in_their_enum() -> None:
    assert Genre.HOUSE in Genre
    assert Genre("house") in Genre
    assert Tier.FREE in Tier
    assert Tier(0) in Tier
