# GENERATED from tests/core/_async/test_pager_hostile_links.py by scripts/unasync.py: edit the async source.
"""Next-page links that differ only in what is never sent: a fragment, a userinfo.

``page=2#a`` and ``page=2#b`` ask the server for one page, as do ``u1@api.test/...`` and
``u2@api.test/...`` (the fragment stays with the client, the userinfo is no part of
the request target). A server whose links change only there answers the same page
for ever: the walk must see it as the circle it is, not yield the page again and again.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core._sync.pagers import Pager
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.pagination import NextLinkPaging, PageData
from beatkit._core.settings import build_settings
from beatkit.errors import ResponseDecodeError

BASE = "https://api.test/v2"
SPEC = ServiceSpec(name="testsvc")


def _page(body: Any) -> PageData:
    return PageData(items=body["items"], next_url=body["next"])


def _list() -> Operation[Any]:
    return Operation(
        name="beats.list",
        method="GET",
        path="/beats",
        result=Any,
        unwrap=lambda raw: raw,
        paging=NextLinkPaging(extract=_page),
    )


def _client(
    handler: Callable[[httpx.Request], httpx.Response], clients: list[httpx.Client]
) -> APIClient:
    settings = build_settings(
        SPEC, base_url=BASE, auth=None, max_retries=0, requests_per_second=None
    )
    http = httpx.Client(transport=httpx.MockTransport(handler))
    clients.append(http)
    return APIClient(settings, http)


# Each link names page 2, told apart from the one before by a part no server sees.
LINKS = {
    "fragment": lambda n: f"{BASE}/beats?page=2#f{n}",
    "empty fragment then one": lambda n: f"{BASE}/beats?page=2" + ("#" if n % 2 else "#x"),
    "userinfo": lambda n: f"https://u{n}:p@api.test/v2/beats?page=2",
    "relative with fragment": lambda n: f"/v2/beats?page=2#f{n}",
}


@pytest.mark.parametrize("name", list(LINKS))
def test_links_to_one_page_told_apart_by_parts_never_sent_are_a_circle(
    http_clients: list[httpx.Client], name: str
) -> None:
    link = LINKS[name]
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if len(sent) > 20:  # the bound of this test, not of the pager
            return httpx.Response(500)
        return httpx.Response(200, json={"items": [len(sent)], "next": link(len(sent))})

    pager = Pager(_client(handler, http_clients)._transport, _list())
    with pytest.raises(ResponseDecodeError, match="page itself"):
        pager.to_list()
    # The first page, page 2 once; page 2 asked for again is refused, not yielded.
    assert len(sent) <= 3
    assert {str(r.url) for r in sent[1:]} == {f"{BASE}/beats?page=2"}


def test_a_next_link_with_userinfo_sends_no_credentials_of_its_own(
    http_clients: list[httpx.Client],
) -> None:
    # Without the client's own auth, httpx turns a URL's userinfo into Basic credentials:
    # a link's "user:password@" would be sent on, credentials the caller never gave.
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        page = int(request.url.params.get("page", "1"))
        nxt = f"https://someone:pw@api.test/v2/beats?page={page + 1}" if page < 3 else None
        return httpx.Response(200, json={"items": [page], "next": nxt})

    pager = Pager(_client(handler, http_clients)._transport, _list())
    assert pager.to_list() == [1, 2, 3]
    assert [str(r.url) for r in sent[1:]] == [f"{BASE}/beats?page=2", f"{BASE}/beats?page=3"]
    assert all("authorization" not in r.headers for r in sent)


def test_the_base_urls_userinfo_goes_with_every_page(
    http_clients: list[httpx.Client],
) -> None:
    # A gateway's "user:password@" in the base URL is the caller's: page 2, named by an
    # absolute link without it, is asked for as page 1 was.
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        page = int(request.url.params.get("page", "1"))
        nxt = f"{BASE}/beats?page={page + 1}" if page < 2 else None
        return httpx.Response(200, json={"items": [page], "next": nxt})

    settings = build_settings(SPEC, base_url="https://gw:pw@api.test/v2", auth=None, max_retries=0)
    http = httpx.Client(transport=httpx.MockTransport(handler))
    http_clients.append(http)
    pager = Pager(APIClient(settings, http)._transport, _list())
    assert pager.to_list() == [1, 2]
    assert [r.headers.get("authorization") for r in sent] == [sent[0].headers["authorization"]] * 2
