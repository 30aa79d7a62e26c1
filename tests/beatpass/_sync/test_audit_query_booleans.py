# GENERATED from tests/beatpass/_async/test_audit_query_booleans.py by scripts/unasync.py: edit the async source.
"""A ``bool`` criterion of a BeatPass read goes into the query as ``1`` or ``0``.

BeatPass is a Laravel application. A query string carries only text, and Laravel's
``boolean`` rule takes ``1``, ``0``, ``"1"`` and ``"0"`` (and JSON's ``true``/``false``)
but refuses the text ``"true"`` and ``"false"``; PHP reads a plain ``"false"`` as
true. ``cover_art.matching_templates(explicit=False)`` went out as ``explicit=false``:
refused with a 422, or read as the opposite of what was asked.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from beatkit.beatpass import BeatPass
from beatkit.testing.beatpass import FakeBeatPass


@pytest.fixture
def fake() -> FakeBeatPass:
    return FakeBeatPass()


@pytest.fixture
def bp(fake: FakeBeatPass, monkeypatch: pytest.MonkeyPatch) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    http = httpx.Client(transport=fake.transport())
    with BeatPass(fake.token, base_url=fake.base_url, http_client=http) as client:
        yield client


def test_a_bool_criterion_is_sent_as_one_or_zero(
    fake: FakeBeatPass, bp: BeatPass
) -> None:
    bp.cover_art.matching_templates(genre="trap", square=True, explicit=False)
    (request,) = fake.requests
    params = request.url.params
    assert params["square"] == "1"
    assert params["explicit"] == "0"
    assert params["genre"] == "trap"


def test_other_criteria_are_sent_as_given(fake: FakeBeatPass, bp: BeatPass) -> None:
    bp.cover_art.matching_templates(size=3000, ratio=1.5, style="dark", tags=["a", 1])
    (request,) = fake.requests
    params = request.url.params
    assert (params["size"], params["ratio"], params["style"]) == ("3000", "1.5", "dark")
    assert params["tags"] == "a,1"
