"""``bt.sync.run`` pushes the logged-in user's edits (a batch writes with the token's
user), then pulls ``user_id``'s feed. Another user's id is refused by the server (the
page: the Changes API takes that user's own token only), but ``run`` found out only at
the pull, after the push had applied the edits: the caller got a
``PermissionDeniedError`` with the edits applied and no new base, and a retry made
every created bookmark, rating or shelf twice. ``run`` now refuses a ``user_id`` that
is not the logged-in user's before anything is sent. Both facades."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech, PendingChange
from beatkit.testing.beattech import FakeBeatTech

WHEN = datetime(2026, 4, 1, 9, 0, 5, tzinfo=UTC)


def no_sleep(_: float) -> None:
    """The transport's sleep, skipped."""


def edits() -> list[PendingChange]:
    return [
        PendingChange.favourite("track", "10001", True, changed_at=WHEN),
        PendingChange.create_rating("track", "10001", 4, changed_at=WHEN),
    ]


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


@pytest.fixture
def other(fake: FakeBeatTech) -> str:
    return fake.add_user("someone-else").id


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with httpx.Client(transport=fake.transport()) as http:
        client = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                          base_url=fake.base_url, http_client=http)  # fmt: skip
        client._transport.settings = attrs.evolve(client._transport.settings, sleep=no_sleep)
        client.auth.login(fake.username, fake.password)
        yield client
        client.close()


def nothing_applied(fake: FakeBeatTech) -> None:
    assert fake.favourites.get(fake.user_id, set()) == set()
    assert fake.changes == []


@pytest.mark.parametrize("base", [0, None])
def test_run_refuses_another_users_id_before_pushing(
    fake: FakeBeatTech, bt: BeatTech, other: str, base: int | None
) -> None:
    with pytest.raises(ValueError, match="user_id"):
        bt.sync.run(edits(), base_change_id=base, user_id=other)
    nothing_applied(fake)
    # The same edits then sync once, for the user whose token pushes them.
    result = bt.sync.run(edits(), base_change_id=0, user_id=fake.user_id)
    assert [answer.ok for answer in result.pushed] == [True, True]
    assert len(fake.changes) == 2


@pytest.mark.parametrize("base", [0, None])
def test_async_run_refuses_another_users_id_before_pushing(
    fake: FakeBeatTech, other: str, base: int | None
) -> None:
    async def run() -> None:
        async with httpx.AsyncClient(transport=fake.transport()) as http:
            bt = AsyncBeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                               base_url=fake.base_url, http_client=http)  # fmt: skip
            await bt.auth.login(fake.username, fake.password)
            with pytest.raises(ValueError, match="user_id"):
                await bt.sync.run(edits(), base_change_id=base, user_id=other)
            nothing_applied(fake)
            result = await bt.sync.run(edits(), base_change_id=0, user_id=int(fake.user_id))
            assert [answer.ok for answer in result.pushed] == [True, True]

    asyncio.run(run())
