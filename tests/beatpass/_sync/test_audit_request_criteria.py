# GENERATED from tests/beatpass/_async/test_audit_request_criteria.py by scripts/unasync.py: edit the async source.
"""The free-form criteria of ``cover_art.matching_templates`` that Laravel cannot read as
sent are refused before anything is sent.

A list criterion goes into the query comma-separated, and Laravel's middleware turns an
empty query value into ``null`` (``ConvertEmptyStringsToNull``, after ``TrimStrings``):

* ``tags=[]`` went out as ``tags=``: read as no criterion at all, every template
  matched, the opposite of what an empty list asks (``search(types=[])`` is refused
  for the same reason);
* ``style=""`` (or blank text) went out as ``style=``: no criterion either, where the
  named ``genre=""`` and ``mood=""`` are refused as blank;
* ``tags=["hip,hop"]`` went out as ``tags=hip,hop``: one value read as two.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit.beatpass import BeatPass


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def client(
    sent: list[httpx.Request], monkeypatch: pytest.MonkeyPatch
) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"status": "success", "templates": []})

    transport = httpx.MockTransport(handler)
    with BeatPass("tok", http_client=httpx.Client(transport=transport)) as bp:
        yield bp


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "tags must not be empty (leave it out to match any)"),
        ((), "tags must not be empty (leave it out to match any)"),
        ("", "tags must not be blank (leave it out to match any)"),
        ("  ", "tags must not be blank (leave it out to match any)"),
        (["dark", ""], "tags[1] must not be blank"),
        (["dark", " "], "tags[1] must not be blank"),
        (["hip,hop"], "tags[0] holds a comma, which the API would read as two values"),
        (["a", "b,"], "tags[1] holds a comma, which the API would read as two values"),
    ],
)
def test_a_criterion_the_api_would_misread_is_refused(
    client: BeatPass, sent: list[httpx.Request], value: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=r"^tags") as info:
        client.cover_art.matching_templates(tags=value)
    assert str(info.value) == message
    assert sent == []


def test_criteria_that_read_back_as_given_are_still_sent(
    client: BeatPass, sent: list[httpx.Request]
) -> None:
    client.cover_art.matching_templates(
        tags=["hip hop", "dark"], style="a, b", size=0, dark=False, skip=None
    )
    (request,) = sent
    # A comma inside a plain text value is the caller's own: sent as it is.
    assert request.url.params.multi_items() == [
        ("tags", "hip hop,dark"),
        ("style", "a, b"),
        ("size", "0"),
        ("dark", "0"),
    ]
