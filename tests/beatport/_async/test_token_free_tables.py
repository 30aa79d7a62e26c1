"""Beatport's auxiliary and curation tables need no token, on the public host too.

The operations list gives ``auth: none`` for ``/auxiliary/*`` and ``/curation/*``
(``catalog`` reads are ``bearer (public) / none (internal)``), and the fake answers them
without a token. A public-host client that holds no token sends them unsigned; one that
holds a token still sends it. Everything else keeps needing the token.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from beatkit import ConfigurationError
from beatkit.beatport import AsyncBeatport
from beatkit.testing.beatport import FakeBeatport


def make_client(fake: FakeBeatport, token: str | None = None) -> AsyncBeatport:
    """A public-host client on the fake's transport, unpaced, with ``token`` if given."""
    return AsyncBeatport(
        fake.client_id,
        token=token,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
        requests_per_second=None,
        strict=True,
    )


async def read_every_table(client: AsyncBeatport) -> list[Any]:
    """One call of each ``/auxiliary/*`` and ``/curation/*`` operation."""
    aux, curation = client.auxiliary, client.curation
    return [
        await aux.current_status(10),
        await aux.sale_type(1),
        await aux.exclusive_period(1),
        await aux.item_types().to_list(),
        await aux.page_module_types().to_list(),
        await aux.page_types().to_list(),
        await aux.source_types().to_list(),
        await curation.pages().to_list(),
        await curation.page_module_styles().to_list(),
    ]


async def test_tables_are_read_without_a_token_on_the_public_host() -> None:
    fake = FakeBeatport()
    client = make_client(fake)
    assert client.auth.token is None
    found = await read_every_table(client)
    assert all(found)
    paths = {r.url.path.split("/")[2] for r in fake.requests}
    assert paths == {"auxiliary", "curation"}
    assert [r for r in fake.requests if "authorization" in r.headers] == []


async def test_a_token_held_is_still_sent_to_the_tables() -> None:
    fake = FakeBeatport()
    token = fake.issue_token()["access_token"]
    client = make_client(fake, token)
    await read_every_table(client)
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
async def test_everything_else_still_needs_the_token(
    call: Callable[[AsyncBeatport], Awaitable[Any]],
) -> None:
    fake = FakeBeatport()
    client = make_client(fake)
    with pytest.raises(ConfigurationError, match="no token"):
        await call(client)
    assert fake.requests == []
