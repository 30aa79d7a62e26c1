# GENERATED from tests/beatport/_async/test_token_free_tables.py by scripts/unasync.py: edit the async source.
"""Beatport's auxiliary and curation tables need no token, on the public host too.

The operations list gives ``auth: none`` for ``/auxiliary/*`` and ``/curation/*``
(``catalog`` reads are ``bearer (public) / none (internal)``), and the fake answers them
without a token. A public-host client that holds no token sends them unsigned; one that
holds a token still sends it. Everything else keeps needing the token.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from beatkit import ConfigurationError
from beatkit.beatport import Beatport
from beatkit.testing.beatport import FakeBeatport


def make_client(fake: FakeBeatport, token: str | None = None) -> Beatport:
    """A public-host client on the fake's transport, unpaced, with ``token`` if given."""
    return Beatport(
        fake.client_id,
        token=token,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        requests_per_second=None,
        strict=True,
    )


def read_every_table(client: Beatport) -> list[Any]:
    """One call of each ``/auxiliary/*`` and ``/curation/*`` operation."""
    aux, curation = client.auxiliary, client.curation
    return [
        aux.current_status(10),
        aux.sale_type(1),
        aux.exclusive_period(1),
        aux.item_types().to_list(),
        aux.page_module_types().to_list(),
        aux.page_types().to_list(),
        aux.source_types().to_list(),
        curation.pages().to_list(),
        curation.page_module_styles().to_list(),
    ]


def test_tables_are_read_without_a_token_on_the_public_host() -> None:
    fake = FakeBeatport()
    client = make_client(fake)
    assert client.auth.token is None
    found = read_every_table(client)
    assert all(found)
    paths = {r.url.path.split("/")[2] for r in fake.requests}
    assert paths == {"auxiliary", "curation"}
    assert [r for r in fake.requests if "authorization" in r.headers] == []


def test_a_token_held_is_still_sent_to_the_tables() -> None:
    fake = FakeBeatport()
    token = fake.issue_token()["access_token"]
    client = make_client(fake, token)
    read_every_table(client)
    assert fake.requests
    assert all(r.headers.get("authorization") == f"Bearer {token}" for r in fake.requests)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.tracks.get(8291700),
        lambda c: c.genres.list().to_list(),
        lambda c: c.tracks.top(6).to_list(),
        lambda c: c.my.account(),
        lambda c: c.auth.introspect(),
    ],
)
def test_everything_else_still_needs_the_token(
    call: Callable[[Beatport], Any],
) -> None:
    fake = FakeBeatport()
    client = make_client(fake)
    with pytest.raises(ConfigurationError, match="no token"):
        call(client)
    assert fake.requests == []
