"""``bt.sync.run`` checks whose feed it pulls before it pushes anything.

``run`` pushes the edits, then pulls ``user_id``'s feed. A malformed ``user_id``, or
none when the login answer named no user, used to be found only by the pull: the edits
were already applied, and the caller got a ``TypeError`` / ``ValueError`` /
``ConfigurationError`` its docstring promises "before anything is sent". Both facades.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech, PendingChange
from beatkit.errors import ConfigurationError
from beatkit.testing.beattech import FakeBeatTech
from tests.beattech.conftest import FakeBeat

WHEN = datetime(2026, 4, 1, 9, 0, 5, tzinfo=UTC)
BAD_USER_IDS: list[tuple[Any, type[Exception]]] = [
    ("", ValueError),
    ("   ", ValueError),
    (3.5, TypeError),
    (True, TypeError),
    (-1, ValueError),
]


def no_sleep(_: float) -> None:
    """The transport's sleep, skipped."""


def edits() -> list[PendingChange]:
    return [PendingChange.favourite("track", "10001", True, changed_at=WHEN)]


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with httpx.Client(transport=fake.transport()) as http:
        client = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                          base_url=fake.base_url, http_client=http)  # fmt: skip
        client._transport.settings = attrs.evolve(client._transport.settings, sleep=no_sleep)
        client.auth.login(fake.username, fake.password)
        yield client
        client.close()


def favourites(fake: FakeBeatTech) -> set[tuple[str, str]]:
    return set(fake.favourites.get(fake.user_id, set()))


@pytest.mark.parametrize(("user_id", "error"), BAD_USER_IDS)
def test_run_refuses_a_bad_user_id_before_pushing(
    fake: FakeBeatTech, bt: BeatTech, user_id: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="user_id"):
        bt.sync.run(edits(), base_change_id=0, user_id=user_id)
    assert favourites(fake) == set()  # nothing pushed
    assert fake.changes == []


@pytest.mark.parametrize(("user_id", "error"), BAD_USER_IDS)
def test_async_run_refuses_a_bad_user_id_before_pushing(
    fake: FakeBeatTech, user_id: Any, error: type[Exception]
) -> None:
    async def run() -> None:
        async with httpx.AsyncClient(transport=fake.transport()) as http:
            bt = AsyncBeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                               base_url=fake.base_url, http_client=http)  # fmt: skip
            await bt.auth.login(fake.username, fake.password)
            with pytest.raises(error, match="user_id"):
                await bt.sync.run(edits(), base_change_id=0, user_id=user_id)

    asyncio.run(run())
    assert favourites(fake) == set()
    assert fake.changes == []


def test_run_still_syncs_with_the_user_id_given(fake: FakeBeatTech, bt: BeatTech) -> None:
    result = bt.sync.run(edits(), base_change_id=0, user_id=int(fake.user_id))
    assert [answer.ok for answer in result.pushed] == [True]
    assert [change.entity_id for change in result.pulled] == ["10001"]


# -- a login whose answer named no user id ------------------------------------------------

NO_USER_ID = {
    "access_token": "user-without-id",
    "expires_in": 3600,
    "token_type": "Bearer",
    "refresh_token": "refresh-without-id",
}


def logged_in_without_user_id(beat: FakeBeat, http: Any) -> dict[str, Any]:
    beat.valid.add("user-without-id")
    beat.token_replies.append(httpx.Response(200, json=NO_USER_ID))
    beat.on("POST", "/v2/batch", httpx.Response(200, json={"responses": [
        {"status": 200, "body": {"track": {"id": "10001"}}, "headers": {"X-Change": 1}},
    ]}))  # fmt: skip
    return {"client_id": beat.client_id, "client_secret": beat.client_secret,
            "http_client": http}  # fmt: skip


def test_run_without_a_known_user_id_fails_before_pushing() -> None:
    beat = FakeBeat()
    with httpx.Client(transport=httpx.MockTransport(beat)) as http:
        bt = BeatTech(beat.tenant, **logged_in_without_user_id(beat, http))
        bt.auth.login(beat.username, beat.password)
        assert bt.auth.user_id is None
        with pytest.raises(ConfigurationError, match="user_id"):
            bt.sync.run(edits(), base_change_id=0)
    assert [r.url.path for r in beat.api] == []  # no batch sent


def test_async_run_without_a_known_user_id_fails_before_pushing() -> None:
    beat = FakeBeat()

    async def run() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(beat)) as http:
            bt = AsyncBeatTech(beat.tenant, **logged_in_without_user_id(beat, http))
            await bt.auth.login(beat.username, beat.password)
            assert bt.auth.user_id is None
            with pytest.raises(ConfigurationError, match="user_id"):
                await bt.sync.run(edits(), base_change_id=0)

    asyncio.run(run())
    assert [r.url.path for r in beat.api] == []
