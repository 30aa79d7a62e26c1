# GENERATED from tests/beatpass/_async/test_audit_pages.py by scripts/unasync.py: edit the async source.
"""Laravel pages that count their pages but leave ``current_page`` out.

The OpenAPI file's ``Pagination`` schema requires none of its fields. A page that says
``last_page: 3`` without saying which page it is must not end the walk after itself:
its place is read from ``from`` and ``per_page`` (Laravel's first item's position and
page size).

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit.beatpass import BeatPass

PER_PAGE = 2


def page_body(page: int, *, last: int, position: bool) -> dict[str, Any]:
    counts: dict[str, Any] = {"last_page": last, "total": PER_PAGE * last}
    if position:
        counts.update(per_page=PER_PAGE, **{"from": (page - 1) * PER_PAGE + 1})
    items = [{"id": page * 10 + n} for n in range(PER_PAGE)]
    return {"status": "success", "tracks": {**counts, "data": items}}


class Pages:
    """Answers ``GET /tracks?page=N`` with page N, and records the pages asked for."""

    def __init__(self) -> None:
        self.position = True
        self.last = 3
        self.asked: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        self.asked.append(page)
        return httpx.Response(200, json=page_body(page, last=self.last, position=self.position))


@pytest.fixture
def pages() -> Pages:
    return Pages()


@pytest.fixture
def bp(pages: Pages, monkeypatch: pytest.MonkeyPatch) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    transport = httpx.MockTransport(pages)
    with BeatPass(
        "tok", http_client=httpx.Client(transport=transport), max_retries=0
    ) as client:
        yield client


def test_a_page_without_current_page_is_placed_by_its_first_item(
    bp: BeatPass, pages: Pages
) -> None:
    ids = [track.id for track in bp.tracks.list()]
    assert ids == [10, 11, 20, 21, 30, 31]
    assert sorted(pages.asked) == [1, 2, 3]


def test_a_walk_from_a_later_page_goes_on_to_the_last(
    bp: BeatPass, pages: Pages
) -> None:
    ids = [track.id for track in bp.tracks.list(page=2)]
    assert ids == [20, 21, 30, 31]


def test_a_single_counted_page_needs_no_current_page(bp: BeatPass, pages: Pages) -> None:
    pages.position, pages.last = False, 1
    assert [track.id for track in bp.tracks.list()] == [10, 11]
