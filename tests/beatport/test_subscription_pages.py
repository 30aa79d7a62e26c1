"""``/my/subscriptions`` read as a page reads ``next`` as every Beatport list does: an
empty link is no next page (the lists' reading), a link is more pages (refused: one
call cannot hold them), and anything else is no link at all."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.beatport import Beatport, Subscription
from beatkit.errors import ResponseDecodeError

SUB = {"id": 3, "name": "Streaming Professional", "is_active": True}


def _client(body: Any) -> Beatport:
    http = httpx.Client(transport=httpx.MockTransport(lambda _: httpx.Response(200, json=body)))
    return Beatport("client-id", token="token", http_client=http, requests_per_second=None)


def test_an_empty_next_link_is_the_last_page_as_for_every_list() -> None:
    page = {"results": [SUB], "next": "", "previous": None, "count": 1}
    with _client(page) as bp:
        assert bp.my.subscriptions() == [
            Subscription(id=3, name="Streaming Professional", is_active=True)
        ]
    with _client({**page, "results": [{"id": 1, "name": "One"}]}) as bp:
        assert [track.id for track in bp.my.tracks()] == [1]


@pytest.mark.parametrize(
    ("link", "said"),
    [
        ("https://api.beatport.com/v4/my/subscriptions?page=2", "more than one page"),
        (0, "next must be a URL or null"),
        (True, "next must be a URL or null"),
    ],
)
def test_a_next_link_or_a_non_link_is_refused(link: object, said: str) -> None:
    with (
        _client({"results": [SUB], "next": link}) as bp,
        pytest.raises(ResponseDecodeError, match=said),
    ):
        bp.my.subscriptions()


def test_a_page_numbered_below_the_last_is_refused() -> None:
    with (
        _client({"results": [SUB], "page": "1/2"}) as bp,
        pytest.raises(ResponseDecodeError, match="more than one page"),
    ):
        bp.my.subscriptions()
    with _client({"results": [SUB], "page": "2/2"}) as bp:
        assert [sub.id for sub in bp.my.subscriptions()] == [3]
