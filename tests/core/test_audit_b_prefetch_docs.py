"""What the pagers' docstrings and the concepts page say of prefetching is true.

The pager docstring said the remaining pages are fetched "a few at a time
concurrently (the client's ``prefetch`` setting)", but no client takes a ``prefetch``
option: the window is the internal settings' default, four, on every client.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import attrs
import pytest

from beatkit._core._async.pagers import AsyncPager
from beatkit._core._sync.pagers import Pager
from beatkit._core.settings import TransportSettings
from beatkit.beatconnect import AsyncBeatConnect, BeatConnect
from beatkit.beatpass import AsyncBeatPass, BeatPass
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.beattech import AsyncBeatTech, BeatTech

CLIENTS = [AsyncBeatConnect, BeatConnect, AsyncBeatPass, BeatPass]
CLIENTS += [AsyncBeatport, Beatport, AsyncBeatTech, BeatTech]
CONCEPTS = Path(__file__).resolve().parents[2] / "docs" / "concepts.md"


@pytest.mark.parametrize("client", CLIENTS, ids=lambda c: c.__name__)
def test_no_client_takes_a_prefetch_option(client: type) -> None:
    assert "prefetch" not in inspect.signature(client.__init__).parameters


@pytest.mark.parametrize("pager", [AsyncPager, Pager], ids=lambda c: c.__name__)
def test_the_pager_docstring_names_the_fixed_window(pager: type) -> None:
    doc = " ".join((pager.__doc__ or "").split())
    assert "the client's ``prefetch`` setting" not in doc
    assert "four at a time" in doc
    assert "no client option" in doc
    assert attrs.fields(TransportSettings).prefetch.default == 4


def test_the_concepts_page_does_not_promise_another_window() -> None:
    text = " ".join(CONCEPTS.read_text(encoding="utf-8").split())
    assert "(four by default)" not in text
    assert "four at a time" in text
