# GENERATED from tests/beatport/_async/test_scheme_less_links.py by scripts/unasync.py: edit the async source.
"""Paging through Beatport lists whose next links have no scheme, as the real API sends them.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.testing.beatport import FakeBeatport


def make_client(fake: FakeBeatport, http: httpx.Client | None = None) -> Beatport:
    """A logged-in client on the fake's transport; pacing waits are recorded, not slept."""

    def no_sleep(seconds: float) -> None:
        return None

    client = Beatport(
        fake.client_id,
        token=fake.issue_token()["access_token"],
        base_url=fake.base_url,
        http_client=http or httpx.Client(transport=fake.transport()),
    )
    transport = client._transport
    transport.settings = attrs.evolve(transport.settings, sleep=no_sleep)
    return client


@pytest.fixture
def fake() -> FakeBeatport:
    fake = FakeBeatport()
    fake.scheme_less_links = True
    return fake


def test_the_fake_sends_links_without_a_scheme(fake: FakeBeatport) -> None:
    with httpx.Client(transport=fake.transport()) as http:
        response = http.get(
            f"{fake.base_url}/catalog/tracks/?page=2&per_page=100",
            headers={"Authorization": f"Bearer {fake.issue_token()['access_token']}"},
        )
    body = response.json()
    host_and_path = fake.base_url.split("://", 1)[1]
    assert body["next"] == f"{host_and_path}/catalog/tracks/?page=3&per_page=100"
    assert body["previous"] == f"{host_and_path}/catalog/tracks/?per_page=100"


def test_list_walks_every_page(fake: FakeBeatport) -> None:
    # Regression: the scheme-less link was joined as a relative path
    # (/v4/catalog/tracks/api.beatport.com/v4/catalog/tracks/?page=2): a 404 after page 1.
    with make_client(fake) as client:
        tracks = [t.id for t in client.tracks.list(per_page=100)]
    assert len(tracks) == len(fake.tracks)
    assert len(set(tracks)) == len(tracks)
    assert [r.url.path for r in fake.requests] == ["/v4/catalog/tracks/"] * 4
    assert [r.url.params.get("page") for r in fake.requests] == [None, "2", "3", "4"]


def with_search_links(fake: FakeBeatport) -> Callable[[httpx.Request], httpx.Response]:
    """The fake, with the top-level scheme-less ``next`` the real search answer carries."""

    def handle(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        if not request.url.path.endswith("/catalog/search/") or response.status_code != 200:
            return response
        body = response.json()
        page = int(request.url.params.get("page", "1"))
        full = len(body["tracks"]["data"]) == int(request.url.params["per_page"])
        following = request.url.copy_set_param("page", page + 1)
        body["next"] = str(following).split("://", 1)[1] if full else None
        return httpx.Response(200, json=body)

    return handle


def test_search_follows_scheme_less_links(fake: FakeBeatport) -> None:
    with make_client(fake) as client:
        whole = client.search("dub", per_page=100)
    http = httpx.Client(transport=httpx.MockTransport(with_search_links(fake)))
    with make_client(fake, http) as client:
        walked = [t.id for t in client.tracks.search("dub", per_page=20)]
    assert walked == [t.id for t in whole.tracks]
    assert len(walked) > 20
    searches = [r.url for r in fake.requests if r.url.path == "/v4/catalog/search/"]
    assert [u.params.get("page") for u in searches[1:]] == [
        None,
        *[str(n) for n in range(2, len(searches))],
    ]
