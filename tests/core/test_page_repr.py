"""A ``Page`` shown at a prompt or as a notebook cell's result is one short line.

Its items are a list of whole models: printed in full, a 100-item page of Beatport
tracks was over 40,000 characters on one line. The page says how many items of which
model it holds, and ``page.items`` shows them.
"""

from __future__ import annotations

import httpx

from beatkit import BeatConnect
from beatkit._core.pagination import Page
from beatkit.testing import FakeBeatConnect


def test_a_full_page_repr_counts_its_items_instead_of_printing_them() -> None:
    fake = FakeBeatConnect()
    with BeatConnect(fake.api_key, http_client=httpx.Client(transport=fake.transport())) as bc:
        page = bc.beats.list(per_page=100).first_page()
    assert len(page.items) == 100
    assert repr(page) == f"Page(items=<100 Beat>, total={page.total}, has_next=True)"
    assert str(page) == repr(page)


def test_an_empty_page_and_a_page_of_mixed_items() -> None:
    assert repr(Page(items=[])) == "Page(items=[], total=None, has_next=False)"
    mixed = Page(items=[1, "a", 2], total=3)
    assert repr(mixed) == "Page(items=<3 items>, total=3, has_next=False)"
    assert repr(Page(items=["a"], total=1)) == "Page(items=<1 str>, total=1, has_next=False)"
