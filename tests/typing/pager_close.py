"""A pager's item iterator can be closed, as ``docs/concepts.md`` tells a loop left early to.

``iter(pager)`` and ``aiter(pager)`` are generators at run time; typed as a plain
``Iterator`` / ``AsyncIterator``, ``contextlib.closing`` / ``aclosing`` and ``close()``
were refused by the user's type checker. Checked by ``tests/test_typing.py``; never run.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
from contextlib import aclosing, closing
from typing import assert_type

from beatkit import AsyncPager, Pager
from beatkit.beatconnect import Beat


def sync_walk(pager: Pager[Beat]) -> None:
    assert_type(iter(pager), Generator[Beat, None, None])
    with closing(iter(pager)) as items:
        for beat in items:
            assert_type(beat, Beat)
            break
    it = iter(pager)
    next(it)
    it.close()


async def async_walk(pager: AsyncPager[Beat]) -> None:
    assert_type(aiter(pager), AsyncGenerator[Beat, None])
    async with aclosing(aiter(pager)) as items:
        async for beat in items:
            assert_type(beat, Beat)
            break
    it = aiter(pager)
    await anext(it)
    await it.aclose()
